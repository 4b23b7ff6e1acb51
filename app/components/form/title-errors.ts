import { useEffect, useId, useSyncExternalStore } from 'react';

/**
 * Which forms on the page show errors now. The root layout's <title> (app/components/document-title.tsx,
 * the only writer of the title) reads it: after hydration the forms' own state decides; before it
 * (and without JavaScript) the action data does.
 */
const formsWithErrors = new Map<string, boolean>();
const listeners = new Set<() => void>();
let snapshot: boolean | null = null;

function publish() {
  snapshot = formsWithErrors.size === 0 ? null : [...formsWithErrors.values()].some(Boolean);
  for (const listener of listeners) listener();
}

/** Each validated form reports whether it shows errors. */
export function useReportFormErrors(hasErrors: boolean) {
  const id = useId();
  useEffect(() => {
    formsWithErrors.set(id, hasErrors);
    publish();
  }, [id, hasErrors]);
  useEffect(
    () => () => {
      formsWithErrors.delete(id);
      publish();
    },
    [id],
  );
}

/** true / false when forms on the page report errors, null when none reports (server render, no JavaScript). */
export function useFormsShowErrors(): boolean | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => snapshot,
    () => null,
  );
}
