import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import QRCode from 'qrcode';
import { z } from 'zod';
import { OneTimeCodeField } from '#app/components/admin/auth-fields';
import { mfaCode } from '#app/components/admin/schema';
import { SubmitButton } from '#app/components/admin/shared';
import type { PageHandle } from '#app/components/document-title';
import { parseForm, useValidatedForm, ValidatedForm, type FieldErrors } from '#app/components/form/index';
import { useT } from '#app/i18n/index';
import {
  disableMfa,
  enableMfa,
  getMfaUser,
  mfaRequired,
  recoveryCodesCookie,
  regenerateRecoveryCodes,
  startMfaSetup,
  takeRecoveryCodes,
  unusedRecoveryCodeCount,
} from '#app/models/auth.server';
import type { AuditActor } from '#app/models/audit.server';
import { getDb } from '#db/client';
import { requirePermission, type Principal } from '#app/utils/permissions.server';
import { clientIp, requestId } from '#app/utils/request.server';
import { loadPendingSession, readSessionToken, sessionCookie, type SessionRow } from '#app/utils/session.server';
import { totpUri } from '#app/utils/totp.server';
import { formatDate } from '#app/rules/dates';
import { safeRedirect } from '#app/rules/redirects';

/**
 * /account/tweestaps: set up, renew or (partners only) turn off multi-factor sign-in. Also reachable
 * in the middle of sign-in by a staff member whose password was right but who has no MFA yet (MFA is
 * mandatory for staff): that pending session may do nothing else.
 */
async function whoIsHere(request: Request, principal: Principal | null): Promise<{ userId: string; email: string; pending: SessionRow | null } | null> {
  if (principal) return { userId: principal.user.id, email: principal.user.email, pending: null };
  const pending = await loadPendingSession(request);
  if (!pending) return null;
  const user = await getMfaUser(getDb(), pending.userId);
  if (!user || user.mfaEnabledAt) return null;
  return { userId: user.id, email: user.email, pending };
}

function signInFirst(request: Request): never {
  throw redirect(`/inloggen?${new URLSearchParams({ redirectTo: new URL(request.url).pathname })}`);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const who = await whoIsHere(request, await requirePermission(request, 'public'));
  if (!who) signInFirst(request);
  const db = getDb();
  const user = await getMfaUser(db, who.userId);
  if (!user) signInFirst(request);
  const required = await mfaRequired(db, user.id);
  if (user.mfaEnabledAt) {
    // Just enabled: the new recovery codes, shown this once (see `recoveryCodesCookie`).
    const fresh = await takeRecoveryCodes(db, request, readSessionToken(request), user.id);
    const page = {
      state: 'enabled' as const,
      required,
      since: user.mfaEnabledAt.toISOString(),
      recoveryLeft: await unusedRecoveryCodeCount(db, user.id),
      pending: false,
      ...(fresh.codes ? { recoveryCodes: fresh.codes } : {}),
    };
    return fresh.clear ? data(page, { headers: { 'Set-Cookie': fresh.clear } }) : page;
  }
  if (user.totpSecret) {
    const uri = totpUri(user.totpSecret, user.email);
    const qr = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
    return { state: 'started' as const, required, secret: user.totpSecret.replace(/(.{4})/g, '$1 ').trim(), qr, pending: who.pending !== null };
  }
  return { state: 'notStarted' as const, required, pending: who.pending !== null };
}

/** The code forms of this page (the browser checks the code; the intent is a hidden field). */
const CodeSchema = z.object({ code: mfaCode });
const Schema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('start') }),
    z.object({ intent: z.literal('enable'), code: mfaCode }),
    z.object({ intent: z.literal('regenerate'), code: mfaCode }),
    z.object({ intent: z.literal('disable'), code: mfaCode }),
  ],
  { errorMap: () => ({ message: 'errors.admin.unknownAction' }) },
);

type ActionResult = { errors?: FieldErrors; intent?: string; recoveryCodes?: string[]; done?: 'enabled' | 'regenerated' | 'disabled' };

export async function action({ request }: ActionFunctionArgs) {
  const who = await whoIsHere(request, await requirePermission(request, 'public'));
  if (!who) signInFirst(request);
  const formData = await request.formData();
  const intent = String(formData.get('intent') ?? '');
  const parsed = await parseForm(formData, Schema);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, intent }, { status: 400 });
  const actor: AuditActor = { userId: who.userId, email: who.email, ipAddress: clientIp(request), requestId: requestId(request) };
  const wrong: FieldErrors = { code: 'errors.security.mfa.code.wrong' };
  switch (parsed.data.intent) {
    case 'start':
      await startMfaSetup(actor, who.userId);
      return redirect(`${new URL(request.url).pathname}${new URL(request.url).search}`);
    case 'enable': {
      const pending = who.pending ? { session: who.pending, meta: { ipAddress: actor.ipAddress!, userAgent: request.headers.get('user-agent') } } : null;
      const result = await enableMfa(actor, who.userId, parsed.data.code, pending);
      if (result.kind === 'wrongCode') return data<ActionResult>({ errors: wrong, intent }, { status: 400 });
      if (result.kind === 'notStarted') return data<ActionResult>({ errors: { code: 'errors.security.mfa.code.required' }, intent }, { status: 409 });
      // Post/Redirect/Get: the codes are shown by the page's next view, with the session it will
      // have then (during sign-in a new one) — a plain form post included, without JavaScript.
      const token = result.token ?? readSessionToken(request);
      if (!token) return data<ActionResult>({ done: 'enabled', recoveryCodes: result.recoveryCodes });
      const headers = new Headers();
      if (result.token) headers.append('Set-Cookie', sessionCookie(result.token));
      headers.append('Set-Cookie', await recoveryCodesCookie(token, result.recoveryCodes));
      return redirect(`${new URL(request.url).pathname}${new URL(request.url).search}`, { headers });
    }
    case 'regenerate': {
      if (who.pending) signInFirst(request);
      const result = await regenerateRecoveryCodes(actor, who.userId, parsed.data.code);
      if (result.kind === 'throttled') return throttled(intent, result.retryAfterSeconds);
      if (result.kind === 'wrongCode') return data<ActionResult>({ errors: wrong, intent }, { status: 400 });
      return data<ActionResult>({ done: 'regenerated', recoveryCodes: result.recoveryCodes });
    }
    case 'disable': {
      if (who.pending) signInFirst(request);
      const result = await disableMfa(actor, who.userId, parsed.data.code);
      if (result.kind === 'required') return data<ActionResult>({ errors: wrong, intent }, { status: 403 });
      if (result.kind === 'throttled') return throttled(intent, result.retryAfterSeconds);
      if (result.kind === 'wrongCode') return data<ActionResult>({ errors: wrong, intent }, { status: 400 });
      return data<ActionResult>({ done: 'disabled' });
    }
  }
}

/** Too many wrong codes for this account (the sign-in limiter): 429 until the window frees. */
function throttled(intent: string, retryAfterSeconds: number) {
  return data<ActionResult>({ errors: { code: 'errors.security.mfa.code.throttled' }, intent }, { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } });
}

export const handle: PageHandle = { title: (tr) => tr.t('security.mfaSetup.title') };

export default function MfaSetup() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const { t, locale } = useT();
  const continueTo = safeRedirect(params.get('redirectTo'), '/');
  const justEnabled = loaderData.state === 'enabled' ? loaderData.recoveryCodes : undefined;
  const recoveryCodes = actionData?.recoveryCodes ?? justEnabled;

  if (recoveryCodes) {
    return (
      <>
        <h1>{t('security.mfaSetup.title')}</h1>
        {actionData?.done === 'enabled' || (!actionData?.recoveryCodes && justEnabled) ? (
          <p className="notice" role="status">
            {t('security.mfaSetup.done')}
          </p>
        ) : null}
        <h2>{t('security.mfaSetup.codesTitle')}</h2>
        <p>{t('security.mfaSetup.codesIntro')}</p>
        <ul className="recovery-codes">
          {recoveryCodes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <p>
          <Link className="button" to={continueTo}>
            {t('security.mfaSetup.continue')}
          </Link>
        </p>
      </>
    );
  }

  return (
    <>
      <h1>{t('security.mfaSetup.title')}</h1>
      {actionData?.done === 'disabled' ? (
        <p className="notice" role="status">
          {t('security.mfaSetup.disabled')}
        </p>
      ) : null}
      {loaderData.state === 'enabled' ? (
        <>
          <p>{t('security.mfaSetup.enabled', { date: formatDate(loaderData.since, locale) })}</p>
          <p>{t('security.mfaSetup.recoveryLeft', { count: loaderData.recoveryLeft })}</p>
          <CodeForm intent="regenerate" title={t('security.mfaSetup.newCodes')} intro={t('security.mfaSetup.newCodesIntro')} actionData={actionData} />
          {loaderData.required ? (
            <p>{t('security.mfaSetup.mandatory')}</p>
          ) : (
            <CodeForm intent="disable" title={t('security.mfaSetup.disable')} intro={t('security.mfaSetup.disableIntro')} actionData={actionData} />
          )}
        </>
      ) : (
        <>
          <p className="lead">{loaderData.required ? t('security.mfaSetup.requiredIntro') : t('security.mfaSetup.optionalIntro')}</p>
          {loaderData.state === 'started' ? (
            <>
              <p>{t('security.mfaSetup.step1')}</p>
              <img src={loaderData.qr} alt={t('security.mfaSetup.qrAlt')} width={240} height={240} className="mfa-qr" />
              <p>
                {t('security.mfaSetup.manual')} <code className="mfa-secret">{loaderData.secret}</code>
              </p>
              <CodeForm intent="enable" title={t('security.mfaSetup.step2')} actionData={actionData} submit={t('security.mfaSetup.confirm')} />
            </>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="start" />
              <SubmitButton>{t('security.mfaSetup.start')}</SubmitButton>
            </Form>
          )}
        </>
      )}
    </>
  );
}

function CodeForm({ intent, title, intro, submit, actionData }: { intent: string; title: string; intro?: string; submit?: string; actionData?: ActionResult }) {
  const formId = `mfa-${intent}`;
  const state = useValidatedForm(CodeSchema, { serverErrors: actionData?.intent === intent ? actionData.errors : undefined });
  return (
    <section aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`}>{title}</h2>
      {intro ? <p>{intro}</p> : null}
      <ValidatedForm id={formId} state={state} className="form">
        <input type="hidden" name="intent" value={intent} />
        <OneTimeCodeField formId={formId} error={state.errors.code} {...state.form.register('code')} />
        <SubmitButton variant={intent === 'disable' ? 'secondary' : undefined}>{submit ?? title}</SubmitButton>
      </ValidatedForm>
    </section>
  );
}
