import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { getDb } from '#db/client';
import { AccessFields, AdminBack, Confirmation, LOCALE_OPTIONS, SubmitButton } from '#app/components/admin/shared';
import type { PageHandle } from '#app/components/document-title';
import { parseForm, SelectField, TextField, useValidatedForm, ValidatedForm, type FieldErrors } from '#app/components/form/index';
import { oneOf, requiredText } from '#app/components/form/schema';
import { useT } from '#app/i18n/index';
import { baseUrlOf, parseAccess } from '#app/models/admin-access.server';
import { inviteUser, membershipChoices, UserAdminError, validateMemberships } from '#app/models/users.server';
import { getConfig } from '#app/utils/config.server';
import { requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { formatDateTime } from '#app/rules/dates';
import { LOCALES } from '#app/rules/locale';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:programme:any');
  return { choices: await membershipChoices(getDb()) };
}

export const InviteSchema = z.object({
  email: requiredText(254, 'errors.admin.email.required', 'errors.admin.email.invalid').email('errors.admin.email.invalid'),
  name: requiredText(200, 'errors.admin.name.required', 'errors.admin.name.tooLong'),
  locale: oneOf(LOCALES, 'errors.admin.locale.invalid'),
});
const FORM_ID = 'invite';
const FIELDS = ['email', 'name', 'locale', 'staffRoles', 'memberships', '_form'] as const;

export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'manage:programme:any');
  const formData = await request.formData();
  const parsed = await parseForm(formData, InviteSchema);
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

export const handle: PageHandle = { title: (tr) => tr.t('admin.invite.title') };

export default function AdminUserNew() {
  const { choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useT();
  const state = useValidatedForm(InviteSchema, { serverErrors: actionData?.errors, defaultValues: { locale: 'nl' } });
  const { form, errors } = state;
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
      <p className="lead">{t('admin.invite.intro')}</p>
      <ValidatedForm id={FORM_ID} state={state} order={FIELDS} className="form">
        <TextField formId={FORM_ID} label={t('admin.users.email')} type="email" autoComplete="off" spellCheck={false} error={errors.email} {...form.register('email')} />
        <TextField formId={FORM_ID} label={t('admin.users.name')} autoComplete="off" error={errors.name} {...form.register('name')} />
        <SelectField formId={FORM_ID} label={t('admin.users.locale')} error={errors.locale} options={LOCALE_OPTIONS} {...form.register('locale')} />
        <AccessFields formId={FORM_ID} choices={choices} staffRoles={[]} memberships={[]} error={errors.staffRoles} membershipsError={errors.memberships} />
        <SubmitButton>{t('admin.invite.submit')}</SubmitButton>
      </ValidatedForm>
    </>
  );
}
