import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import type { PageHandle } from '#app/components/document-title';
import { ErrorSummary, TextField, type FieldErrors } from '#app/components/forms';
import { useValidatedForm } from '#app/components/use-validated-form';
import { useT } from '#app/i18n/index';
import { getMfaUser, verifyMfa } from '#app/models/auth.server';
import { getDb } from '#db/client';
import { getConfig } from '#app/utils/config.server';
import { parseFormData } from '#app/utils/forms';
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

export const CodeSchema = z.object({
  intent: z.literal('code'),
  code: z
    .string({ required_error: 'errors.security.mfa.code.required' })
    .transform((v) => v.replace(/\s+/g, ''))
    .pipe(z.string().min(1, 'errors.security.mfa.code.required').regex(/^\d{6}$/, 'errors.security.mfa.code.invalid')),
  redirectTo: z.string().optional(),
});
export const RecoverySchema = z.object({
  intent: z.literal('recovery'),
  recoveryCode: z
    .string({ required_error: 'errors.security.mfa.recoveryCode.required' })
    .trim()
    .min(1, 'errors.security.mfa.recoveryCode.required')
    .max(40, 'errors.security.mfa.recoveryCode.wrong'),
  redirectTo: z.string().optional(),
});
const Schema = z.discriminatedUnion('intent', [CodeSchema, RecoverySchema]);

export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'public');
  const formData = await request.formData();
  const redirectTo = safeRedirect(formData.get('redirectTo'));
  if (principal) throw redirect(redirectTo);
  const pending = await loadPendingSession(request);
  if (!pending) throw redirect(`/inloggen?${new URLSearchParams({ redirectTo, verlopen: '1' })}`);
  const parsed = await parseFormData(formData, Schema);
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
      {recovery ? (
        <RecoveryForm serverErrors={actionData?.errors} />
      ) : (
        <CodeForm serverErrors={actionData?.errors} demoCode={demoCode} />
      )}
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

function CodeForm({ serverErrors, demoCode }: { serverErrors?: FieldErrors; demoCode: string | null }) {
  const { t } = useT();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const { form, errors, onSubmit } = useValidatedForm(CodeSchema, { serverErrors, defaultValues: { intent: 'code' } });
  return (
    <>
      <ErrorSummary formId={FORM_ID} errors={errors} order={['code']} />
      <p className="lead">{t('security.mfa.intro')}</p>
      {demoCode ? <p className="notice">{t('security.mfa.demoHint', { code: demoCode })}</p> : null}
      <Form method="post" className="form" noValidate onSubmit={onSubmit} id={FORM_ID}>
        <input type="hidden" value="code" {...form.register('intent')} />
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
        <TextField
          formId={FORM_ID}
          label={t('security.mfa.code')}
          inputMode="numeric"
          autoComplete="one-time-code"
          spellCheck={false}
          className="input-short"
          error={errors.code}
          {...form.register('code')}
        />
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('security.mfa.submit')}
        </button>
      </Form>
    </>
  );
}

function RecoveryForm({ serverErrors }: { serverErrors?: FieldErrors }) {
  const { t } = useT();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const { form, errors, onSubmit } = useValidatedForm(RecoverySchema, { serverErrors, defaultValues: { intent: 'recovery' } });
  return (
    <>
      <ErrorSummary formId={FORM_ID} errors={errors} order={['recoveryCode']} />
      <p className="lead">{t('security.mfa.recoveryIntro')}</p>
      <Form method="post" className="form" noValidate onSubmit={onSubmit} id={FORM_ID}>
        <input type="hidden" value="recovery" {...form.register('intent')} />
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
        <TextField
          formId={FORM_ID}
          label={t('security.mfa.recoveryCode')}
          autoComplete="off"
          spellCheck={false}
          error={errors.recoveryCode}
          {...form.register('recoveryCode')}
        />
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('security.mfa.submit')}
        </button>
      </Form>
    </>
  );
}
