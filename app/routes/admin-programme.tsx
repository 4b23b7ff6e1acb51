import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { getDb } from '#db/client';
import { ErrorSummary, TextField, type FieldErrors } from '#app/components/forms';
import { useValidatedForm } from '#app/components/use-validated-form';
import { useT } from '#app/i18n/index';
import { AdminError, listProgrammes, saveProgramme } from '#app/models/admin-programme.server';
import { parseAmountCents } from '#app/models/import-values.server';
import { parseFormData } from '#app/utils/forms';
import { pageTitle } from '#app/utils/meta';
import { requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { AdminBack, AMOUNT_PATTERN, centsToInput, CheckboxField, Confirmation } from './admin-shared';
import { formatDayMonth } from '#app/rules/dates';
import { formatMoney } from '#app/rules/numbers';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:programme:any');
  return { programmes: await listProgrammes(getDb()) };
}

const year = (message: string) => z.coerce.number({ invalid_type_error: message }).int(message).min(2000, message).max(2100, message);
export const ProgrammeSchema = z
  .object({
    id: z.string().optional(),
    code: z.string().trim().min(1, 'errors.admin.programme.code').max(40, 'errors.admin.programme.code').regex(/^[A-Z0-9-]+$/, 'errors.admin.programme.code'),
    name: z.string().trim().min(1, 'errors.admin.programme.name').max(200, 'errors.admin.programme.name'),
    subsidyCapEuros: z.string().regex(AMOUNT_PATTERN, 'errors.admin.amount.invalid'),
    firstReportingYear: year('errors.admin.programme.year'),
    lastReportingYear: year('errors.admin.programme.year'),
    reportDueMonth: z.coerce.number().int('errors.admin.programme.dueMonth').min(1, 'errors.admin.programme.dueMonth').max(12, 'errors.admin.programme.dueMonth'),
    reportDueDay: z.coerce.number().int('errors.admin.programme.dueDay').min(1, 'errors.admin.programme.dueDay').max(28, 'errors.admin.programme.dueDay'),
    grantingAuthority: z.string().trim().min(1, 'errors.admin.programme.authority').max(200, 'errors.admin.programme.authority'),
    fourEyes: z.string().optional(),
  })
  .refine((v) => v.lastReportingYear >= v.firstReportingYear, { path: ['lastReportingYear'], message: 'errors.admin.programme.yearOrder' });
const FORM_ID = 'programme';
const FIELDS = ['code', 'name', 'subsidyCapEuros', 'firstReportingYear', 'lastReportingYear', 'reportDueMonth', 'reportDueDay', 'grantingAuthority', '_form'] as const;

export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'manage:programme:any');
  const parsed = await parseFormData(await request.formData(), ProgrammeSchema);
  if (!parsed.ok) return data({ errors: parsed.errors, saved: null as string | null }, { status: 400 });
  const cap = parseAmountCents(parsed.data.subsidyCapEuros);
  if (cap === null || cap <= 0) return data({ errors: { subsidyCapEuros: 'errors.admin.amount.invalid' } as FieldErrors, saved: null }, { status: 400 });
  const { id, subsidyCapEuros: _cap, fourEyes, ...rest } = parsed.data;
  try {
    await getDb().transaction((tx) =>
      saveProgramme(tx, auditActor(request, principal), id || null, { ...rest, subsidyCapCents: cap, fourEyes: fourEyes === 'on' }),
    );
    return { errors: {} as FieldErrors, saved: parsed.data.code };
  } catch (error) {
    if (error instanceof AdminError) return data({ errors: { [error.field]: error.messageKey } as FieldErrors, saved: null }, { status: error.status });
    throw error;
  }
}

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle(matches, (tr) => tr.t('admin.programme.title'));

export default function AdminProgramme() {
  const { programmes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, locale } = useT();
  const selectedCode = params.get('code') ?? programmes[0]?.code ?? 'nieuw';
  const selected = programmes.find((p) => p.code === selectedCode) ?? null;
  return (
    <>
      <AdminBack />
      <h1>{t('admin.programme.title')}</h1>
      {actionData?.saved ? (
        <Confirmation>
          <p>{t('admin.programme.saved', { code: actionData.saved })}</p>
        </Confirmation>
      ) : null}
      <div className="table-wrap" role="region" aria-labelledby="programmes-caption" tabIndex={0}>
        <table>
          <caption id="programmes-caption">{t('admin.programme.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.programme.code')}</th>
              <th scope="col">{t('admin.programme.name')}</th>
              <th scope="col">{t('admin.programme.cap')}</th>
              <th scope="col">{t('admin.programme.granted')}</th>
              <th scope="col">{t('admin.programme.years')}</th>
              <th scope="col">{t('admin.programme.due')}</th>
              <th scope="col">{t('admin.programme.fourEyes')}</th>
            </tr>
          </thead>
          <tbody>
            {programmes.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <Link to={`?code=${encodeURIComponent(p.code)}`} aria-current={p.code === selectedCode ? 'true' : undefined}>
                    {p.code}
                  </Link>
                </th>
                <td>{p.name}</td>
                <td>{formatMoney(p.subsidyCapCents, locale)}</td>
                <td>{formatMoney(p.grantedCents, locale)}</td>
                <td>
                  {p.firstReportingYear}–{p.lastReportingYear}
                </td>
                <td>{formatDayMonth(p.reportDueMonth, p.reportDueDay, locale)}</td>
                <td>{p.fourEyes ? t('admin.yes') : t('admin.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <Link to="?code=nieuw">{t('admin.programme.new')}</Link>
      </p>
      <ProgrammeForm key={selected?.id ?? 'new'} programme={selected} serverErrors={actionData?.errors} />
    </>
  );
}

function ProgrammeForm({
  programme,
  serverErrors,
}: {
  programme: Awaited<ReturnType<typeof listProgrammes>>[number] | null;
  serverErrors?: FieldErrors;
}) {
  const { t, locale } = useT();
  const navigation = useNavigation();
  const { form, errors, onSubmit } = useValidatedForm(ProgrammeSchema, {
    serverErrors,
    defaultValues: programme
      ? {
          code: programme.code,
          name: programme.name,
          subsidyCapEuros: centsToInput(programme.subsidyCapCents, locale),
          firstReportingYear: programme.firstReportingYear,
          lastReportingYear: programme.lastReportingYear,
          reportDueMonth: programme.reportDueMonth,
          reportDueDay: programme.reportDueDay,
          grantingAuthority: programme.grantingAuthority,
        }
      : { reportDueMonth: 2, reportDueDay: 1 },
  });
  return (
    <>
      <h2>{programme ? t('admin.programme.editTitle', { code: programme.code }) : t('admin.programme.new')}</h2>
      <ErrorSummary formId={FORM_ID} errors={errors} order={FIELDS} />
      <Form method="post" className="form" noValidate onSubmit={onSubmit} id={FORM_ID}>
        <input type="hidden" name="id" value={programme?.id ?? ''} />
        <TextField formId={FORM_ID} label={t('admin.programme.code')} hint={t('admin.programme.codeHint')} error={errors.code} defaultValue={programme ? String(programme.code) : ''} {...form.register('code')} />
        <TextField formId={FORM_ID} label={t('admin.programme.name')} error={errors.name} defaultValue={programme ? String(programme.name) : ''} {...form.register('name')} />
        <TextField
          formId={FORM_ID}
          label={t('admin.programme.cap')}
          hint={programme ? t('admin.programme.capHint', { granted: formatMoney(programme.grantedCents, locale) }) : t('admin.amountHint')}
          inputMode="decimal"
          error={errors.subsidyCapEuros}
          defaultValue={programme ? centsToInput(programme.subsidyCapCents, locale) : ''} {...form.register('subsidyCapEuros')}
        />
        <TextField formId={FORM_ID} label={t('admin.programme.firstYear')} inputMode="numeric" error={errors.firstReportingYear} defaultValue={programme ? String(programme.firstReportingYear) : ''} {...form.register('firstReportingYear')} />
        <TextField formId={FORM_ID} label={t('admin.programme.lastYear')} inputMode="numeric" error={errors.lastReportingYear} defaultValue={programme ? String(programme.lastReportingYear) : ''} {...form.register('lastReportingYear')} />
        <TextField formId={FORM_ID} label={t('admin.programme.dueMonth')} hint={t('admin.programme.dueHint')} inputMode="numeric" error={errors.reportDueMonth} defaultValue={programme ? String(programme.reportDueMonth) : '2'} {...form.register('reportDueMonth')} />
        <TextField formId={FORM_ID} label={t('admin.programme.dueDay')} inputMode="numeric" error={errors.reportDueDay} defaultValue={programme ? String(programme.reportDueDay) : '1'} {...form.register('reportDueDay')} />
        <TextField formId={FORM_ID} label={t('admin.programme.authority')} error={errors.grantingAuthority} defaultValue={programme ? String(programme.grantingAuthority) : ''} {...form.register('grantingAuthority')} />
        <CheckboxField formId={FORM_ID} name="fourEyes" label={t('admin.programme.fourEyesLabel')} defaultChecked={programme?.fourEyes ?? true} />
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('admin.save')}
        </button>
      </Form>
    </>
  );
}
