import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { DEFAULT_PRODUCTIVE_HOURS } from '#app/rules/costs';
import { data } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { useMemo } from 'react';
import { z } from 'zod';
import { getDb } from '#db/client';
import { hiddenText, moneyBetween, numbersInOrder, wholeBetween } from '#app/components/admin/schema';
import { AdminBack, Confirmation, SubmitButton } from '#app/components/admin/shared';
import type { PageHandle } from '#app/components/document-title';
import { CheckboxField, parseForm, TextField, useValidatedForm, ValidatedForm, type FieldErrors } from '#app/components/form/index';
import { checkbox, requiredText } from '#app/components/form/schema';
import { DataTable } from '#app/components/table';
import { useT } from '#app/i18n/index';
import { AdminError, listProgrammes, saveProgramme } from '#app/models/admin-programme.server';
import { resolveLocale } from '#app/utils/locale.server';
import { requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { formatDayMonth } from '#app/rules/dates';
import { MONEY_MAX_CENTS } from '#app/rules/limits';
import type { Locale } from '#app/rules/locale';
import { formatMoney, formatMoneyInput } from '#app/rules/numbers';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:programme:any');
  return { programmes: await listProgrammes(getDb()) };
}

/** The programme form; amounts and numbers are read in the page's language. */
export const programmeSchema = (locale: Locale) =>
  z
    .object({
      id: hiddenText,
      code: requiredText(40, 'errors.admin.programme.code').regex(/^[A-Z0-9-]+$/, 'errors.admin.programme.code'),
      name: requiredText(200, 'errors.admin.programme.name'),
      subsidyCapEuros: moneyBetween(locale, 1, MONEY_MAX_CENTS, 'errors.admin.programme.capZero'),
      firstReportingYear: wholeBetween(locale, 2000, 2100, 'errors.admin.programme.year'),
      lastReportingYear: wholeBetween(locale, 2000, 2100, 'errors.admin.programme.year'),
      reportDueMonth: wholeBetween(locale, 1, 12, 'errors.admin.programme.dueMonth'),
      reportDueDay: wholeBetween(locale, 1, 28, 'errors.admin.programme.dueDay'),
      grantingAuthority: requiredText(200, 'errors.admin.programme.authority'),
      productiveHoursPerYear: wholeBetween(locale, 1, 8784, 'errors.admin.programme.productiveHours'),
      fourEyes: checkbox,
    })
    .refine((v) => numbersInOrder(v.firstReportingYear, v.lastReportingYear), { path: ['lastReportingYear'], message: 'errors.admin.programme.yearOrder' });
const FORM_ID = 'programme';
const FIELDS = ['code', 'name', 'subsidyCapEuros', 'firstReportingYear', 'lastReportingYear', 'reportDueMonth', 'reportDueDay', 'grantingAuthority', 'productiveHoursPerYear', '_form'] as const;

type Result = { errors: FieldErrors; values?: Record<string, unknown>; saved: string | null };

export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'manage:programme:any');
  const parsed = await parseForm(await request.formData(), programmeSchema(resolveLocale(request, principal)));
  if (!parsed.ok) return data<Result>({ errors: parsed.errors, values: parsed.raw, saved: null }, { status: 400 });
  const { id, subsidyCapEuros, ...rest } = parsed.data;
  try {
    await getDb().transaction((tx) => saveProgramme(tx, auditActor(request, principal), id || null, { ...rest, subsidyCapCents: subsidyCapEuros }));
    return { errors: {}, saved: parsed.data.code } as Result;
  } catch (error) {
    if (error instanceof AdminError) return data<Result>({ errors: { [error.field]: error.messageKey }, values: parsed.raw, saved: null }, { status: error.status });
    throw error;
  }
}

export const handle: PageHandle = { title: (tr) => tr.t('admin.programme.title') };

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
      <DataTable
        id="programmes"
        caption={t('admin.programme.tableCaption')}
        columns={[
          t('admin.programme.code'),
          t('admin.programme.name'),
          { label: t('admin.programme.cap'), numeric: true },
          { label: t('admin.programme.granted'), numeric: true },
          t('admin.programme.years'),
          t('admin.programme.due'),
          t('admin.programme.fourEyes'),
        ]}
      >
        {programmes.map((p) => (
          <tr key={p.id}>
            <th scope="row">
              <Link to={`?code=${encodeURIComponent(p.code)}`} aria-current={p.code === selectedCode ? 'true' : undefined}>
                {p.code}
              </Link>
            </th>
            <td>{p.name}</td>
            <td className="num">{formatMoney(p.subsidyCapCents, locale)}</td>
            <td className="num">{formatMoney(p.grantedCents, locale)}</td>
            <td>
              {p.firstReportingYear}–{p.lastReportingYear}
            </td>
            <td>{formatDayMonth(p.reportDueMonth, p.reportDueDay, locale)}</td>
            <td>{p.fourEyes ? t('admin.yes') : t('admin.no')}</td>
          </tr>
        ))}
      </DataTable>
      <p>
        <Link to="?code=nieuw">{t('admin.programme.new')}</Link>
      </p>
      <ProgrammeForm key={selected?.id ?? 'new'} programme={selected} result={actionData} />
    </>
  );
}

function ProgrammeForm({ programme, result }: { programme: Awaited<ReturnType<typeof listProgrammes>>[number] | null; result?: Result }) {
  const { t, locale } = useT();
  const schema = useMemo(() => programmeSchema(locale), [locale]);
  const saved = programme
    ? {
        code: programme.code,
        name: programme.name,
        subsidyCapEuros: formatMoneyInput(programme.subsidyCapCents, locale),
        firstReportingYear: String(programme.firstReportingYear),
        lastReportingYear: String(programme.lastReportingYear),
        reportDueMonth: String(programme.reportDueMonth),
        reportDueDay: String(programme.reportDueDay),
        grantingAuthority: programme.grantingAuthority,
        productiveHoursPerYear: String(programme.productiveHoursPerYear),
        fourEyes: programme.fourEyes,
      }
    : { reportDueMonth: '2', reportDueDay: '1', productiveHoursPerYear: String(DEFAULT_PRODUCTIVE_HOURS), fourEyes: true };
  // After a refusal the page shows what was sent (also without JavaScript); an unticked box is not sent.
  const sent = result?.values ? { ...result.values, fourEyes: result.values.fourEyes === 'on' } : null;
  const state = useValidatedForm(schema, { serverErrors: result?.errors, defaultValues: sent ?? saved });
  const { form, errors } = state;
  return (
    <>
      <h2>{programme ? t('admin.programme.editTitle', { code: programme.code }) : t('admin.programme.new')}</h2>
      <ValidatedForm id={FORM_ID} state={state} order={FIELDS} className="form">
        <input type="hidden" name="id" value={programme?.id ?? ''} />
        <TextField formId={FORM_ID} label={t('admin.programme.code')} hint={t('admin.programme.codeHint')} error={errors.code} {...form.register('code')} />
        <TextField formId={FORM_ID} label={t('admin.programme.name')} error={errors.name} {...form.register('name')} />
        <TextField
          formId={FORM_ID}
          label={t('admin.programme.cap')}
          hint={programme ? t('admin.programme.capHint', { granted: formatMoney(programme.grantedCents, locale) }) : t('admin.amountHint')}
          inputMode="decimal"
          error={errors.subsidyCapEuros}
          {...form.register('subsidyCapEuros')}
        />
        <TextField formId={FORM_ID} label={t('admin.programme.firstYear')} inputMode="numeric" error={errors.firstReportingYear} {...form.register('firstReportingYear')} />
        <TextField formId={FORM_ID} label={t('admin.programme.lastYear')} inputMode="numeric" error={errors.lastReportingYear} {...form.register('lastReportingYear')} />
        <TextField formId={FORM_ID} label={t('admin.programme.dueMonth')} hint={t('admin.programme.dueHint')} inputMode="numeric" error={errors.reportDueMonth} {...form.register('reportDueMonth')} />
        <TextField formId={FORM_ID} label={t('admin.programme.dueDay')} inputMode="numeric" error={errors.reportDueDay} {...form.register('reportDueDay')} />
        <TextField formId={FORM_ID} label={t('admin.programme.authority')} error={errors.grantingAuthority} {...form.register('grantingAuthority')} />
        <TextField
          formId={FORM_ID}
          label={t('admin.programme.productiveHours')}
          hint={t('admin.programme.productiveHoursHint')}
          inputMode="numeric"
          className="input-short"
          error={errors.productiveHoursPerYear}
          {...form.register('productiveHoursPerYear')}
        />
        <CheckboxField formId={FORM_ID} label={t('admin.programme.fourEyesLabel')} {...form.register('fourEyes')} />
        <SubmitButton>{t('admin.save')}</SubmitButton>
      </ValidatedForm>
    </>
  );
}
