import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { getDb } from '#db/client';
import { ErrorSummary, TextField, type FieldErrors } from '#app/components/forms';
import { useValidatedForm } from '#app/components/use-validated-form';
import { useT } from '#app/i18n/index';
import { baseUrlOf, parseAccess } from '#app/models/admin-access.server';
import { inviteUser, membershipChoices, UserAdminError, validateMemberships } from '#app/models/users.server';
import { getConfig } from '#app/utils/config.server';
import { parseFormData } from '#app/utils/forms';
import { pageTitle } from '#app/utils/meta';
import { requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { AccessFields, AdminBack, Confirmation, SelectField } from './admin-shared';
import { formatDateTime } from '#app/rules/dates';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:programme:any');
  return { choices: await membershipChoices(getDb()) };
}

export const InviteSchema = z.object({
  email: z
    .string({ required_error: 'errors.admin.email.required' })
    .trim()
    .min(1, 'errors.admin.email.required')
    .max(254, 'errors.admin.email.invalid')
    .email('errors.admin.email.invalid'),
  name: z.string({ required_error: 'errors.admin.name.required' }).trim().min(1, 'errors.admin.name.required').max(200, 'errors.admin.name.tooLong'),
  locale: z.enum(['nl', 'en'], { errorMap: () => ({ message: 'errors.admin.locale.invalid' }) }).default('nl'),
});
const FORM_ID = 'invite';
const FIELDS = ['email', 'name', 'locale', 'staffRoles', 'memberships', '_form'] as const;

export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'manage:programme:any');
  const formData = await request.formData();
  const parsed = await parseFormData(formData, InviteSchema);
  const access = parseAccess(formData);
  if (!access) return data({ errors: { memberships: 'errors.admin.membership.notPartner' } as FieldErrors, invited: null }, { status: 400 });
  if (!parsed.ok) return data({ errors: parsed.errors, invited: null }, { status: 400 });
  const membershipProblem = await validateMemberships(getDb(), access.memberships);
  if (membershipProblem) return data({ errors: { memberships: membershipProblem } as FieldErrors, invited: null }, { status: 400 });
  try {
    const config = getConfig();
    const result = await getDb().transaction((tx) =>
      inviteUser(tx, principal, auditActor(request, principal), { ...parsed.data, ...access }, baseUrlOf(request, config.PUBLIC_URL)),
    );
    return {
      errors: {} as FieldErrors,
      invited: {
        userId: result.userId,
        email: parsed.data.email,
        // The link is shown only in demo mode (there is no real mail there); in production it is only mailed.
        link: config.isProduction ? null : result.link,
        expiresAt: result.expiresAt.toISOString(),
      },
    };
  } catch (error) {
    if (error instanceof UserAdminError) return data({ errors: { [error.field]: error.messageKey } as FieldErrors, invited: null }, { status: error.status });
    throw error;
  }
}

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle(matches, (tr) => tr.t('admin.invite.title'));

export default function AdminUserNew() {
  const { choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, locale } = useT();
  const { form, errors, onSubmit } = useValidatedForm(InviteSchema, { serverErrors: actionData?.errors, defaultValues: { locale: 'nl' } });
  const invited = actionData?.invited;
  if (invited) {
    return (
      <>
        <AdminBack to="/beheer/gebruikers" label="admin.users.back" />
        <h1>{t('admin.invite.doneTitle')}</h1>
        <Confirmation>
          <p>{t('admin.invite.done', { email: invited.email, expires: formatDateTime(new Date(invited.expiresAt), locale) })}</p>
          {invited.link ? (
            <>
              <p>{t('admin.invite.demoLink')}</p>
              <p>
                <code className="admin-link">{invited.link}</code>
              </p>
            </>
          ) : null}
        </Confirmation>
        <p>
          <Link to={`/beheer/gebruikers/${invited.userId}`}>{t('admin.invite.toUser')}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <AdminBack to="/beheer/gebruikers" label="admin.users.back" />
      <h1>{t('admin.invite.title')}</h1>
      <ErrorSummary formId={FORM_ID} errors={errors} order={FIELDS} />
      <p className="lead">{t('admin.invite.intro')}</p>
      <Form method="post" className="form" noValidate onSubmit={onSubmit} id={FORM_ID}>
        <TextField formId={FORM_ID} label={t('admin.users.email')} type="email" autoComplete="off" spellCheck={false} error={errors.email} {...form.register('email')} />
        <TextField formId={FORM_ID} label={t('admin.users.name')} autoComplete="off" error={errors.name} {...form.register('name')} />
        <SelectField
          formId={FORM_ID}
          name="locale"
          label={t('admin.users.locale')}
          defaultValue="nl"
          error={errors.locale}
          options={[
            { value: 'nl', label: 'Nederlands' },
            { value: 'en', label: 'English' },
          ]}
        />
        <AccessFields formId={FORM_ID} choices={choices} staffRoles={[]} memberships={[]} error={errors.staffRoles} membershipsError={errors.memberships} />
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('admin.invite.submit')}
        </button>
      </Form>
    </>
  );
}
