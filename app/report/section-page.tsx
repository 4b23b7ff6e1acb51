import { useActionData, useLoaderData } from '@remix-run/react';
import { useMemo, useRef, type ReactNode } from 'react';
import type { FieldValues, UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';
import { ValidatedForm } from '#app/components/form/validated-form';
import { useValidatedForm } from '#app/components/form/use-form';
import type { FieldErrors } from '#app/components/form/field';
import { ConflictPanel, ReportHeader, SectionSaveControls, useAutosave } from '#app/components/report/section-form';
import { SectionQuestions, type SectionQuestionsData } from '#app/components/review/section-questions';
import { FindingsList } from '#app/components/report/findings';
import { useT } from '#app/i18n/index';
import type { Finding } from '#app/rules/checks';
import type { ReportStatus } from '#app/rules/domain';
import type { SectionDefinition } from './section';

/** What every section loader returns (see sectionLoader in engine.server.ts). */
export interface SectionPageData<Extra, Values> {
  project: { code: string; name: string };
  report: { year: number; status: ReportStatus };
  questions: SectionQuestionsData;
  /** What the checks find in this section now. */
  findings: Finding[];
  canEdit: boolean;
  extra: Extra;
  values: Values & { version: string; complete?: boolean };
}

/** What a section action answers besides a redirect (see saveAnswer). */
export interface SectionActionData {
  errors?: FieldErrors;
  values?: Record<string, unknown>;
  conflict?: { mine: unknown; current: unknown };
  /** The blocking findings that refused "this section is complete". */
  findings?: Finding[];
}

/** Hands a field its id, name, error and registration: `<TextField label=… {...field('summary')} />`. */
export type FieldBinder = (name: string) => { formId: string; name: string; error: FieldErrors[string] } & ReturnType<UseFormReturn<FieldValues>['register']>;

/**
 * The one section page: header (project, year, status), RVO's questions, the error summary, the
 * conflict panel (own input next to what is saved now), the read-only notice, and a validated form
 * with the version, autosave, "this section is complete" and Save. The route module only lays out
 * its fields: `children` gets the values shown and a `field()` binder.
 */
export function SectionPage<Part, Extra, Values extends Record<string, unknown>, S extends z.ZodTypeAny>({
  definition,
  intro,
  children,
}: {
  definition: SectionDefinition<Part, Extra, Values, S>;
  intro?: ReactNode;
  children: (helpers: { values: Values; extra: Extra; field: FieldBinder; register: (name: string) => ReturnType<UseFormReturn<FieldValues>['register']>; canEdit: boolean; errors: FieldErrors }) => ReactNode;
}) {
  const loaderData = useLoaderData() as unknown as SectionPageData<Extra, Values>;
  const actionData = useActionData() as SectionActionData | undefined;
  const { t, locale } = useT();
  const { project, report, canEdit, extra } = loaderData;
  const schema = useMemo(() => definition.schema(locale, extra), [definition, locale, extra]);
  const values = ((actionData?.values as typeof loaderData.values | undefined) ?? loaderData.values) as typeof loaderData.values;
  const state = useValidatedForm(schema as unknown as z.ZodType<unknown, z.ZodTypeDef, FieldValues>, {
    defaultValues: values as never,
    serverErrors: actionData?.errors,
    serverValues: actionData?.values,
  });
  const { form, errors } = state;
  const formRef = useRef<HTMLFormElement>(null);
  const autosave = useAutosave(formRef, canEdit, (v) => form.setValue('version' as never, String(v) as never));
  const field: FieldBinder = (name) => ({ formId: definition.formId, error: errors[name], ...form.register(name as never) });
  const title = t(definition.titleKey);
  return (
    <>
      <ReportHeader project={project} report={report} title={title} />
      <SectionQuestions data={loaderData.questions} />
      {actionData?.conflict ? <ConflictPanel conflict={actionData.conflict} label={(path) => definition.label(path, extra, t)} /> : null}
      {!canEdit ? <p className="notice">{t('report.form.readOnly')}</p> : null}
      {actionData?.findings?.length ? (
        <FindingsList id="refused" findings={actionData.findings} samePage refused={t('checks.completeRefused')} />
      ) : canEdit ? (
        <FindingsList findings={loaderData.findings} samePage intro={t('checks.intro')} />
      ) : null}
      {intro}
      <ValidatedForm
        id={definition.formId}
        state={state}
        order={definition.order(values, extra)}
        onChange={autosave.schedule}
        ref={formRef}
        className="form report-form"
      >
        <fieldset disabled={!canEdit} className="plain-fieldset">
          <input type="hidden" {...form.register('version' as never)} />
          {children({ values, extra, field, register: (name) => form.register(name as never), canEdit, errors })}
          <SectionSaveControls formId={definition.formId} canEdit={canEdit} autosave={autosave} error={errors.complete} complete={form.register('complete' as never)} />
        </fieldset>
      </ValidatedForm>
    </>
  );
}
