import { isRouteErrorResponse, useMatches } from '@remix-run/react';
import { useContext } from 'react';
import { UNSAFE_DataRouterStateContext } from 'react-router-dom';
import { useFormsShowErrors } from '#app/components/form/title-errors';
import { useT, type Translator } from '#app/i18n/index';

/**
 * Route modules name their page in `handle.title`. The document title is built here, in the root
 * layout, because only here can it see a form's errors on the server render too (Remix v2's `meta`
 * gets no action data): "Fout: <page> – IPCEI-voortgangsportaal" after a failed submit, with or
 * without JavaScript. (The router's state context is the supported-but-UNSAFE way to read the
 * action data of any route; react-router-dom is pinned to the version Remix 2.17.5 uses.)
 */
export interface PageHandle<Data = unknown> {
  title: (tr: Translator, data: Data | undefined) => string;
}

function hasFieldErrors(actionData: unknown): boolean {
  if (!actionData || typeof actionData !== 'object' || !('errors' in actionData)) return false;
  const errors = (actionData as { errors: unknown }).errors;
  return Boolean(errors && typeof errors === 'object' && Object.keys(errors).length > 0);
}

function errorTitleKey(error: unknown) {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status === 404) return 'error.notFound.title' as const;
  if (status === 403) return 'error.forbidden.title' as const;
  if (status === 503) return 'error.unavailable.title' as const;
  return 'error.server.title' as const;
}

/** The page title of the deepest route with `handle.title` (every page has one). */
export function useDocumentTitle(): string | null {
  const translator = useT();
  const matches = useMatches();
  const state = useContext(UNSAFE_DataRouterStateContext);
  // After hydration the validated forms report their own state (browser checks included); before
  // it, and without JavaScript, the action data decides.
  const reported = useFormsShowErrors();
  const suffix = ` – ${translator.t('app.name')}`;
  const routeError = state?.errors ? Object.values(state.errors)[0] : undefined;
  if (routeError !== undefined) return `${translator.t(errorTitleKey(routeError))}${suffix}`;
  const leaf = [...matches].reverse().find((m) => (m.handle as Partial<PageHandle> | undefined)?.title);
  if (!leaf) return null;
  const title = (leaf.handle as PageHandle).title(translator, leaf.data);
  const failed = reported ?? Object.values(state?.actionData ?? {}).some(hasFieldErrors);
  return `${failed ? translator.t('errors.titlePrefix') : ''}${title}${suffix}`;
}

export function DocumentTitle() {
  const title = useDocumentTitle();
  return title === null ? null : <title>{title}</title>;
}
