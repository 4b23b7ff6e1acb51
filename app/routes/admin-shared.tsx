import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { fieldId } from '#app/components/forms';
import { useT, type TranslationKey } from '#app/i18n/index';

/** Shared pieces of the administration pages (not a route module). */

export const STAFF_ROLE_OPTIONS = ['reviewer', 'ez_officer', 'admin'] as const;

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

/** Staff roles (checkboxes) and per project the organisation the user acts for (select). */
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
      <fieldset className={`form-fieldset${error ? ' has-error' : ''}`} aria-describedby={error ? `${fieldId(formId, 'staffRoles')}-error` : undefined}>
        <legend className="form-label">{t('admin.users.staffRoles')}</legend>
        <span className="form-hint">{t('admin.users.staffRolesHint')}</span>
        {error ? (
          <span className="form-error" id={`${fieldId(formId, 'staffRoles')}-error`}>
            <span className="visually-hidden">{t('errors.titlePrefix')}</span>
            {t(error)}
          </span>
        ) : null}
        {STAFF_ROLE_OPTIONS.map((role, index) => (
          <div className="checkbox" key={role}>
            <input
              type="checkbox"
              id={index === 0 ? fieldId(formId, 'staffRoles') : fieldId(formId, `role-${role}`)}
              name={`role-${role}`}
              defaultChecked={staffRoles.includes(role)}
              disabled={disabled}
            />
            <label htmlFor={index === 0 ? fieldId(formId, 'staffRoles') : fieldId(formId, `role-${role}`)}>{t(`role.${role}`)}</label>
          </div>
        ))}
      </fieldset>
      <fieldset
        className={`form-fieldset${membershipsError ? ' has-error' : ''}`}
        id={fieldId(formId, 'memberships')}
        tabIndex={-1}
        aria-describedby={membershipsError ? `${fieldId(formId, 'memberships')}-error` : undefined}
      >
        <legend className="form-label">{t('admin.users.memberships')}</legend>
        <span className="form-hint">{t('admin.users.membershipsHint')}</span>
        {membershipsError ? (
          <span className="form-error" id={`${fieldId(formId, 'memberships')}-error`}>
            <span className="visually-hidden">{t('errors.titlePrefix')}</span>
            {t(membershipsError)}
          </span>
        ) : null}
        {choices.map((project) => {
          const current = memberships.find((m) => m.projectId === project.projectId);
          const id = fieldId(formId, `membership-${project.projectId}`);
          return (
            <div className="form-field" key={project.projectId}>
              <label className="form-label" htmlFor={id}>
                {project.projectCode}
              </label>
              <select
                id={id}
                name={`membership-${project.projectId}`}
                className="form-select"
                defaultValue={current ? `${current.organisationId}:${current.role}` : ''}
                disabled={disabled}
              >
                <option value="">{t('admin.users.noMembership')}</option>
                {project.partners.map((partner) => (
                  <option key={partner.id} value={`${partner.id}:contributor`}>
                    {t('admin.users.membershipOption', { organisation: partner.name, role: t('role.contributor') })}
                  </option>
                ))}
                {project.partners
                  .filter((partner) => partner.id === project.leadOrganisationId)
                  .map((partner) => (
                    <option key={`${partner.id}-lead`} value={`${partner.id}:penvoerder`}>
                      {t('admin.users.membershipOption', { organisation: partner.name, role: t('role.penvoerder') })}
                    </option>
                  ))}
              </select>
            </div>
          );
        })}
      </fieldset>
    </>
  );
}

/** A labelled select with inline error, ids formId-name. */
export function SelectField({
  formId,
  name,
  label,
  options,
  defaultValue,
  error,
  hint,
}: {
  formId: string;
  name: string;
  label: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  error?: TranslationKey;
  hint?: string;
}) {
  const { t } = useT();
  const id = fieldId(formId, name);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`form-field${error ? ' has-error' : ''}`}>
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <span className="form-hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="form-error" id={`${id}-error`}>
          <span className="visually-hidden">{t('errors.titlePrefix')}</span>
          {t(error)}
        </span>
      ) : null}
      <select id={id} name={name} className="form-select" defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={describedBy}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
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

/** Euro amounts as typed: "1.234.567,89", "1234567,89", "1234567.89" (checked again on the server). */
export const AMOUNT_PATTERN = /^\s*(€\s*)?(\d{1,3}(\.\d{3})+(,\d{1,2})?|\d+([.,]\d{1,2})?)\s*$/;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Cents as the amount field shows them: "1234567,89" (nl) or "1234567.89" (en), no grouping. */
export function centsToInput(cents: number, locale: 'nl' | 'en') {
  const text = `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  return locale === 'nl' ? text.replace('.', ',') : text;
}

/** A checkbox with its label (value "on" when checked). */
export function CheckboxField({ formId, name, label, defaultChecked }: { formId: string; name: string; label: string; defaultChecked?: boolean }) {
  const id = fieldId(formId, name);
  return (
    <div className="form-field checkbox">
      <input type="checkbox" id={id} name={name} defaultChecked={defaultChecked} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
