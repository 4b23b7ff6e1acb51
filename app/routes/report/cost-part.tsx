import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useMemo, useRef } from 'react';
import type { PageHandle } from '#app/components/document-title';
import { CheckboxField, SelectField, TextAreaField, TextField } from '#app/components/form/field';
import { useValidatedForm } from '#app/components/form/use-form';
import { ValidatedForm } from '#app/components/form/validated-form';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { CostSummaryTable } from '#app/components/report/money-table';
import { AutosaveStatus, ConflictPanel, ReportHeader, useAutosave } from '#app/components/report/section-form';
import { SectionStatusTag } from '#app/components/report/status';
import { SectionQuestions } from '#app/components/review/section-questions';
import { useT } from '#app/i18n/index';
import type { SectionActionData } from '#app/report/section-page';
import { reportPageTitle } from '#app/report/section-title';
import { costPartLabel, costPartOrder, costPartSchema, DEVIATION_KEYS, type DeviationKey } from '#app/report/sections/costs';
import { RowsHint } from '#app/report/sections/view-parts';
import { formatDate } from '#app/rules/dates';
import { COST_CATEGORIES } from '#app/rules/domain';
import { needsExplanation } from '#app/rules/limits';
import { formatMoney } from '#app/rules/numbers';
import type { loader } from '#app/report/sections/costs.server';

export { loader, action } from '#app/report/sections/costs.server';

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => reportPageTitle(tr, data ? tr.t('report.costs.partTitle', { name: data.partner.name }) : tr.t('report.costs.title'), data),
};

const FORM_ID = 'costs';

export default function CostPart() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData() as SectionActionData | undefined;
  const navigation = useNavigation();
  const { t, locale } = useT();
  const { project, report, canEdit, partner, budget, totals, paidCents, signedOff } = loaderData;
  const schema = useMemo(() => costPartSchema(locale, { hourlyRateCents: partner.hourlyRateCents, budgetCents: budget }), [locale, partner.hourlyRateCents, budget]);
  const values = (actionData?.values as typeof loaderData.values | undefined) ?? loaderData.values;
  const state = useValidatedForm(schema, { defaultValues: values, serverErrors: actionData?.errors, serverValues: actionData?.values });
  const { form, errors } = state;
  const formRef = useRef<HTMLFormElement>(null);
  const autosave = useAutosave(formRef, canEdit, (v) => form.setValue('version', String(v)));
  const rows = values.lines ?? [];
  const categoryOptions = COST_CATEGORIES.map((c) => ({ value: c, label: t(`report.costs.category.${c}`) }));
  const budgetTotal = COST_CATEGORIES.reduce((s, c) => s + budget[c], 0);
  const actualTotal = COST_CATEGORIES.reduce((s, c) => s + totals[c], 0);
  const showExplanation = (key: DeviationKey) =>
    Boolean(errors[`explanations.${key}`]) ||
    Boolean(values.explanations?.[key]) ||
    (key === 'total' ? needsExplanation(actualTotal, budgetTotal) : needsExplanation(totals[key], budget[key]));
  const field = (name: string) => ({ formId: FORM_ID, error: errors[name], ...form.register(name as never) });
  return (
    <>
      <ReportHeader project={project} report={report} title={t('report.costs.partTitle', { name: partner.name })} />
      <SectionQuestions data={loaderData.questions} />
      {actionData?.conflict ? <ConflictPanel conflict={actionData.conflict} label={(path) => costPartLabel(path, t)} /> : null}
      {!canEdit ? <p className="notice">{t('report.form.readOnly')}</p> : null}
      <dl className="summary-list">
        <dt>{t('report.costs.status')}</dt>
        <dd>
          <SectionStatusTag status={signedOff ? 'completed' : loaderData.partVersion > 0 ? 'in_progress' : 'not_started'} />{' '}
          {signedOff ? t('report.costs.signedOff', { name: signedOff.by, date: formatDate(new Date(signedOff.at), locale) }) : t('report.costs.notSignedOff')}
        </dd>
        <dt>{t('report.costs.granted')}</dt>
        <dd>{formatMoney(partner.grantedCents, locale)}</dd>
        <dt>{t('report.costs.paid')}</dt>
        <dd>{formatMoney(paidCents, locale)}</dd>
      </dl>
      <p>{t('report.costs.method', { method: t(`costMethod.${partner.costMethod}`), rate: formatMoney(partner.hourlyRateCents, locale) })}</p>
      <CostSummaryTable id="part-summary" caption={t('report.costs.summary')} year={report.year} budget={budget} actual={totals} />

      <ValidatedForm id={FORM_ID} state={state} order={costPartOrder(rows.length)} onChange={autosave.schedule} ref={formRef} className="form report-form">
        <fieldset disabled={!canEdit} className="plain-fieldset">
          <input type="hidden" {...form.register('version')} />
          <h2>{t('report.costs.lines')}</h2>
          <RowsHint canEdit={canEdit} before={t('report.costs.personnelHint')} />
          {rows.map((_, i) => (
            <fieldset key={i} className="report-row">
              <legend>{t('report.form.row', { n: i + 1 })}</legend>
              <div className="field-grid">
                <SelectField label={t('report.costs.category')} options={categoryOptions} placeholder={t('report.costs.chooseCategory')} {...field(`lines.${i}.category`)} />
                <TextField label={t('report.costs.description')} {...field(`lines.${i}.description`)} />
                <TextField label={t('report.costs.hours')} inputMode="numeric" className="input-short" {...field(`lines.${i}.hours`)} />
                <TextField label={t('report.costs.amount')} hint={t('report.costs.amountHint')} inputMode="decimal" className="input-short" {...field(`lines.${i}.amount`)} />
              </div>
            </fieldset>
          ))}
          <h2>{t('report.costs.explanations')}</h2>
          <p className="form-hint">{t('report.costs.explanationsHint')}</p>
          {DEVIATION_KEYS.filter(showExplanation).map((key) => (
            <TextAreaField key={key} label={t('report.costs.explanation', { category: t(`report.costs.category.${key}`) })} rows={3} {...field(`explanations.${key}`)} />
          ))}
          {canEdit ? (
            <div className="button-row">
              {signedOff ? <p className="notice">{t('report.costs.signOffWithdrawn')}</p> : null}
              <button type="submit" name="intent" value="save" className="button" disabled={navigation.state === 'submitting'}>
                {t('report.form.saveDraft')}
              </button>
              <AutosaveStatus {...autosave} />
            </div>
          ) : null}
        </fieldset>
      </ValidatedForm>

      {canEdit && !signedOff ? (
        <Form method="post" className="form report-form" id="signoff" noValidate>
          <h2>{t('report.costs.signOffTitle')}</h2>
          <input type="hidden" name="version" value={values.version} />
          <CheckboxField formId={FORM_ID} name="confirm" label={t('report.costs.signOffConfirm')} error={errors.confirm} />
          <button type="submit" name="intent" value="signoff" className="button">
            {t('report.costs.signOff')}
          </button>
        </Form>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ReportErrorBoundary />;
}
