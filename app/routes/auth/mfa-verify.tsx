import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { OneTimeCodeField } from '#app/components/admin/auth-fields';
import { hiddenText, mfaCode } from '#app/components/admin/schema';
import { SubmitButton } from '#app/components/admin/shared';
import type { PageHandle } from '#app/components/document-title';
import { parseForm, TextField, useValidatedForm, ValidatedForm, type FieldErrors } from '#app/components/form/index';
import { requiredText } from '#app/components/form/schema';
import { useT } from '#app/i18n/index';
import { getMfaUser, verifyMfa } from '#app/models/auth.server';
import { getDb } from '#db/client';
import { getConfig } from '#app/utils/config.server';
import { requirePermission } from '#app/utils/permissions.server';
import { clientIp, requestId } from '#app/utils/request.server';
import { loadPendingSession, sessionCookie } from '#app/utils/session.server';
import { totpCode } from '#app/utils/totp.server';
import { safeRedirect } from '#app/rules/redirects';

/** The second sign-in step: only reachable with a session that passed the password step. */
export async function loader({ request }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, 'public');
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get('redirectTo'));
  if (principal) throw redirect(redirectTo);
  const pending = await loadPendingSession(request);
  if (!pending) throw redirect(`/inloggen?${new URLSearchParams({ redirectTo })}`);
  const user = await getMfaUser(getDb(), pending.userId);
  if (!user?.mfaEnabledAt) throw redirect(`/account/tweestaps?${new URLSearchParams({ redirectTo })}`);
  // Demo accounts publish their secret; showing the code saves people an authenticator app.
  const demoCode = !getConfig().isProduction && user.isDemo && user.totpSecret ? totpCode(user.totpSecret) : null;
  return { demoCode };
}

const intent = <const T extends string>(value: T) => z.literal(value, { errorMap: () => ({ message: 'errors.admin.unknownAction' }) });
export const CodeSchema = z.object({ intent: intent('code'), code: mfaCode, redirectTo: hiddenText });
export const RecoverySchema = z.object({
  intent: intent('recovery'),
  recoveryCode: requiredText(40, 'errors.security.mfa.recoveryCode.required', 'errors.security.mfa.recoveryCode.wrong'),
  redirectTo: hiddenText,
});
const Schema = z.discriminatedUnion('intent', [CodeSchema, RecoverySchema], { errorMap: () => ({ message: 'errors.admin.unknownAction' }) });

export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'public');
  const formData = await request.formData();
  const redirectTo = safeRedirect(formData.get('redirectTo'));
  if (principal) throw redirect(redirectTo);
  const pending = await loadPendingSession(request);
  if (!pending) throw redirect(`/inloggen?${new URLSearchParams({ redirectTo, verlopen: '1' })}`);
  const parsed = await parseForm(formData, Schema);
  if (!parsed.ok) {
    const errors = formData.get('intent') === 'recovery' ? { recoveryCode: parsed.errors.recoveryCode ?? 'errors.security.mfa.recoveryCode.required' } : parsed.errors;
    return data({ errors: errors as FieldErrors }, { status: 400 });
  }
  const input = parsed.data.intent === 'code' ? { code: parsed.data.code } : { recoveryCode: parsed.data.recoveryCode };
  const result = await verifyMfa(pending, input, {
    ipAddress: clientIp(request),
    userAgent: request.headers.get('user-agent'),
    requestId: requestId(request),
  });
  const field = parsed.data.intent === 'code' ? 'code' : 'recoveryCode';
  if (result.kind === 'throttled') {
    const errors: FieldErrors = { [field]: 'errors.security.signIn.throttled' };
    return data({ errors }, { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } });
  }
  if (result.kind === 'failed') {
    const errors: FieldErrors = { [field]: field === 'code' ? 'errors.security.mfa.code.wrong' : 'errors.security.mfa.recoveryCode.wrong' };
    return data({ errors }, { status: 401 });
  }
  return redirect(redirectTo, { headers: { 'Set-Cookie': sessionCookie(result.token) } });
}

export const handle: PageHandle = { title: (tr) => tr.t('security.mfa.title') };

const FORM_ID = 'mfa';

export default function MfaVerify() {
  const { demoCode } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const recovery = params.get('herstel') === '1';
  const { t } = useT();
  const keep = new URLSearchParams({ redirectTo: params.get('redirectTo') ?? '' });
  return (
    <>
      <h1>{recovery ? t('security.mfa.recoveryTitle') : t('security.mfa.title')}</h1>
      <StepForm key={String(recovery)} recovery={recovery} serverErrors={actionData?.errors} demoCode={demoCode} />
      <p>
        {recovery ? (
          <Link to={`/inloggen/code?${keep}`}>{t('security.mfa.useCode')}</Link>
        ) : (
          <Link to={`/inloggen/code?${keep}&herstel=1`}>{t('security.mfa.useRecovery')}</Link>
        )}
      </p>
    </>
  );
}

/** The one form of this page: a code from the app, or (`?herstel=1`) a recovery code. */
function StepForm({ recovery, serverErrors, demoCode }: { recovery: boolean; serverErrors?: FieldErrors; demoCode: string | null }) {
  const { t } = useT();
  const [params] = useSearchParams();
  const intent = recovery ? 'recovery' : 'code';
  const state = useValidatedForm(recovery ? RecoverySchema : CodeSchema, { serverErrors, defaultValues: { intent } });
  const { form, errors } = state;
  return (
    <>
      <p className="lead">{t(recovery ? 'security.mfa.recoveryIntro' : 'security.mfa.intro')}</p>
      {demoCode && !recovery ? <p className="notice">{t('security.mfa.demoHint', { code: demoCode })}</p> : null}
      <ValidatedForm id={FORM_ID} state={state} className="form">
        <input type="hidden" {...form.register('intent')} />
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
        {recovery ? (
          <TextField formId={FORM_ID} label={t('security.mfa.recoveryCode')} autoComplete="off" spellCheck={false} error={errors.recoveryCode} {...form.register('recoveryCode')} />
        ) : (
          <OneTimeCodeField formId={FORM_ID} error={errors.code} {...form.register('code')} />
        )}
        <SubmitButton>{t('security.mfa.submit')}</SubmitButton>
      </ValidatedForm>
    </>
  );
}
