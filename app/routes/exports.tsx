import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect, redirectDocument } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from '@remix-run/react';
import type { FormEvent } from 'react';
import { z } from 'zod';
import { getDb } from '#db/client';
import { ErrorSummary, fieldId, type FieldErrors } from '#app/components/forms';
import { useValidatedForm } from '#app/components/use-validated-form';
import { useT, type TranslationKey } from '#app/i18n/index';
import { findProgramme } from '#app/models/export.server';
import { PROGRAMME_CODE } from '#app/models/programme.server';
import { parseFormData } from '#app/utils/forms';
import { pageTitle } from '#app/utils/meta';
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
const LANGUAGES = ['nl', 'en'] as const;
const enumError = (key: TranslationKey) => ({ errorMap: () => ({ message: key }) });

export const ExportFormSchema = z
  .object({
    kind: z.enum(KINDS, enumError('errors.export.kind.invalid')),
    year: z.coerce.number({ invalid_type_error: 'errors.export.year.invalid' }).int('errors.export.year.invalid'),
    format: z.enum(FORMATS, enumError('errors.export.format.invalid')),
    language: z.enum(LANGUAGES, enumError('errors.export.language.invalid')),
    intent: z.enum(['download', 'print']).default('download'),
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
  const parsed = await parseFormData(await request.formData(), ExportFormSchema);
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

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle(matches, (tr) => tr.t('export.title'));

export default function Exports() {
  const { programmeName, years, defaultYear, defaultLanguage, pdf } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useT();
  const { form, errors } = useValidatedForm(ExportFormSchema, {
    serverErrors: actionData?.errors,
    defaultValues: { kind: 'commission', year: defaultYear, format: 'xlsx', language: defaultLanguage, intent: 'download' },
  });
  const submit = useSubmit();
  // Submitted through the clicked button, so its intent (download or print view) goes along.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const target = submitter instanceof HTMLButtonElement ? submitter : event.currentTarget;
    void form.handleSubmit(() => submit(target))(event);
  };
  const kind = form.watch('kind');
  return (
    <>
      <p className="muted">{programmeName}</p>
      <h1>{t('export.title')}</h1>
      <ErrorSummary formId={FORM_ID} errors={errors} order={FIELDS} />
      <p className="lead">{t('export.intro')}</p>
      <Form method="post" className="form export-form" noValidate onSubmit={onSubmit} id={FORM_ID}>
        <RadioGroup
          name="kind"
          legend={t('export.form.kind')}
          error={errors.kind}
          options={KINDS.map((k) => ({ value: k, label: t(`export.kind.${k}`), hint: t(`export.kind.${k}.hint`) }))}
          register={form.register('kind')}
          defaultValue="commission"
        />
        <div className={`form-field${errors.year ? ' has-error' : ''}`}>
          <label className="form-label" htmlFor={fieldId(FORM_ID, 'year')}>
            {t('export.form.year')}
          </label>
          <span className="form-hint" id={`${fieldId(FORM_ID, 'year')}-hint`}>
            {t('export.form.yearHint')}
          </span>
          <FieldError name="year" error={errors.year} />
          <select
            id={fieldId(FORM_ID, 'year')}
            className="form-input export-select"
            aria-describedby={`${fieldId(FORM_ID, 'year')}-hint${errors.year ? ` ${fieldId(FORM_ID, 'year')}-error` : ''}`}
            aria-invalid={errors.year ? true : undefined}
            defaultValue={defaultYear}
            {...form.register('year')}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <RadioGroup
          name="format"
          legend={t('export.form.format')}
          error={errors.format}
          hint={!pdf.available ? t('export.format.pdfUnavailable', { path: pdf.path }) : kind === 'tam' ? t('export.format.pdfNotForTam') : undefined}
          options={FORMATS.map((f) => ({
            value: f,
            label: t(`export.format.${f}`),
            disabled: f === 'pdf' && (!pdf.available || kind === 'tam'),
          }))}
          register={form.register('format')}
          defaultValue="xlsx"
        />
        <RadioGroup
          name="language"
          legend={t('export.form.language')}
          hint={t('export.form.languageHint')}
          error={errors.language}
          options={LANGUAGES.map((l) => ({ value: l, label: t(`export.language.${l}`) }))}
          register={form.register('language')}
          defaultValue={defaultLanguage}
          inline
        />
        <div className="button-row">
          <button type="submit" name="intent" value="download" className="button" disabled={navigation.state === 'submitting'}>
            {t('export.form.submit')}
          </button>{' '}
          <button type="submit" name="intent" value="print" className="button button-secondary" disabled={navigation.state === 'submitting'}>
            {t('export.form.printView')}
          </button>
        </div>
      </Form>
    </>
  );
}

function FieldError({ name, error }: { name: string; error?: TranslationKey }) {
  const { t } = useT();
  if (!error) return null;
  return (
    <span className="form-error" id={`${fieldId(FORM_ID, name)}-error`}>
      <span className="visually-hidden">{t('errors.titlePrefix')}</span>
      {t(error)}
    </span>
  );
}

type Registered = ReturnType<ReturnType<typeof useValidatedForm>['form']['register']>;

/** A fieldset of radio buttons; the first radio carries the field id the error summary links to. */
function RadioGroup({
  name,
  legend,
  hint,
  error,
  options,
  register,
  inline,
  defaultValue,
}: {
  name: string;
  legend: string;
  hint?: string;
  error?: TranslationKey;
  options: Array<{ value: string; label: string; hint?: string; disabled?: boolean }>;
  register: Registered;
  inline?: boolean;
  /** Checked in the server-rendered HTML too (react-hook-form's defaults only apply after hydration). */
  defaultValue: string;
}) {
  const id = fieldId(FORM_ID, name);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className={`form-field export-fieldset${error ? ' has-error' : ''}`} aria-describedby={describedBy}>
      <legend className="form-label">{legend}</legend>
      {hint ? (
        <span className="form-hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      <FieldError name={name} error={error} />
      <div className={inline ? 'export-radios export-radios-inline' : 'export-radios'}>
        {options.map((option, i) => {
          const optionId = i === 0 ? id : `${id}-${option.value}`;
          return (
            <div className="export-radio" key={option.value}>
              <input
                type="radio"
                id={optionId}
                value={option.value}
                defaultChecked={option.value === defaultValue}
                disabled={option.disabled} aria-describedby={option.hint ? `${optionId}-hint` : undefined}
                {...register}
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
    </fieldset>
  );
}
