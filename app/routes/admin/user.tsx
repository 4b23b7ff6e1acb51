import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { getDb } from '#db/client';
import { AccessFields, AdminBack, Confirmation, IntentForm, SubmitButton } from '#app/components/admin/shared';
import type { PageHandle } from '#app/components/document-title';
import { parseForm, TextField, useValidatedForm, ValidatedForm, type FieldErrors } from '#app/components/form/index';
import { requiredText } from '#app/components/form/schema';
import { useT } from '#app/i18n/index';
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
import { notFound, requirePermission } from '#app/utils/permissions.server';
import { uuidParam } from '#app/utils/params.server';
import { auditActor } from '#app/utils/request.server';
import { formatDateTime } from '#app/rules/dates';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, 'manage:programme:any');
  const user = await getUser(getDb(), uuidParam(params, 'id'));
  if (!user) notFound();
  return {
    user: { ...user, pendingInvitation: user.pendingInvitation ? { expiresAt: user.pendingInvitation.expiresAt.toISOString() } : null },
    choices: await membershipChoices(getDb()),
    isSelf: user.id === principal.user.id,
  };
}

export const UserEditSchema = z.object({ name: requiredText(200, 'errors.admin.name.required', 'errors.admin.name.tooLong') });
const FORM_ID = 'user';
const FIELDS = ['name', 'staffRoles', 'memberships', '_form'] as const;

type Done = { kind: 'saved' } | { kind: 'deactivated'; sessionsEnded: number } | { kind: 'reinvited'; link: string | null; expiresAt: string };

function failure(errors: FieldErrors, status: number) {
  return data({ errors, done: null as Done | null }, { status });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'manage:programme:any');
  const user = await getUser(getDb(), uuidParam(params, 'id'));
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
    const parsed = await parseForm(formData, UserEditSchema);
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

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => `${tr.t('admin.user.title')}: ${data?.user.name ?? ''}`,
};

export default function AdminUser() {
  const { user, choices, isSelf } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useT();
  const state = useValidatedForm(UserEditSchema, { serverErrors: actionData?.errors, defaultValues: { name: user.name } });
  const done = actionData?.done;
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
      <h2>{t('admin.user.accessTitle')}</h2>
      {isSelf ? <p className="notice">{t('admin.user.selfNotice')}</p> : null}
      <ValidatedForm id={FORM_ID} state={state} order={FIELDS} className="form">
        <input type="hidden" name="intent" value="save" />
        <TextField formId={FORM_ID} label={t('admin.users.name')} autoComplete="off" error={state.errors.name} {...state.form.register('name')} />
        <AccessFields
          formId={FORM_ID}
          choices={choices}
          staffRoles={user.staffRoles}
          memberships={user.memberships}
          error={state.errors.staffRoles}
          membershipsError={state.errors.memberships}
          disabled={user.status === 'deactivated'}
        />
        {user.status !== 'deactivated' ? <SubmitButton>{t('admin.user.save')}</SubmitButton> : null}
      </ValidatedForm>

      {user.status === 'invited' ? (
        <IntentForm intent="reinvite" title={t('admin.user.reinviteTitle')} intro={t('admin.user.reinviteIntro')} submit={t('admin.user.reinvite')} variant="secondary" />
      ) : null}
      {user.status !== 'deactivated' && !isSelf ? (
        <IntentForm intent="deactivate" title={t('admin.user.deactivateTitle')} intro={t('admin.user.deactivateIntro')} submit={t('admin.user.deactivate')} variant="danger" />
      ) : null}
    </>
  );
}
