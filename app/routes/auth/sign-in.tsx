import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { CurrentPasswordField } from '#app/components/admin/auth-fields';
import { hiddenText } from '#app/components/admin/schema';
import { SubmitButton } from '#app/components/admin/shared';
import type { PageHandle } from '#app/components/document-title';
import { parseForm, TextField, useValidatedForm, ValidatedForm, type FieldErrors } from '#app/components/form/index';
import { requiredText } from '#app/components/form/schema';
import { useT } from '#app/i18n/index';
import { signIn } from '#app/models/auth.server';
import { getConfig } from '#app/utils/config.server';
import { requirePermission } from '#app/utils/permissions.server';
import { clientIp, requestId } from '#app/utils/request.server';
import { sessionCookie } from '#app/utils/session.server';
import { safeRedirect } from '#app/rules/redirects';

export async function loader({ request }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, 'public');
  const url = new URL(request.url);
  if (principal) throw redirect(safeRedirect(url.searchParams.get('redirectTo')));
  // Demo accounts are listed only in demo mode; production has none.
  let demo: { password: string; accounts: { email: string; description: string }[] } | null = null;
  if (!getConfig().isProduction) {
    const { DEMO_ACCOUNTS, DEMO_PASSWORD } = await import('#db/seed/demo-accounts');
    demo = { password: DEMO_PASSWORD, accounts: DEMO_ACCOUNTS.map(({ email, description }) => ({ email, description })) };
  }
  return { demo };
}

export const SignInSchema = z.object({
  email: requiredText(254, 'errors.email.required', 'errors.email.invalid').email('errors.email.invalid'),
  // No trimming: a password is taken exactly as typed or pasted. One that long cannot be right.
  password: z.string({ required_error: 'errors.password.required', invalid_type_error: 'errors.password.required' }).min(1, 'errors.password.required').max(1024, 'errors.signIn.failed'),
  redirectTo: hiddenText,
});
const FIELDS = ['email', 'password'] as const;
const FORM_ID = 'signin';

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, 'public');
  const parsed = await parseForm(await request.formData(), SignInSchema);
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  const result = await signIn(parsed.data.email, parsed.data.password, {
    ipAddress: clientIp(request),
    userAgent: request.headers.get('user-agent'),
    requestId: requestId(request),
  });
  if (result.kind === 'throttled') {
    const errors: FieldErrors = { email: 'errors.security.signIn.throttled' };
    return data({ errors }, { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } });
  }
  if (result.kind === 'failed') {
    const errors: FieldErrors = { email: 'errors.signIn.failed' };
    return data({ errors }, { status: 401 });
  }
  const redirectTo = safeRedirect(parsed.data.redirectTo);
  const headers = { 'Set-Cookie': sessionCookie(result.token) };
  // Accounts with MFA go on to the code; staff without MFA set it up first (it is mandatory for them).
  if (result.kind === 'mfa') return redirect(`/inloggen/code?${new URLSearchParams({ redirectTo })}`, { headers });
  if (result.kind === 'mfaSetup') return redirect(`/account/tweestaps?${new URLSearchParams({ redirectTo })}`, { headers });
  return redirect(redirectTo, { headers });
}

export const handle: PageHandle = { title: (tr) => tr.t('signIn.title') };

export default function SignIn() {
  const { demo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useT();
  const state = useValidatedForm(SignInSchema, { serverErrors: actionData?.errors });
  const { form, errors } = state;
  return (
    <>
      <h1>{t('signIn.title')}</h1>
      {params.get('verlopen') ? <p className="notice">{t('signIn.expired')}</p> : null}
      {params.get('uitgelogd') ? <p className="notice">{t('signIn.signedOut')}</p> : null}
      <p className="lead">{t('signIn.intro')}</p>
      <ValidatedForm id={FORM_ID} state={state} order={FIELDS} className="form">
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
        <TextField
          formId={FORM_ID}
          label={t('signIn.email')}
          type="email"
          autoComplete="username"
          spellCheck={false}
          error={errors.email}
          {...form.register('email')}
        />
        <CurrentPasswordField formId={FORM_ID} label={t('signIn.password')} error={errors.password} field={form.register('password')} />
        <SubmitButton>{t('signIn.submit')}</SubmitButton>
      </ValidatedForm>
      {demo ? (
        <section className="demo-accounts" aria-labelledby="demo-accounts-title">
          <h2 id="demo-accounts-title">{t('signIn.demoTitle')}</h2>
          <p>{t('signIn.demoIntro', { password: demo.password })}</p>
          <p>{t('security.signIn.demoMfa')}</p>
          <ul>
            {demo.accounts.map((account) => (
              <li key={account.email}>
                <code>{account.email}</code> <span lang="en">{account.description}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
