import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { getDb } from '#db/client';
import { ErrorSummary, TextField, type FieldErrors } from '#app/components/forms';
import { useValidatedForm } from '#app/components/use-validated-form';
import { useT } from '#app/i18n/index';
import { changeOwnPassword, updateOwnProfile } from '#app/models/users.server';
import { getConfig } from '#app/utils/config.server';
import { parseFormData } from '#app/utils/forms';
import { checkPassword, PASSWORD_PROBLEM_MESSAGE } from '#app/utils/password-policy.server';
import { localeCookie } from '#app/utils/locale.server';
import { pageTitle } from '#app/utils/meta';
import { requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { Confirmation, SelectField } from './admin-shared';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '#app/rules/limits';

export async function loader({ request }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, 'signed-in');
  return { name: principal.user.name, email: principal.user.email, locale: principal.user.locale };
}

export const ProfileSchema = z.object({
  name: z.string({ required_error: 'errors.admin.account.name.required' }).trim().min(1, 'errors.admin.account.name.required').max(200, 'errors.admin.name.tooLong'),
  locale: z.enum(['nl', 'en'], { errorMap: () => ({ message: 'errors.admin.locale.invalid' }) }).default('nl'),
});

export const PasswordSchema = z
  .object({
    currentPassword: z.string({ required_error: 'errors.admin.account.currentPassword.required' }).min(1, 'errors.admin.account.currentPassword.required').max(1024),
    newPassword: z
      .string({ required_error: 'errors.admin.password.required' })
      .min(1, 'errors.admin.password.required')
      .min(PASSWORD_MIN_LENGTH, 'errors.admin.password.tooShort')
      .max(PASSWORD_MAX_LENGTH, 'errors.admin.password.tooLong'),
    confirm: z.string({ required_error: 'errors.admin.confirm.required' }).min(1, 'errors.admin.confirm.required'),
  })
  .refine((v) => v.newPassword === v.confirm, { path: ['confirm'], message: 'errors.admin.confirm.mismatch' });

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
    const parsed = await parseFormData(formData, ProfileSchema);
    if (!parsed.ok) return data<Result>({ form: 'profile', errors: parsed.errors, done: null }, { status: 400 });
    await getDb().transaction((tx) => updateOwnProfile(tx, principal, actor, parsed.data));
    return data<Result>(
      { form: 'profile', errors: {}, done: 'profile' },
      { headers: { 'Set-Cookie': localeCookie(parsed.data.locale, getConfig().isProduction) } },
    );
  }
  if (formData.get('intent') === 'password') {
    const parsed = await parseFormData(formData, PasswordSchema);
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

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle(matches, (tr) => tr.t('admin.account.title'));

export default function Account() {
  const user = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useT();
  const profileErrors = actionData?.form === 'profile' ? actionData.errors : undefined;
  const passwordErrors = actionData?.form === 'password' ? actionData.errors : undefined;
  const profile = useValidatedForm(ProfileSchema, { serverErrors: profileErrors, defaultValues: { name: user.name } });
  const password = useValidatedForm(PasswordSchema, { serverErrors: passwordErrors });
  const busy = navigation.state === 'submitting';
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
      <ErrorSummary formId={PROFILE_ID} errors={profile.errors} order={PROFILE_FIELDS} />
      <Form method="post" className="form" noValidate onSubmit={profile.onSubmit} id={PROFILE_ID} aria-labelledby="profile-title">
        <input type="hidden" name="intent" value="profile" />
        <TextField formId={PROFILE_ID} label={t('admin.users.name')} autoComplete="name" error={profile.errors.name} defaultValue={user.name} {...profile.form.register('name')} />
        <SelectField
          formId={PROFILE_ID}
          name="locale"
          label={t('admin.users.locale')}
          defaultValue={user.locale}
          error={profile.errors.locale}
          options={[
            { value: 'nl', label: 'Nederlands' },
            { value: 'en', label: 'English' },
          ]}
        />
        <button type="submit" className="button" disabled={busy}>
          {t('admin.account.saveProfile')}
        </button>
      </Form>

      <h2 id="password-title">{t('admin.account.passwordTitle')}</h2>
      <p>{t('admin.account.passwordIntro')}</p>
      <ErrorSummary formId={PASSWORD_ID} errors={password.errors} order={PASSWORD_FIELDS} />
      <Form method="post" className="form" noValidate onSubmit={password.onSubmit} id={PASSWORD_ID} aria-labelledby="password-title">
        <input type="hidden" name="intent" value="password" />
        <input type="email" name="username" autoComplete="username" value={user.email} readOnly hidden />
        <TextField
          formId={PASSWORD_ID}
          label={t('admin.account.currentPassword')}
          type="password"
          autoComplete="current-password"
          error={password.errors.currentPassword}
          {...password.form.register('currentPassword')}
        />
        <TextField
          formId={PASSWORD_ID}
          label={t('admin.account.newPassword')}
          hint={t('admin.password.hint', { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })}
          type="password"
          autoComplete="new-password"
          error={password.errors.newPassword}
          {...password.form.register('newPassword')}
        />
        <TextField
          formId={PASSWORD_ID}
          label={t('admin.invitation.confirm')}
          type="password"
          autoComplete="new-password"
          error={password.errors.confirm}
          {...password.form.register('confirm')}
        />
        <button type="submit" className="button" disabled={busy}>
          {t('admin.account.changePassword')}
        </button>
      </Form>
    </>
  );
}
