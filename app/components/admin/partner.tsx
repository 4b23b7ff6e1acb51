import type { UseFormRegisterReturn } from 'react-hook-form';
import { z } from 'zod';
import { SelectField, TextField, type FieldErrors } from '#app/components/form/index';
import { oneOf, requiredDate, requiredMoney, requiredText } from '#app/components/form/schema';
import { useT } from '#app/i18n/index';
import { COST_METHODS, ENTERPRISE_TYPES } from '#app/rules/domain';
import type { Locale } from '#app/rules/locale';
import { moneyBetween } from './schema';

/**
 * A partner's grant — the same fields when a project is created (for its penvoerder), when a
 * partner is added and when a partner is changed — and the organisation's register data.
 */

/** The database allows an hourly rate above € 0 up to € 1.000 (check project_partners_rate_ck). */
export const HOURLY_RATE_MAX_CENTS = 100_000;

export const grantShape = (locale: Locale) => ({
  grantedEuros: requiredMoney(locale),
  grantedOn: requiredDate('errors.admin.date.invalid'),
  enterpriseTypeAtGrant: oneOf(ENTERPRISE_TYPES, 'errors.admin.partner.enterpriseType'),
  costMethod: oneOf(COST_METHODS, 'errors.admin.partner.costMethod'),
  hourlyRateEuros: moneyBetween(locale, 1, HOURLY_RATE_MAX_CENTS, 'errors.admin.partner.hourlyRate'),
});
export const GRANT_FIELDS = ['grantedEuros', 'grantedOn', 'enterpriseTypeAtGrant', 'costMethod', 'hourlyRateEuros'] as const;

export const registerShape = {
  kvkNumber: requiredText(8, 'errors.admin.partner.kvk').regex(/^\d{8}$/, 'errors.admin.partner.kvk'),
  nuts2Region: requiredText(4, 'errors.admin.partner.nuts2').toUpperCase().regex(/^[A-Z]{2}[0-9A-Z]{2}$/, 'errors.admin.partner.nuts2'),
  naceCode: requiredText(5, 'errors.admin.partner.nace').regex(/^\d{2}\.\d{1,2}$/, 'errors.admin.partner.nace'),
};
export const REGISTER_FIELDS = ['kvkNumber', 'nuts2Region', 'naceCode'] as const;

/** A partner's grant and register data (the partner forms of the project page). */
export const partnerSchema = (locale: Locale) => z.object({ ...grantShape(locale), ...registerShape });
export const PARTNER_FIELDS = [...GRANT_FIELDS, ...REGISTER_FIELDS] as const;

type Field<N extends string> = (name: N) => UseFormRegisterReturn;

/** The grant fields; the amounts as the page's language writes them. */
export function GrantFields({ formId, errors, field }: { formId: string; errors: FieldErrors; field: Field<(typeof GRANT_FIELDS)[number]> }) {
  const { t } = useT();
  return (
    <>
      <TextField formId={formId} label={t('admin.partner.granted')} hint={t('admin.amountHint')} inputMode="decimal" error={errors.grantedEuros} {...field('grantedEuros')} />
      <TextField formId={formId} label={t('admin.partner.grantedOn')} type="date" error={errors.grantedOn} {...field('grantedOn')} />
      <SelectField
        formId={formId}
        label={t('admin.partner.enterpriseTypeAtGrant')}
        error={errors.enterpriseTypeAtGrant}
        options={ENTERPRISE_TYPES.map((v) => ({ value: v, label: t(`enterpriseType.${v}`) }))}
        {...field('enterpriseTypeAtGrant')}
      />
      <SelectField
        formId={formId}
        label={t('admin.partner.costMethod')}
        error={errors.costMethod}
        options={COST_METHODS.map((v) => ({ value: v, label: t(`costMethod.${v}`) }))}
        {...field('costMethod')}
      />
      <TextField formId={formId} label={t('admin.partner.hourlyRate')} hint={t('admin.amountHint')} inputMode="decimal" error={errors.hourlyRateEuros} {...field('hourlyRateEuros')} />
    </>
  );
}

/** The grant fields and the organisation's KvK number, NUTS 2 region and NACE code. */
export function PartnerFields({ formId, errors, field }: { formId: string; errors: FieldErrors; field: Field<(typeof PARTNER_FIELDS)[number]> }) {
  const { t } = useT();
  return (
    <>
      <GrantFields formId={formId} errors={errors} field={field} />
      <TextField formId={formId} label={t('admin.partner.kvk')} inputMode="numeric" error={errors.kvkNumber} {...field('kvkNumber')} />
      <TextField formId={formId} label={t('admin.partner.nuts2')} hint={t('admin.partner.nuts2Hint')} error={errors.nuts2Region} {...field('nuts2Region')} />
      <TextField formId={formId} label={t('admin.partner.nace')} hint={t('admin.partner.naceHint')} error={errors.naceCode} {...field('naceCode')} />
    </>
  );
}
