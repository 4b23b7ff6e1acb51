import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { getDb } from '#db/client';
import { ErrorSummary, TextField, type FieldErrors } from '#app/components/forms';
import { useValidatedForm } from '#app/components/use-validated-form';
import { useT, type TranslationKey } from '#app/i18n/index';
import { calendarOverview, closeReportingYear, extendDeadline, openReportingYear } from '#app/models/admin-calendar.server';
import { AdminError } from '#app/models/admin-programme.server';
import { isUuid } from '#app/models/users.server';
import { parseFormData } from '#app/utils/forms';
import { pageTitle } from '#app/utils/meta';
import { requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { AdminBack, Confirmation, DATE_PATTERN, SelectField } from './admin-shared';
import { formatDate } from '#app/rules/dates';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:programme:any');
  // The daily job 'open-reporting-year' is registered in jobs.server.ts (scheduleDaily).
  return { programmes: await calendarOverview(getDb()), autoOpen: true };
}

const YearSchema = z.object({
  programmeId: z.string().refine(isUuid, 'errors.admin.calendar.programme'),
  year: z.coerce.number().int('errors.admin.calendar.year').min(2000, 'errors.admin.calendar.year').max(2100, 'errors.admin.calendar.year'),
});

export const ExtendSchema = z.object({
  // The select is not registered with the browser form; the server checks the id.
  reportId: z.string().optional(),
  dueDate: z.string().regex(DATE_PATTERN, 'errors.admin.calendar.dueDate'),
  reason: z.string().trim().min(1, 'errors.admin.calendar.reason').max(1000, 'errors.admin.calendar.reason'),
});
const EXTEND_ID = 'extend';
const EXTEND_FIELDS = ['reportId', 'dueDate', 'reason'] as const;

type Result = { form: 'year' | 'extend'; errors: FieldErrors; done?: TranslationKey; params?: Record<string, string | number> };

export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'manage:programme:any');
  const formData = await request.formData();
  const intent = formData.get('intent');
  const actor = auditActor(request, principal);
  const db = getDb();
  try {
    if (intent === 'open' || intent === 'close') {
      const parsed = await parseFormData(formData, YearSchema);
      if (!parsed.ok) return data<Result>({ form: 'year', errors: parsed.errors }, { status: 400 });
      const { programmeId, year } = parsed.data;
      if (intent === 'open') {
        const result = await db.transaction((tx) => openReportingYear(tx, actor, programmeId, year));
        return data<Result>({ form: 'year', errors: {}, done: 'admin.calendar.opened', params: { year, created: result.created, existing: result.existing } });
      }
      await db.transaction((tx) => closeReportingYear(tx, actor, programmeId, year));
      return data<Result>({ form: 'year', errors: {}, done: 'admin.calendar.closed', params: { year } });
    }
    if (intent === 'extend') {
      const parsed = await parseFormData(formData, ExtendSchema);
      if (!parsed.ok) return data<Result>({ form: 'extend', errors: parsed.errors }, { status: 400 });
      if (!parsed.data.reportId || !isUuid(parsed.data.reportId)) return data<Result>({ form: 'extend', errors: { reportId: 'errors.admin.calendar.report' } }, { status: 400 });
      const result = await db.transaction((tx) => extendDeadline(tx, actor, parsed.data.reportId!, parsed.data.dueDate, parsed.data.reason));
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
      return data<Result>({ form: intent === 'extend' ? 'extend' : 'year', errors: { [error.field]: error.messageKey } }, { status: error.status });
    }
    throw error;
  }
}

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle(matches, (tr) => tr.t('admin.calendar.title'));

export default function AdminCalendar() {
  const { programmes, autoOpen } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as Result | undefined;
  const navigation = useNavigation();
  const { t, locale } = useT();
  const extendErrors = actionData?.form === 'extend' ? actionData.errors : undefined;
  const yearError = actionData?.form === 'year' ? Object.values(actionData.errors)[0] : undefined;
  const { form, errors, onSubmit } = useValidatedForm(ExtendSchema, { serverErrors: extendErrors });
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
      {yearError ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <h2>{t('errors.summaryTitle')}</h2>
          <p>{t(yearError)}</p>
        </div>
      ) : null}
      {programmes.map((programme) => (
        <section key={programme.id} aria-labelledby={`calendar-${programme.code}`}>
          <h2 id={`calendar-${programme.code}`}>{t('admin.calendar.programme', { code: programme.code })}</h2>
          <div className="table-wrap" role="region" aria-labelledby={`calendar-caption-${programme.code}`} tabIndex={0}>
            <table>
              <caption id={`calendar-caption-${programme.code}`}>{t('admin.calendar.tableCaption', { code: programme.code })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.calendar.year')}</th>
                  <th scope="col">{t('admin.calendar.status')}</th>
                  <th scope="col">{t('admin.calendar.dueDate')}</th>
                  <th scope="col">{t('admin.calendar.reports')}</th>
                  <th scope="col">{t('admin.calendar.actions')}</th>
                </tr>
              </thead>
              <tbody>
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
                          <button
                            type="submit"
                            name="intent"
                            value={row.status === 'open' ? 'close' : 'open'}
                            className="button button-secondary"
                            disabled={navigation.state === 'submitting'}
                          >
                            {t(row.status === 'open' ? 'admin.calendar.close' : 'admin.calendar.open', { year: row.year })}
                          </button>
                        </Form>
                      ) : (
                        '–'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}

      <h2>{t('admin.calendar.extendTitle')}</h2>
      <p>{t('admin.calendar.extendIntro')}</p>
      {openReports.length === 0 ? (
        <p>{t('admin.calendar.noReports')}</p>
      ) : (
        <>
          <ErrorSummary formId={EXTEND_ID} errors={errors} order={EXTEND_FIELDS} />
          <Form method="post" className="form" noValidate onSubmit={onSubmit} id={EXTEND_ID}>
            <input type="hidden" name="intent" value="extend" />
            <SelectField
              formId={EXTEND_ID}
              name="reportId"
              label={t('admin.calendar.report')}
              error={errors.reportId}
              options={openReports.map((r) => ({
                value: r.id,
                label: t('admin.calendar.reportOption', { project: r.projectCode, year: r.year, date: formatDate(r.dueDate, locale) }),
              }))}
            />
            <TextField formId={EXTEND_ID} label={t('admin.calendar.newDueDate')} type="date" error={errors.dueDate} {...form.register('dueDate')} />
            <TextField formId={EXTEND_ID} label={t('admin.calendar.reason')} error={errors.reason} {...form.register('reason')} />
            <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
              {t('admin.calendar.extend')}
            </button>
          </Form>
        </>
      )}
    </>
  );
}
