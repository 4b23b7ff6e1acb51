import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { getDb } from '#db/client';
import { recordId, wholeBetween } from '#app/components/admin/schema';
import { AdminBack, Confirmation, SubmitButton } from '#app/components/admin/shared';
import type { PageHandle } from '#app/components/document-title';
import { ErrorSummary, fieldId, parseForm, SelectField, TextField, useReportFormErrors, useValidatedForm, ValidatedForm, type FieldErrors } from '#app/components/form/index';
import { requiredDate, requiredText } from '#app/components/form/schema';
import { DataTable } from '#app/components/table';
import { useT, type TranslationKey } from '#app/i18n/index';
import { calendarOverview, closeReportingYear, extendDeadline, openReportingYear } from '#app/models/admin-calendar.server';
import { AdminError } from '#app/models/admin-programme.server';
import { requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { formatDate } from '#app/rules/dates';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:programme:any');
  // The daily job 'open-reporting-year' is registered in jobs.server.ts (scheduleDaily).
  return { programmes: await calendarOverview(getDb()), autoOpen: true };
}

/** The open/close buttons of each year (hidden fields; the year is written by the page, in digits). */
const YearSchema = z.object({
  programmeId: recordId('errors.admin.calendar.programme'),
  year: wholeBetween('nl', 2000, 2100, 'errors.admin.calendar.year'),
});
const YEAR_ID = 'year';

export const ExtendSchema = z.object({
  reportId: recordId('errors.admin.calendar.report'),
  dueDate: requiredDate('errors.admin.calendar.dueDate'),
  reason: requiredText(1000, 'errors.admin.calendar.reason'),
});
const EXTEND_ID = 'extend';
const EXTEND_FIELDS = ['reportId', 'dueDate', 'reason'] as const;

type Result = {
  form: 'year' | 'extend';
  errors: FieldErrors;
  /** The year row whose button was pressed, for the error summary's link. */
  row?: string;
  done?: TranslationKey;
  params?: Record<string, string | number>;
};
const rowName = (programmeId: unknown, year: unknown) => `${String(programmeId)}-${String(year)}`;

export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'manage:programme:any');
  const formData = await request.formData();
  const intent = formData.get('intent');
  const actor = auditActor(request, principal);
  const db = getDb();
  try {
    if (intent === 'open' || intent === 'close') {
      const parsed = await parseForm(formData, YearSchema);
      if (!parsed.ok) return data<Result>({ form: 'year', errors: parsed.errors, row: rowName(parsed.raw.programmeId, parsed.raw.year) }, { status: 400 });
      const { programmeId, year } = parsed.data;
      if (intent === 'open') {
        const result = await db.transaction((tx) => openReportingYear(tx, actor, programmeId, year));
        return data<Result>({ form: 'year', errors: {}, done: 'admin.calendar.opened', params: { year, created: result.created, existing: result.existing } });
      }
      await db.transaction((tx) => closeReportingYear(tx, actor, programmeId, year));
      return data<Result>({ form: 'year', errors: {}, done: 'admin.calendar.closed', params: { year } });
    }
    if (intent === 'extend') {
      const parsed = await parseForm(formData, ExtendSchema);
      if (!parsed.ok) return data<Result>({ form: 'extend', errors: parsed.errors }, { status: 400 });
      const result = await db.transaction((tx) => extendDeadline(tx, actor, parsed.data.reportId, parsed.data.dueDate, parsed.data.reason));
      return data<Result>({
        form: 'extend',
        errors: {},
        done: 'admin.calendar.extended',
        params: { project: result.projectCode, year: result.year, date: parsed.data.dueDate },
      });
    }
    return data<Result>({ form: 'year', errors: { _form: 'errors.admin.unknownAction' } }, { status: 400 });
  } catch (error) {
    if (error instanceof AdminError) {
      const row = intent === 'extend' ? undefined : rowName(formData.get('programmeId'), formData.get('year'));
      return data<Result>({ form: intent === 'extend' ? 'extend' : 'year', errors: { [error.field]: error.messageKey }, row }, { status: error.status });
    }
    throw error;
  }
}

export const handle: PageHandle = { title: (tr) => tr.t('admin.calendar.title') };

export default function AdminCalendar() {
  const { programmes, autoOpen } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as Result | undefined;
  const { t, locale } = useT();
  // A refused open/close: the summary links to the button of that year.
  const yearError = actionData?.form === 'year' ? Object.values(actionData.errors)[0] : undefined;
  const yearErrors: FieldErrors = yearError ? { [actionData?.row ?? '_form']: yearError } : {};
  useReportFormErrors(Boolean(yearError));
  const openReports = programmes.flatMap((p) => p.openReports);
  const done = actionData?.done;
  return (
    <>
      <AdminBack />
      <h1>{t('admin.calendar.title')}</h1>
      <p className="lead">{t('admin.calendar.intro')}</p>
      <p className="notice">{t(autoOpen ? 'admin.calendar.auto' : 'admin.calendar.autoManual')}</p>
      {done ? (
        <Confirmation>
          <p>{t(done, { ...actionData?.params, date: actionData?.params?.date ? formatDate(String(actionData.params.date), locale) : '' })}</p>
        </Confirmation>
      ) : null}
      <ErrorSummary formId={YEAR_ID} errors={yearErrors} />
      {programmes.map((programme) => (
        <section key={programme.id} aria-labelledby={`calendar-${programme.code}`}>
          <h2 id={`calendar-${programme.code}`}>{t('admin.calendar.programme', { code: programme.code })}</h2>
          <DataTable
            id={`calendar-table-${programme.code}`}
            caption={t('admin.calendar.tableCaption', { code: programme.code })}
            columns={[t('admin.calendar.year'), t('admin.calendar.status'), t('admin.calendar.dueDate'), t('admin.calendar.reports'), t('admin.calendar.actions')]}
          >
            {programme.years.map((row) => (
              <tr key={row.year}>
                <th scope="row">{row.year}</th>
                <td>{t(row.status === 'not_opened' ? 'admin.calendar.status.notOpened' : `admin.calendar.status.${row.status}`)}</td>
                <td>{formatDate(row.dueDate, locale)}</td>
                <td>{row.reports}</td>
                <td>
                  {row.status !== 'closed' ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="programmeId" value={programme.id} />
                      <input type="hidden" name="year" value={row.year} />
                      <SubmitButton id={fieldId(YEAR_ID, rowName(programme.id, row.year))} name="intent" value={row.status === 'open' ? 'close' : 'open'} variant="secondary">
                        {t(row.status === 'open' ? 'admin.calendar.close' : 'admin.calendar.open', { year: row.year })}
                      </SubmitButton>
                    </Form>
                  ) : (
                    '–'
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        </section>
      ))}

      <h2>{t('admin.calendar.extendTitle')}</h2>
      <p>{t('admin.calendar.extendIntro')}</p>
      {openReports.length === 0 ? <p>{t('admin.calendar.noReports')}</p> : <ExtendForm reports={openReports} serverErrors={actionData?.form === 'extend' ? actionData.errors : undefined} />}
    </>
  );
}

function ExtendForm({ reports, serverErrors }: { reports: { id: string; projectCode: string; year: number; dueDate: string }[]; serverErrors?: FieldErrors }) {
  const { t, locale } = useT();
  const state = useValidatedForm(ExtendSchema, { serverErrors });
  const { form, errors } = state;
  return (
    <ValidatedForm id={EXTEND_ID} state={state} order={EXTEND_FIELDS} className="form">
      <input type="hidden" name="intent" value="extend" />
      <SelectField
        formId={EXTEND_ID}
        label={t('admin.calendar.report')}
        error={errors.reportId}
        options={reports.map((r) => ({ value: r.id, label: t('admin.calendar.reportOption', { project: r.projectCode, year: r.year, date: formatDate(r.dueDate, locale) }) }))}
        {...form.register('reportId')}
      />
      <TextField formId={EXTEND_ID} label={t('admin.calendar.newDueDate')} type="date" error={errors.dueDate} {...form.register('dueDate')} />
      <TextField formId={EXTEND_ID} label={t('admin.calendar.reason')} error={errors.reason} {...form.register('reason')} />
      <SubmitButton>{t('admin.calendar.extend')}</SubmitButton>
    </ValidatedForm>
  );
}
