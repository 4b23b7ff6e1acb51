import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useHydrated } from '#app/components/use-hydrated';
import { useReportFormErrors } from '#app/components/form/title-errors';
import { useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useFieldArray, useWatch } from 'react-hook-form';
import type { PageHandle } from '#app/components/document-title';
import { CheckboxField, fieldId, SelectField, TextAreaField, TextField } from '#app/components/form/field';
import { useValidatedForm } from '#app/components/form/use-form';
import { ValidatedForm } from '#app/components/form/validated-form';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { FindingsList } from '#app/components/report/findings';
import { CostSummaryTable } from '#app/components/report/money-table';
import { AutosaveStatus, ConflictPanel, ReportHeader, useAutosave } from '#app/components/report/section-form';
import { SectionStatusTag } from '#app/components/report/status';
import { SectionQuestions } from '#app/components/review/section-questions';
import { useT } from '#app/i18n/index';
import { reportPageTitle } from '#app/report/section-title';
import { blankCostLine, type CostContext, costPartLabel, costPartOrder, costPartSchema, personnelLine } from '#app/report/sections/costs';
import { DEVIATION_KEYS, type DeviationKey } from '#app/rules/checks';
import { rateFromWage, WAGE_SURCHARGE_PERCENT } from '#app/rules/costs';
import { formatDate } from '#app/rules/dates';
import { COST_CATEGORIES, type CostCategory } from '#app/rules/domain';
import { partStatus } from '#app/report/snapshot';
import { LIMITS, needsExplanation } from '#app/rules/limits';
import type { Locale } from '#app/rules/locale';
import { formatHours, formatMoney, parseMoney } from '#app/rules/numbers';
import type { CostPartActionResult, loader } from '#app/report/sections/cost-part.server';

export { loader, action } from '#app/report/sections/cost-part.server';

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => reportPageTitle(tr, data ? tr.t('report.costs.partTitle', { name: data.partner.name }) : tr.t('report.costs.title'), data),
};

const FORM_ID = 'costs';

type LineValues = ReturnType<typeof blankCostLine>;
type LineField = keyof LineValues;

/** True once React runs in the browser: until then (and without JavaScript) every field is shown. */
const text = (value: unknown) => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

/**
 * The totals per category as the lines stand in the form now (a personnel line by its cost
 * method, another by its typed amount). A category with a line that cannot be read yet keeps its
 * saved total, so a half-typed number never makes an explanation appear or disappear.
 */
function liveTotals(lines: readonly Partial<LineValues>[], context: CostContext, locale: Locale, saved: Record<CostCategory, number>) {
  const totals = Object.fromEntries(COST_CATEGORIES.map((c) => [c, 0])) as Record<CostCategory, number>;
  const unreadable = new Set<CostCategory>();
  for (const line of lines) {
    const category = text(line.category) as CostCategory | '';
    if (!COST_CATEGORIES.includes(category as CostCategory)) continue;
    const c = category as CostCategory;
    if (c === 'personnel') {
      const computed = personnelLine(context, { hours: text(line.hours), wage: text(line.wage) }, locale);
      // Without the wage under loonkosten plus vaste opslag a line saves at € 0 (the checks ask for it).
      if (!computed.hours.ok || ('wage' in computed && computed.wage && !computed.wage.ok)) unreadable.add(c);
      else totals[c] += computed.amountCents ?? 0;
    } else {
      const amount = parseMoney(text(line.amount), locale);
      if (amount.ok) totals[c] += amount.cents;
      else unreadable.add(c);
    }
  }
  for (const c of unreadable) totals[c] = saved[c];
  return totals;
}

export default function CostPart() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData() as CostPartActionResult | undefined;
  const navigation = useNavigation();
  const { t, locale } = useT();
  const hydrated = useHydrated();
  const { project, report, canEdit, partner, budget, totals, paidCents, signedOff, findings } = loaderData;
  const { costMethod, hourlyRateCents, productiveHours } = loaderData.context;
  const context = useMemo<CostContext>(() => ({ costMethod, hourlyRateCents, productiveHours, budgetCents: budget }), [costMethod, hourlyRateCents, productiveHours, budget]);
  const schema = useMemo(() => costPartSchema(locale, context), [locale, context]);
  // What the server sent back (a refused save: the user's own input; a refused sign-off: only the version) over what is saved.
  const values = { ...loaderData.values, ...(actionData?.values as Partial<typeof loaderData.values> | undefined) };
  const lines0 = Array.isArray(values.lines) ? values.lines : [];
  // A sign-off refused by the checks shows them as its refusal at the top; its message stays at the checkbox.
  const refusedBy = actionData?.findings?.length ? actionData.findings : null;
  const formServerErrors = useMemo(() => {
    if (!refusedBy || !actionData?.errors) return actionData?.errors;
    const { confirm: _confirm, ...rest } = actionData.errors;
    return rest;
  }, [actionData?.errors, refusedBy]);
  // A refused sign-off is an error of the page too: "Fout: " in the title, with or without JavaScript.
  useReportFormErrors(Boolean(refusedBy) || Boolean(actionData?.errors?.confirm));
  const state = useValidatedForm(schema, { defaultValues: { ...values, lines: lines0 } as never, serverErrors: formServerErrors, serverValues: actionData?.values });
  const { form, errors } = state;
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'lines' as never });
  const watchedLines = (useWatch({ control: form.control, name: 'lines' as never }) ?? []) as Partial<LineValues>[];
  const watchedExplanations = (useWatch({ control: form.control, name: 'explanations' as never }) ?? {}) as Partial<Record<DeviationKey, string>>;
  const version = text(useWatch({ control: form.control, name: 'version' as never }) ?? values.version);
  const formRef = useRef<HTMLFormElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const autosave = useAutosave(formRef, canEdit, (v) => form.setValue('version' as never, String(v) as never));

  // After one of this page's own forms was saved (the server redirects back here), the form takes
  // the part as it is saved now — empty lines dropped, lines renumbered, the new version — just as
  // the page without JavaScript does.
  const submitted = useRef(false);
  useEffect(() => {
    if (navigation.state === 'submitting') submitted.current = true;
    else if (navigation.state === 'idle' && submitted.current) {
      submitted.current = false;
      if (!actionData) form.reset(loaderData.values as never);
    }
  }, [navigation.state, actionData, loaderData.values, form]);

  // Adding and removing a line with JavaScript: focus goes to the new line, or to the line that
  // took the removed one's place (the add button after the last), and the change is announced.
  const [announcement, setAnnouncement] = useState('');
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (!focusNext.current) return;
    const target = focusNext.current === 'add' ? addRef.current : document.getElementById(focusNext.current);
    focusNext.current = null;
    target?.focus();
  }, [fields]);
  const addLine = (event: MouseEvent<HTMLButtonElement>) => {
    event.preventDefault();
    focusNext.current = fieldId(FORM_ID, `lines.${fields.length}.category`);
    append(blankCostLine() as never, { shouldFocus: false });
    setAnnouncement(t('costPart.lineAdded', { n: fields.length + 1 }));
  };
  const removeLine = (index: number) => (event: MouseEvent<HTMLButtonElement>) => {
    event.preventDefault();
    focusNext.current = index < fields.length - 1 ? fieldId(FORM_ID, `lines.${index}.category`) : 'add';
    remove(index);
    setAnnouncement(t('costPart.lineRemoved', { n: index + 1 }));
    autosave.schedule();
  };

  const categoryOptions = COST_CATEGORIES.map((c) => ({ value: c, label: t(`report.costs.category.${c}`) }));
  const wageMethod = rateFromWage(context.costMethod);
  const field = (name: string, initial?: unknown) => ({
    formId: FORM_ID,
    error: errors[name],
    ...form.register(name as never),
    // A line's own values go with it when a line above it is removed.
    ...(initial === undefined ? {} : { defaultValue: text(initial) }),
  });

  // Explanations: asked for where the deviation (as the lines stand now) is above 25%, or where
  // one is given, asked for by the checks or refused; once shown, a field stays while the page is open.
  const live = liveTotals(watchedLines, context, locale, totals);
  const budgetTotal = COST_CATEGORIES.reduce((s, c) => s + budget[c], 0);
  const liveTotal = COST_CATEGORIES.reduce((s, c) => s + live[c], 0);
  const shownExplanations = useRef(new Set<DeviationKey>());
  const showExplanation = (key: DeviationKey) => {
    const path = `explanations.${key}`;
    const show =
      shownExplanations.current.has(key) ||
      Boolean(errors[path]) ||
      findings.some((f) => f.field === path) ||
      Boolean(text(watchedExplanations[key]).trim()) ||
      (key === 'total' ? needsExplanation(liveTotal, budgetTotal) : needsExplanation(live[key], budget[key]));
    if (show && hydrated) shownExplanations.current.add(key);
    return show;
  };

  return (
    <>
      <ReportHeader project={project} report={report} title={t('report.costs.partTitle', { name: partner.name })} />
      <SectionQuestions data={loaderData.questions} />
      {actionData?.conflict ? <ConflictPanel conflict={actionData.conflict} label={(path) => costPartLabel(path, t)} /> : null}
      {!canEdit ? <p className="notice">{t('report.form.readOnly')}</p> : null}
      {refusedBy ? (
        <FindingsList id="refused" findings={refusedBy} samePage refused={t('checks.signOffRefused')} />
      ) : canEdit ? (
        <FindingsList findings={findings} samePage title={t('checks.title')} intro={t('checks.intro')} />
      ) : null}
      <dl className="summary-list">
        <dt>{t('report.costs.status')}</dt>
        <dd>
          <SectionStatusTag status={partStatus({ signedOffAt: signedOff?.at ?? null, version: loaderData.partVersion })} />{' '}
          {signedOff ? t('report.costs.signedOff', { name: signedOff.by, date: formatDate(new Date(signedOff.at), locale) }) : t('report.costs.notSignedOff')}
        </dd>
        <dt>{t('report.costs.granted')}</dt>
        <dd>{formatMoney(partner.grantedCents, locale)}</dd>
        <dt>{t('report.costs.paid')}</dt>
        <dd>{formatMoney(paidCents, locale)}</dd>
      </dl>
      <p>
        {rateFromWage(partner.costMethod)
          ? t('report.costs.methodWage', { method: t(`costMethod.${partner.costMethod}`), hours: formatHours(productiveHours, locale) })
          : t('report.costs.method', { method: t(`costMethod.${partner.costMethod}`), rate: formatMoney(partner.hourlyRateCents, locale) })}
      </p>
      <CostSummaryTable id="part-summary" caption={t('report.costs.summary')} year={report.year} budget={budget} actual={totals} />

      <ValidatedForm id={FORM_ID} state={state} order={costPartOrder(fields.length)} onChange={autosave.schedule} ref={formRef} className="form report-form">
        <fieldset disabled={!canEdit} className="plain-fieldset">
          {/* Enter in a field saves (the first submit button of a form is its default), never removes a line. */}
          {canEdit ? (
            <button type="submit" name="intent" value="save" className="visually-hidden" tabIndex={-1} aria-hidden="true">
              {t('report.form.saveDraft')}
            </button>
          ) : null}
          <input type="hidden" {...form.register('version' as never)} />
          <h2>{t('report.costs.lines')}</h2>
          <p className="form-hint">
            {wageMethod
              ? t('costPart.personnelHint.wage', { hours: formatHours(context.productiveHours, locale), surcharge: WAGE_SURCHARGE_PERCENT })
              : t('costPart.personnelHint.rate', { rate: formatMoney(context.hourlyRateCents, locale) })}
            {canEdit ? ` ${t('costPart.emptyLinesHint')}` : ''}
          </p>
          {fields.map((row, i) => {
            const initial = row as unknown as Partial<LineValues>;
            const line = { ...blankCostLine(), ...initial, ...watchedLines[i] };
            const category = text(line.category);
            const personnel = category === 'personnel';
            const path = (f: LineField) => `lines.${i}.${f}`;
            // With JavaScript a field that does not fit the category is hidden (not removed) — unless
            // it holds something or has an error, so nothing is ever posted unseen.
            const hidden = (f: LineField, applies: boolean) => hydrated && !applies && !text(line[f]).trim() && !errors[path(f)];
            const wageShown = wageMethod || Boolean(text(initial.wage).trim()) || Boolean(errors[path('wage')]);
            const computed = personnel ? personnelLine(context, { hours: text(line.hours), wage: text(line.wage) }, locale) : null;
            const outputId = fieldId(FORM_ID, `lines.${i}.lineAmount`);
            return (
              <fieldset key={row.id} className="report-row">
                <legend>{t('report.form.row', { n: i + 1 })}</legend>
                <div className="field-grid">
                  <SelectField label={t('report.costs.category')} options={categoryOptions} placeholder={t('report.costs.chooseCategory')} {...field(path('category'), initial.category)} />
                  <TextField label={t('report.costs.description')} {...field(path('description'), initial.description)} />
                  <div hidden={hidden('employeeRef', personnel)}>
                    <TextField
                      label={t('report.costs.employeeRef')}
                      hint={t('costPart.employeeRefHint')}
                      autoComplete="off"
                      spellCheck={false}
                      className="input-short"
                      {...field(path('employeeRef'), initial.employeeRef)}
                    />
                  </div>
                  <div hidden={hidden('hours', personnel)}>
                    <TextField
                      label={t('report.costs.hours')}
                      hint={t('costPart.hoursHint', { ceiling: formatHours(context.productiveHours, locale) })}
                      inputMode="decimal"
                      className="input-short"
                      {...field(path('hours'), initial.hours)}
                    />
                  </div>
                  {wageShown ? (
                    <div hidden={hidden('wage', personnel && wageMethod)}>
                      <TextField label={t('report.costs.wage')} hint={t('costPart.wageHint')} inputMode="decimal" className="input-short" {...field(path('wage'), initial.wage)} />
                    </div>
                  ) : null}
                  <div hidden={hidden('amount', category !== '' && !personnel)}>
                    <TextField label={t('report.costs.amount')} hint={t('report.costs.amountHint')} inputMode="decimal" className="input-short" {...field(path('amount'), initial.amount)} />
                  </div>
                  {computed ? (
                    <div className="form-field">
                      <label className="form-label" htmlFor={outputId}>
                        {t('costPart.lineAmount')}
                      </label>
                      <output
                        id={outputId}
                        className="line-amount"
                        htmlFor={[fieldId(FORM_ID, path('hours')), ...(wageMethod ? [fieldId(FORM_ID, path('wage'))] : [])].join(' ')}
                        aria-live="polite"
                      >
                        {computed.amountCents === null ? (
                          <>
                            <span aria-hidden="true">—</span>
                            <span className="visually-hidden">{t(wageMethod ? 'costPart.lineAmountPendingWage' : 'costPart.lineAmountPending')}</span>
                          </>
                        ) : (
                          formatMoney(computed.amountCents, locale)
                        )}
                      </output>
                    </div>
                  ) : null}
                </div>
                {canEdit ? (
                  <div className="button-row line-actions">
                    <button type="submit" name="intent" value={`remove:${i}`} className="button button-secondary button-small" onClick={removeLine(i)}>
                      {t('costPart.removeLine')} <span className="visually-hidden">{t('costPart.removeLineWhich', { n: i + 1 })}</span>
                    </button>
                  </div>
                ) : null}
              </fieldset>
            );
          })}
          {canEdit && fields.length < LIMITS.costLines ? (
            <p>
              <button ref={addRef} type="submit" name="intent" value="add" className="button button-secondary" onClick={addLine}>
                {t('costPart.addLine')}
              </button>
            </p>
          ) : null}
          <p className="visually-hidden" role="status" aria-live="polite">
            {announcement}
          </p>
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
          <input type="hidden" name="version" value={version} />
          <CheckboxField formId={FORM_ID} name="confirm" label={t('report.costs.signOffConfirm')} error={actionData?.errors?.confirm} />
          <button type="submit" name="intent" value="signoff" className="button">
            {t('report.costs.signOff')}
          </button>
        </Form>
      ) : null}
      {canEdit && signedOff ? (
        <Form method="post" className="form report-form" id="withdraw" noValidate>
          <h2>{t('report.costs.signOffTitle')}</h2>
          <p className="form-hint">{t('costPart.withdrawHint')}</p>
          <input type="hidden" name="version" value={version} />
          <button type="submit" name="intent" value="withdraw" className="button button-secondary">
            {t('costPart.withdraw')}
          </button>
        </Form>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ReportErrorBoundary />;
}
