import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { getDb } from '#db/client';
import { ErrorSummary, TextField, type FieldErrors } from '#app/components/forms';
import { useValidatedForm } from '#app/components/use-validated-form';
import { useT, type TranslationKey } from '#app/i18n/index';
import { acceptInvitation, lookupInvitation } from '#app/models/users.server';
import { parseFormData } from '#app/utils/forms';
import { checkPassword, PASSWORD_PROBLEM_MESSAGE } from '#app/utils/password-policy.server';
import { pageTitle } from '#app/utils/meta';
import { requirePermission } from '#app/utils/permissions.server';
import { clientIp, requestId } from '#app/utils/request.server';
import { sessionCookie } from '#app/utils/session.server';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '#app/rules/limits';

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

export const SetPasswordSchema = z
  .object({
    // No composition rules and no trimming: a password is taken exactly as typed or pasted.
    password: z
      .string({ required_error: 'errors.admin.password.required' })
      .min(1, 'errors.admin.password.required')
      .min(PASSWORD_MIN_LENGTH, 'errors.admin.password.tooShort')
      .max(PASSWORD_MAX_LENGTH, 'errors.admin.password.tooLong'),
    confirm: z.string({ required_error: 'errors.admin.confirm.required' }).min(1, 'errors.admin.confirm.required'),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'errors.admin.confirm.mismatch' });
const FORM_ID = 'invitation';
const FIELDS = ['password', 'confirm'] as const;

export async function action({ request, params }: ActionFunctionArgs) {
  await requirePermission(request, 'public');
  const parsed = await parseFormData(await request.formData(), SetPasswordSchema);
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

export const meta: MetaFunction<typeof loader> = ({ matches, data: d }) =>
  pageTitle(matches, (tr) => tr.t(d?.invalid ? 'admin.invitation.invalidTitle' : 'admin.invitation.title'));

export default function Invitation() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useT();
  const { form, errors, onSubmit } = useValidatedForm(SetPasswordSchema, { serverErrors: actionData?.errors });
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
      <ErrorSummary formId={FORM_ID} errors={errors} order={FIELDS} />
      <p className="lead">{t('admin.invitation.intro', { name: loaderData.user.name })}</p>
      <Form method="post" className="form" noValidate onSubmit={onSubmit} id={FORM_ID}>
        {/* The username field lets password managers store the new password with the right account. */}
        <input type="email" name="username" autoComplete="username" value={loaderData.user.email} readOnly hidden />
        <TextField
          formId={FORM_ID}
          label={t('admin.invitation.password')}
          hint={t('admin.password.hint', { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })}
          type="password"
          autoComplete="new-password"
          error={errors.password}
          {...form.register('password')}
        />
        <TextField
          formId={FORM_ID}
          label={t('admin.invitation.confirm')}
          type="password"
          autoComplete="new-password"
          error={errors.confirm}
          {...form.register('confirm')}
        />
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('admin.invitation.submit')}
        </button>
      </Form>
    </>
  );
}
