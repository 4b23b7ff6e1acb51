import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { getDb } from '#db/client';
import { ErrorSummary, TextField, type FieldErrors } from '#app/components/forms';
import { useValidatedForm } from '#app/components/use-validated-form';
import { useT, type TranslationKey } from '#app/i18n/index';
import { baseUrlOf, parseAccess } from '#app/models/admin-access.server';
import {
  deactivateUser,
  getUser,
  membershipChoices,
  reinviteUser,
  updateUserAccess,
  UserAdminError,
  validateMemberships,
} from '#app/models/users.server';
import { getConfig } from '#app/utils/config.server';
import { parseFormData } from '#app/utils/forms';
import { pageTitle } from '#app/utils/meta';
import { notFound, requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { AccessFields, AdminBack, Confirmation } from './admin-shared';
import { formatDateTime } from '#app/rules/dates';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, 'manage:programme:any');
  const user = await getUser(getDb(), params.id ?? '');
  if (!user) notFound();
  return {
    user: { ...user, pendingInvitation: user.pendingInvitation ? { expiresAt: user.pendingInvitation.expiresAt.toISOString() } : null },
    choices: await membershipChoices(getDb()),
    isSelf: user.id === principal.user.id,
  };
}

export const UserEditSchema = z.object({
  name: z.string({ required_error: 'errors.admin.name.required' }).trim().min(1, 'errors.admin.name.required').max(200, 'errors.admin.name.tooLong'),
});
const FORM_ID = 'user';
const FIELDS = ['name', 'staffRoles', 'memberships', '_form'] as const;

type Done = { kind: 'saved' } | { kind: 'deactivated'; sessionsEnded: number } | { kind: 'reinvited'; link: string | null; expiresAt: string };

function failure(errors: FieldErrors, status: number) {
  return data({ errors, done: null as Done | null }, { status });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'manage:programme:any');
  const user = await getUser(getDb(), params.id ?? '');
  if (!user) notFound();
  const formData = await request.formData();
  const intent = formData.get('intent');
  const actor = auditActor(request, principal);
  try {
    if (intent === 'deactivate') {
      const result = await getDb().transaction((tx) => deactivateUser(tx, principal, actor, user.id));
      return { errors: {} as FieldErrors, done: { kind: 'deactivated', sessionsEnded: result.sessionsEnded } as Done };
    }
    if (intent === 'reinvite') {
      const config = getConfig();
      const result = await getDb().transaction((tx) => reinviteUser(tx, principal, actor, user.id, baseUrlOf(request, config.PUBLIC_URL)));
      return {
        errors: {} as FieldErrors,
        done: { kind: 'reinvited', link: config.isProduction ? null : result.link, expiresAt: result.expiresAt.toISOString() } as Done,
      };
    }
    if (intent !== 'save') return failure({ _form: 'errors.admin.unknownAction' }, 400);
    const parsed = await parseFormData(formData, UserEditSchema);
    if (!parsed.ok) return failure(parsed.errors, 400);
    const access = parseAccess(formData);
    if (!access) return failure({ memberships: 'errors.admin.membership.notPartner' }, 400);
    const problem = await validateMemberships(getDb(), access.memberships);
    if (problem) return failure({ memberships: problem }, 400);
    await getDb().transaction((tx) => updateUserAccess(tx, principal, actor, user.id, { name: parsed.data.name, ...access }));
    return { errors: {} as FieldErrors, done: { kind: 'saved' } as Done };
  } catch (error) {
    if (error instanceof UserAdminError) return failure({ [error.field]: error.messageKey }, error.status);
    throw error;
  }
}

export const meta: MetaFunction<typeof loader> = ({ matches, data: loaderData }) =>
  pageTitle(matches, (tr) => `${tr.t('admin.user.title')}: ${loaderData?.user.name ?? ''}`);

export default function AdminUser() {
  const { user, choices, isSelf } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, locale } = useT();
  const { form, errors, onSubmit } = useValidatedForm(UserEditSchema, { serverErrors: actionData?.errors, defaultValues: { name: user.name } });
  const done = actionData?.done;
  const formError = errors._form;
  return (
    <>
      <AdminBack to="/beheer/gebruikers" label="admin.users.back" />
      <h1>{user.name}</h1>
      <dl className="summary-list">
        <dt>{t('admin.users.email')}</dt>
        <dd>{user.email}</dd>
        <dt>{t('admin.users.status')}</dt>
        <dd>{t(`admin.userStatus.${user.status}`)}</dd>
        {user.pendingInvitation ? (
          <>
            <dt>{t('admin.user.invitation')}</dt>
            <dd>{t('admin.user.invitationValidUntil', { date: formatDateTime(new Date(user.pendingInvitation.expiresAt), locale) })}</dd>
          </>
        ) : null}
      </dl>
      {done ? (
        <Confirmation>
          {done.kind === 'saved' ? <p>{t('admin.user.saved')}</p> : null}
          {done.kind === 'deactivated' ? <p>{t('admin.user.deactivated', { count: done.sessionsEnded })}</p> : null}
          {done.kind === 'reinvited' ? (
            <>
              <p>{t('admin.user.reinvited', { expires: formatDateTime(new Date(done.expiresAt), locale) })}</p>
              {done.link ? (
                <p>
                  {t('admin.invite.demoLink')} <code className="admin-link">{done.link}</code>
                </p>
              ) : null}
            </>
          ) : null}
        </Confirmation>
      ) : null}
      <ErrorSummary formId={FORM_ID} errors={errors} order={FIELDS} />
      {formError ? <p className="form-error">{t(formError as TranslationKey)}</p> : null}

      <h2>{t('admin.user.accessTitle')}</h2>
      {isSelf ? <p className="notice">{t('admin.user.selfNotice')}</p> : null}
      <Form method="post" className="form" noValidate onSubmit={onSubmit} id={FORM_ID}>
        <input type="hidden" name="intent" value="save" />
        <TextField formId={FORM_ID} label={t('admin.users.name')} autoComplete="off" error={errors.name} defaultValue={user.name} {...form.register('name')} />
        <AccessFields
          formId={FORM_ID}
          choices={choices}
          staffRoles={user.staffRoles}
          memberships={user.memberships}
          error={errors.staffRoles}
          membershipsError={errors.memberships}
          disabled={user.status === 'deactivated'}
        />
        {user.status !== 'deactivated' ? (
          <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
            {t('admin.user.save')}
          </button>
        ) : null}
      </Form>

      {user.status === 'invited' ? (
        <>
          <h2>{t('admin.user.reinviteTitle')}</h2>
          <p>{t('admin.user.reinviteIntro')}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="reinvite" />
            <button type="submit" className="button button-secondary">
              {t('admin.user.reinvite')}
            </button>
          </Form>
        </>
      ) : null}

      {user.status !== 'deactivated' && !isSelf ? (
        <>
          <h2>{t('admin.user.deactivateTitle')}</h2>
          <p>{t('admin.user.deactivateIntro')}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="deactivate" />
            <button type="submit" className="button button-danger">
              {t('admin.user.deactivate')}
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
