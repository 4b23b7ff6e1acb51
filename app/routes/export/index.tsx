import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect, redirectDocument } from '@remix-run/node';
import { useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { getDb } from '#db/client';
import type { PageHandle } from '#app/components/document-title';
import { fieldId, FieldGroup, parseForm, SelectField, useValidatedForm, ValidatedForm, type FieldErrors } from '#app/components/form/index';
import { oneOf } from '#app/components/form/schema';
import { useT } from '#app/i18n/index';
import { findProgramme } from '#app/models/export.server';
import { PROGRAMME_CODE } from '#app/models/programme.server';
import { LOCALES } from '#app/rules/locale';
import { chromiumPath, hasChromium } from '#app/utils/pdf.server';
import { notFound, requirePermission } from '#app/utils/permissions.server';
import { resolveLocale } from '#app/utils/locale.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, 'export:summary:any');
  const programme = await findProgramme(getDb(), PROGRAMME_CODE);
  if (!programme) notFound();
  const years: number[] = [];
  for (let y = programme.firstReportingYear; y <= programme.lastReportingYear; y++) years.push(y);
  // Default: the last completed calendar year, within the programme's years.
  const lastYear = new Date().getFullYear() - 1;
  const defaultYear = Math.min(Math.max(lastYear, programme.firstReportingYear), programme.lastReportingYear);
  return {
    programmeName: programme.name,
    years,
    defaultYear,
    defaultLanguage: resolveLocale(request, principal),
    pdf: { available: hasChromium(), path: chromiumPath() },
  };
}

const KINDS = ['commission', 'ez', 'tam'] as const;
const FORMATS = ['xlsx', 'csv', 'json', 'pdf'] as const;

export const ExportFormSchema = z
  .object({
    kind: oneOf(KINDS, 'errors.export.kind.invalid'),
    year: z.coerce.number({ invalid_type_error: 'errors.export.year.invalid' }).int('errors.export.year.invalid'),
    format: oneOf(FORMATS, 'errors.export.format.invalid'),
    language: oneOf(LOCALES, 'errors.export.language.invalid'),
    // Which button was pressed: the file, or the print view.
    intent: oneOf(['download', 'print'], 'errors.export.format.invalid').default('download'),
  })
  .superRefine((value, ctx) => {
    if (value.kind === 'tam' && value.format === 'pdf' && value.intent === 'download') {
      ctx.addIssue({ code: 'custom', path: ['format'], message: 'errors.export.format.pdfNotForTam' });
    }
  });
const FIELDS = ['kind', 'year', 'format', 'language'] as const;
const FORM_ID = 'export';

/** The query string of a download or print view (Dutch parameter names, as in the URLs). */
export function exportQuery(value: { kind: string; year: number; format?: string; language: string }) {
  const params = new URLSearchParams({ soort: value.kind, jaar: String(value.year), taal: value.language });
  if (value.format) params.set('formaat', value.format);
  return params.toString();
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, 'export:summary:any');
  const parsed = await parseForm(await request.formData(), ExportFormSchema);
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  const programme = await findProgramme(getDb(), PROGRAMME_CODE);
  if (!programme) notFound();
  const { year, intent } = parsed.data;
  if (year < programme.firstReportingYear || year > programme.lastReportingYear) {
    const errors: FieldErrors = { year: 'errors.export.year.invalid' };
    return data({ errors }, { status: 400 });
  }
  if (intent === 'print') return redirect(`/exporten/afdruk?${exportQuery({ ...parsed.data, format: undefined })}`);
  // A file download: the browser must load it as a document, not as Remix data.
  return redirectDocument(`/exporten/bestand?${exportQuery(parsed.data)}`);
}

export const handle: PageHandle = { title: (tr) => tr.t('export.title') };

export default function Exports() {
  const { programmeName, years, defaultYear, defaultLanguage, pdf } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useT();
  const state = useValidatedForm(ExportFormSchema, {
    serverErrors: actionData?.errors,
    defaultValues: { kind: 'commission', year: defaultYear, format: 'xlsx', language: defaultLanguage },
  });
  const { form, errors } = state;
  const kind = form.watch('kind');
  const busy = navigation.state === 'submitting';
  return (
    <>
      <p className="muted">{programmeName}</p>
      <h1>{t('export.title')}</h1>
      <p className="lead">{t('export.intro')}</p>
      {/* The pressed button (download or print view) is posted along with the fields. */}
      <ValidatedForm id={FORM_ID} state={state} order={FIELDS} className="form export-form">
        <RadioGroup
          state={state}
          name="kind"
          legend={t('export.form.kind')}
          options={KINDS.map((k) => ({ value: k, label: t(`export.kind.${k}`), hint: t(`export.kind.${k}.hint`) }))}
        />
        <SelectField
          formId={FORM_ID}
          label={t('export.form.year')}
          hint={t('export.form.yearHint')}
          error={errors.year}
          className="export-select"
          options={years.map((y) => ({ value: String(y), label: String(y) }))}
          {...form.register('year')}
        />
        <RadioGroup
          state={state}
          name="format"
          legend={t('export.form.format')}
          hint={!pdf.available ? t('export.format.pdfUnavailable', { path: pdf.path }) : kind === 'tam' ? t('export.format.pdfNotForTam') : undefined}
          options={FORMATS.map((f) => ({ value: f, label: t(`export.format.${f}`), disabled: f === 'pdf' && (!pdf.available || kind === 'tam') }))}
        />
        <RadioGroup
          state={state}
          name="language"
          legend={t('export.form.language')}
          hint={t('export.form.languageHint')}
          options={LOCALES.map((l) => ({ value: l, label: t(`export.language.${l}`) }))}
          inline
        />
        <div className="button-row">
          <button type="submit" name="intent" value="download" className="button" disabled={busy}>
            {t('export.form.submit')}
          </button>{' '}
          <button type="submit" name="intent" value="print" className="button button-secondary" disabled={busy}>
            {t('export.form.printView')}
          </button>
        </div>
      </ValidatedForm>
    </>
  );
}

/**
 * A group of radio buttons in the form system's field group: the group (`export-kind`) carries the
 * legend, hint and error and is what the error summary links to; each radio is `export-kind-<value>`.
 * The saved choice is checked in the server-rendered HTML too (without JavaScript).
 */
type ExportFormState = ReturnType<typeof useValidatedForm<typeof ExportFormSchema>>;

function RadioGroup({
  state,
  name,
  legend,
  hint,
  options,
  inline,
}: {
  state: ExportFormState;
  name: 'kind' | 'format' | 'language';
  legend: string;
  hint?: string;
  options: ReadonlyArray<{ value: string; label: string; hint?: string; disabled?: boolean }>;
  inline?: boolean;
}) {
  const error = state.errors[name];
  // A radio's value is its own; what the field holds decides which one is checked.
  const { defaultValue: current, ...registered }: ReturnType<ExportFormState['form']['register']> & { defaultValue?: string } = state.form.register(name);
  return (
    <FieldGroup formId={FORM_ID} name={name} legend={legend} hint={hint} error={error}>
      <div className={inline ? 'export-radios export-radios-inline' : 'export-radios'}>
        {options.map((option) => {
          const optionId = `${fieldId(FORM_ID, name)}-${option.value}`;
          return (
            <div className="export-radio" key={option.value}>
              <input
                type="radio"
                id={optionId}
                value={option.value}
                defaultChecked={option.value === current}
                disabled={option.disabled}
                aria-invalid={error ? true : undefined}
                aria-describedby={option.hint ? `${optionId}-hint` : undefined}
                {...registered}
              />
              <label htmlFor={optionId}>{option.label}</label>
              {option.hint ? (
                <span className="form-hint export-radio-hint" id={`${optionId}-hint`}>
                  {option.hint}
                </span>
              ) : null}
            </div>
          );
        })}
      </div>
    </FieldGroup>
  );
}
