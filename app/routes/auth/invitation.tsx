import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { getDb } from '#db/client';
import { NewPasswordFields } from '#app/components/admin/auth-fields';
import { confirmPassword, newPassword, withConfirmation } from '#app/components/admin/schema';
import { SubmitButton } from '#app/components/admin/shared';
import type { PageHandle } from '#app/components/document-title';
import { parseForm, useValidatedForm, ValidatedForm, type FieldErrors } from '#app/components/form/index';
import { useT, type TranslationKey } from '#app/i18n/index';
import { acceptInvitation, lookupInvitation } from '#app/models/users.server';
import { checkPassword, PASSWORD_PROBLEM_MESSAGE } from '#app/utils/password-policy.server';
import { requirePermission } from '#app/utils/permissions.server';
import { clientIp, requestId } from '#app/utils/request.server';
import { sessionCookie } from '#app/utils/session.server';

const REASON_STATUS = { unknown: 404, used: 410, expired: 410 } as const;
const REASON_MESSAGE: Record<keyof typeof REASON_STATUS, TranslationKey> = {
  unknown: 'admin.invitation.unknown',
  used: 'admin.invitation.used',
  expired: 'admin.invitation.expired',
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'public');
  const state = await lookupInvitation(getDb(), params.token ?? '');
  if (!state.ok) return data({ invalid: REASON_MESSAGE[state.reason], user: null }, { status: REASON_STATUS[state.reason] });
  return { invalid: null, user: { name: state.user.name, email: state.user.email } };
}

export const SetPasswordSchema = withConfirmation({ password: newPassword, confirm: confirmPassword }, 'password');
const FORM_ID = 'invitation';
const FIELDS = ['password', 'confirm'] as const;

export async function action({ request, params }: ActionFunctionArgs) {
  await requirePermission(request, 'public');
  const parsed = await parseForm(await request.formData(), SetPasswordSchema);
  if (!parsed.ok) return data({ errors: parsed.errors, invalid: null as TranslationKey | null }, { status: 400 });
  // Common, breached or service-specific passwords are refused (security policy).
  const state = await lookupInvitation(getDb(), params.token ?? '');
  const problem = checkPassword(parsed.data.password, { email: state.ok ? state.user.email : undefined });
  if (problem) return data({ errors: { password: PASSWORD_PROBLEM_MESSAGE[problem] } as FieldErrors, invalid: null as TranslationKey | null }, { status: 400 });
  const result = await getDb().transaction((tx) =>
    acceptInvitation(tx, params.token ?? '', parsed.data.password, {
      ipAddress: clientIp(request),
      userAgent: request.headers.get('user-agent'),
      requestId: requestId(request),
    }),
  );
  if (!result.ok) return data({ errors: {} as FieldErrors, invalid: REASON_MESSAGE[result.reason] as TranslationKey | null }, { status: REASON_STATUS[result.reason] });
  const headers = { 'Set-Cookie': sessionCookie(result.sessionToken) };
  if (result.next === 'mfaSetup') return redirect(`/account/tweestaps?${new URLSearchParams({ redirectTo: '/programma' })}`, { headers });
  return redirect('/programma', { headers });
}

export const handle: PageHandle<{ invalid: TranslationKey | null }> = {
  title: (tr, d) => tr.t(d?.invalid ? 'admin.invitation.invalidTitle' : 'admin.invitation.title'),
};

export default function Invitation() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useT();
  const state = useValidatedForm(SetPasswordSchema, { serverErrors: actionData?.errors });
  const invalid = actionData?.invalid ?? loaderData.invalid;
  if (invalid || !loaderData.user) {
    return (
      <>
        <h1>{t('admin.invitation.invalidTitle')}</h1>
        <p>{t(invalid ?? 'admin.invitation.unknown')}</p>
        <p>
          <Link to="/inloggen">{t('admin.invitation.toSignIn')}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t('admin.invitation.title')}</h1>
      <p className="lead">{t('admin.invitation.intro', { name: loaderData.user.name })}</p>
      <ValidatedForm id={FORM_ID} state={state} order={FIELDS} className="form">
        <NewPasswordFields
          formId={FORM_ID}
          username={loaderData.user.email}
          label={t('admin.invitation.password')}
          errors={state.errors}
          password={state.form.register('password')}
          confirm={state.form.register('confirm')}
        />
        <SubmitButton>{t('admin.invitation.submit')}</SubmitButton>
      </ValidatedForm>
    </>
  );
}
