import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { getDb } from '#db/client';
import { CurrentPasswordField, NewPasswordFields } from '#app/components/admin/auth-fields';
import { confirmPassword, newPassword, withConfirmation } from '#app/components/admin/schema';
import { Confirmation, LOCALE_OPTIONS, SubmitButton } from '#app/components/admin/shared';
import type { PageHandle } from '#app/components/document-title';
import { parseForm, SelectField, TextField, useValidatedForm, ValidatedForm, type FieldErrors } from '#app/components/form/index';
import { oneOf, requiredText } from '#app/components/form/schema';
import { useT } from '#app/i18n/index';
import { changeOwnPassword, updateOwnProfile } from '#app/models/users.server';
import { getConfig } from '#app/utils/config.server';
import { checkPassword, PASSWORD_PROBLEM_MESSAGE } from '#app/utils/password-policy.server';
import { localeCookie } from '#app/utils/locale.server';
import { requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { LOCALES } from '#app/rules/locale';

export async function loader({ request }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, 'signed-in');
  return { name: principal.user.name, email: principal.user.email, locale: principal.user.locale };
}

export const ProfileSchema = z.object({
  name: requiredText(200, 'errors.admin.account.name.required', 'errors.admin.name.tooLong'),
  locale: oneOf(LOCALES, 'errors.admin.locale.invalid'),
});

export const PasswordSchema = withConfirmation(
  {
    currentPassword: z
      .string({ required_error: 'errors.admin.account.currentPassword.required', invalid_type_error: 'errors.admin.account.currentPassword.required' })
      .min(1, 'errors.admin.account.currentPassword.required')
      .max(1024, 'errors.admin.account.currentPassword.wrong'),
    newPassword,
    confirm: confirmPassword,
  },
  'newPassword',
);

const PROFILE_ID = 'profile';
const PROFILE_FIELDS = ['name', 'locale'] as const;
const PASSWORD_ID = 'password';
const PASSWORD_FIELDS = ['currentPassword', 'newPassword', 'confirm'] as const;

type Result = { form: 'profile' | 'password'; errors: FieldErrors; done: null | 'profile' | 'password'; sessionsEnded?: number };

export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'signed-in');
  const formData = await request.formData();
  const actor = auditActor(request, principal);
  if (formData.get('intent') === 'profile') {
    const parsed = await parseForm(formData, ProfileSchema);
    if (!parsed.ok) return data<Result>({ form: 'profile', errors: parsed.errors, done: null }, { status: 400 });
    await getDb().transaction((tx) => updateOwnProfile(tx, principal, actor, parsed.data));
    return data<Result>(
      { form: 'profile', errors: {}, done: 'profile' },
      { headers: { 'Set-Cookie': localeCookie(parsed.data.locale, getConfig().isProduction) } },
    );
  }
  if (formData.get('intent') === 'password') {
    const parsed = await parseForm(formData, PasswordSchema);
    if (!parsed.ok) return data<Result>({ form: 'password', errors: parsed.errors, done: null }, { status: 400 });
    const problem = checkPassword(parsed.data.newPassword, { email: principal.user.email });
    if (problem) return data<Result>({ form: 'password', errors: { newPassword: PASSWORD_PROBLEM_MESSAGE[problem] }, done: null }, { status: 400 });
    const result = await getDb().transaction((tx) =>
      changeOwnPassword(tx, principal, actor, { currentPassword: parsed.data.currentPassword, newPassword: parsed.data.newPassword }),
    );
    if (!result.ok) return data<Result>({ form: 'password', errors: { [result.field]: result.messageKey }, done: null }, { status: 400 });
    return data<Result>({ form: 'password', errors: {}, done: 'password', sessionsEnded: result.sessionsEnded });
  }
  return data<Result>({ form: 'profile', errors: { name: 'errors.admin.unknownAction' }, done: null }, { status: 400 });
}

export const handle: PageHandle = { title: (tr) => tr.t('admin.account.title') };

export default function Account() {
  const user = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useT();
  const profile = useValidatedForm(ProfileSchema, {
    serverErrors: actionData?.form === 'profile' ? actionData.errors : undefined,
    defaultValues: { name: user.name, locale: user.locale },
  });
  const password = useValidatedForm(PasswordSchema, { serverErrors: actionData?.form === 'password' ? actionData.errors : undefined });
  return (
    <>
      <h1>{t('admin.account.title')}</h1>
      <p className="lead">{t('admin.account.intro', { email: user.email })}</p>
      {actionData?.done === 'profile' ? (
        <Confirmation>
          <p>{t('admin.account.profileSaved')}</p>
        </Confirmation>
      ) : null}
      {actionData?.done === 'password' ? (
        <Confirmation>
          <p>{t('admin.account.passwordChanged', { count: actionData.sessionsEnded ?? 0 })}</p>
        </Confirmation>
      ) : null}

      <h2 id="profile-title">{t('admin.account.profileTitle')}</h2>
      <ValidatedForm id={PROFILE_ID} state={profile} order={PROFILE_FIELDS} className="form" aria-labelledby="profile-title">
        <input type="hidden" name="intent" value="profile" />
        <TextField formId={PROFILE_ID} label={t('admin.users.name')} autoComplete="name" error={profile.errors.name} {...profile.form.register('name')} />
        <SelectField formId={PROFILE_ID} label={t('admin.users.locale')} error={profile.errors.locale} options={LOCALE_OPTIONS} {...profile.form.register('locale')} />
        <SubmitButton>{t('admin.account.saveProfile')}</SubmitButton>
      </ValidatedForm>

      <h2 id="password-title">{t('admin.account.passwordTitle')}</h2>
      <p>{t('admin.account.passwordIntro')}</p>
      <ValidatedForm id={PASSWORD_ID} state={password} order={PASSWORD_FIELDS} className="form" aria-labelledby="password-title">
        <input type="hidden" name="intent" value="password" />
        <CurrentPasswordField formId={PASSWORD_ID} label={t('admin.account.currentPassword')} error={password.errors.currentPassword} field={password.form.register('currentPassword')} />
        <NewPasswordFields
          formId={PASSWORD_ID}
          username={user.email}
          label={t('admin.account.newPassword')}
          errors={password.errors}
          password={password.form.register('newPassword')}
          confirm={password.form.register('confirm')}
        />
        <SubmitButton>{t('admin.account.changePassword')}</SubmitButton>
      </ValidatedForm>
    </>
  );
}
