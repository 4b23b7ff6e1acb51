import { Form, Link, useNavigation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { CheckboxField, FieldGroup, SelectField } from '#app/components/form/index';
import { useT, type TranslationKey } from '#app/i18n/index';
import { LOCALES, type Locale } from '#app/rules/locale';
import { STAFF_ROLES } from '#app/rules/domain';

/** Pieces the administration and account pages share (not a route module). */

export interface MembershipChoice {
  projectId: string;
  projectCode: string;
  leadOrganisationId: string;
  partners: { id: string; name: string }[];
}

/** Breadcrumb back to the administration overview. */
export function AdminBack({ to = '/beheer', label }: { to?: string; label?: TranslationKey }) {
  const { t } = useT();
  return (
    <p className="admin-back">
      <Link to={to}>{t(label ?? 'admin.back')}</Link>
    </p>
  );
}

/** A message after a successful action (role=status so screen readers announce it). */
export function Confirmation({ children }: { children: ReactNode }) {
  return (
    <div className="admin-confirmation" role="status">
      {children}
    </div>
  );
}

/** The submit button of a form; it cannot be pressed twice while the form is being sent. */
export function SubmitButton({ children, variant, id, name, value }: { children: ReactNode; variant?: 'secondary' | 'danger'; id?: string; name?: string; value?: string }) {
  const navigation = useNavigation();
  return (
    <button type="submit" id={id} className={variant ? `button button-${variant}` : 'button'} name={name} value={value} disabled={navigation.state === 'submitting'}>
      {children}
    </button>
  );
}

/** One button that posts one intent (re-invite, deactivate…), under its heading and explanation. */
export function IntentForm({ intent, title, intro, submit, variant }: { intent: string; title: string; intro: string; submit: string; variant?: 'secondary' | 'danger' }) {
  return (
    <>
      <h2>{title}</h2>
      <p>{intro}</p>
      <Form method="post">
        <input type="hidden" name="intent" value={intent} />
        <SubmitButton variant={variant}>{submit}</SubmitButton>
      </Form>
    </>
  );
}

/** Each language under its own name (the same in both languages, as language switches do). */
const LANGUAGE_NAMES: Record<Locale, string> = { nl: 'Nederlands', en: 'English' };
export const LOCALE_OPTIONS = LOCALES.map((value) => ({ value, label: LANGUAGE_NAMES[value] }));

/**
 * Staff roles (a checkbox `role-<role>` each) and per project the organisation the user acts for
 * (a select `membership-<projectId>` whose value is `<organisationId>:<role>`); the server reads
 * them with parseAccess. The error summary links to the two groups (`formId-staffRoles`,
 * `formId-memberships`).
 */
export function AccessFields({
  formId,
  choices,
  staffRoles,
  memberships,
  error,
  membershipsError,
  disabled,
}: {
  formId: string;
  choices: MembershipChoice[];
  staffRoles: readonly string[];
  memberships: readonly { projectId: string; organisationId: string; role: string }[];
  error?: TranslationKey;
  membershipsError?: TranslationKey;
  disabled?: boolean;
}) {
  const { t } = useT();
  return (
    <>
      <FieldGroup formId={formId} name="staffRoles" legend={t('admin.users.staffRoles')} hint={t('admin.users.staffRolesHint')} error={error}>
        {STAFF_ROLES.map((role) => (
          <CheckboxField key={role} formId={formId} name={`role-${role}`} label={t(`role.${role}`)} defaultChecked={staffRoles.includes(role)} disabled={disabled} />
        ))}
      </FieldGroup>
      <FieldGroup formId={formId} name="memberships" legend={t('admin.users.memberships')} hint={t('admin.users.membershipsHint')} error={membershipsError}>
        {choices.map((project) => {
          const current = memberships.find((m) => m.projectId === project.projectId);
          const lead = project.partners.filter((partner) => partner.id === project.leadOrganisationId);
          return (
            <SelectField
              key={project.projectId}
              formId={formId}
              name={`membership-${project.projectId}`}
              label={project.projectCode}
              defaultValue={current ? `${current.organisationId}:${current.role}` : ''}
              disabled={disabled}
              placeholder={t('admin.users.noMembership')}
              options={[
                ...project.partners.map((partner) => ({
                  value: `${partner.id}:contributor`,
                  label: t('admin.users.membershipOption', { organisation: partner.name, role: t('role.contributor') }),
                })),
                ...lead.map((partner) => ({
                  value: `${partner.id}:penvoerder`,
                  label: t('admin.users.membershipOption', { organisation: partner.name, role: t('role.penvoerder') }),
                })),
              ]}
            />
          );
        })}
      </FieldGroup>
    </>
  );
}
