import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import { z } from 'zod';
import { getDb } from '#db/client';
import { GRANT_FIELDS, GrantFields, grantShape } from '#app/components/admin/partner';
import { datesInOrder, recordId } from '#app/components/admin/schema';
import { AdminBack, SubmitButton } from '#app/components/admin/shared';
import type { PageHandle } from '#app/components/document-title';
import { parseForm, SelectField, TextField, useValidatedForm, ValidatedForm, type FieldErrors } from '#app/components/form/index';
import { oneOf, requiredDate, requiredText } from '#app/components/form/schema';
import { DataTable } from '#app/components/table';
import { useT } from '#app/i18n/index';
import { AdminError, createProject, listOrganisations, listProgrammes, listProjects } from '#app/models/admin-programme.server';
import { resolveLocale } from '#app/utils/locale.server';
import { requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { AID_BASES } from '#app/rules/domain';
import type { Locale } from '#app/rules/locale';
import { formatMoney } from '#app/rules/numbers';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:programme:any');
  const db = getDb();
  const [projects, programmes, organisations] = await Promise.all([listProjects(db), listProgrammes(db), listOrganisations(db)]);
  return { projects, programmes: programmes.map((p) => ({ id: p.id, code: p.code })), organisations };
}

/** A new project with its penvoerder's grant; amounts are read in the page's language. */
export const newProjectSchema = (locale: Locale) =>
  z
    .object({
      programmeId: recordId('errors.admin.project.programme'),
      code: requiredText(20, 'errors.admin.project.code').regex(/^[A-Z0-9-]{2,20}$/, 'errors.admin.project.code'),
      name: requiredText(300, 'errors.admin.project.name'),
      aidBasis: oneOf(AID_BASES, 'errors.admin.project.aidBasis'),
      leadOrganisationId: recordId('errors.admin.project.leadNotPartner'),
      grantDecisionReference: requiredText(100, 'errors.admin.project.decisionReference'),
      grantDecisionDate: requiredDate('errors.admin.date.invalid'),
      aidMeasureNumber: requiredText(40, 'errors.admin.project.aidMeasureNumber'),
      aidObjective: requiredText(500, 'errors.admin.project.aidObjective'),
      startDate: requiredDate('errors.admin.date.invalid'),
      endDate: requiredDate('errors.admin.date.invalid'),
      ...grantShape(locale),
    })
    .refine((v) => datesInOrder(v.startDate, v.endDate), { path: ['endDate'], message: 'errors.admin.project.endBeforeStart' });
const FORM_ID = 'newProject';
const FIELDS = [
  'programmeId',
  'code',
  'name',
  'aidBasis',
  'leadOrganisationId',
  'grantDecisionReference',
  'grantDecisionDate',
  'aidMeasureNumber',
  'aidObjective',
  'startDate',
  'endDate',
  ...GRANT_FIELDS,
] as const;

type Result = { errors: FieldErrors; values: Record<string, unknown> };

export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'manage:programme:any');
  const parsed = await parseForm(await request.formData(), newProjectSchema(resolveLocale(request, principal)));
  if (!parsed.ok) return data<Result>({ errors: parsed.errors, values: parsed.raw }, { status: 400 });
  const { grantedEuros, hourlyRateEuros, grantedOn, enterpriseTypeAtGrant, costMethod, ...project } = parsed.data;
  try {
    await getDb().transaction((tx) =>
      createProject(tx, auditActor(request, principal), {
        ...project,
        lead: { grantedCents: grantedEuros, grantedOn, enterpriseTypeAtGrant, costMethod, hourlyRateCents: hourlyRateEuros },
      }),
    );
  } catch (error) {
    if (error instanceof AdminError) return data<Result>({ errors: { [error.field]: error.messageKey }, values: parsed.raw }, { status: error.status });
    throw error;
  }
  return redirect(`/beheer/projecten/${encodeURIComponent(project.code)}`);
}

export const handle: PageHandle = { title: (tr) => tr.t('admin.projects.title') };

export default function AdminProjects() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useT();
  return (
    <>
      <AdminBack />
      <h1>{t('admin.projects.title')}</h1>
      <p>{t('admin.projects.intro')}</p>
      <DataTable
        id="projects"
        caption={t('admin.projects.tableCaption')}
        columns={[
          t('admin.projects.code'),
          t('admin.projects.name'),
          t('admin.programme.code'),
          t('admin.projects.aidBasis'),
          t('admin.projects.lead'),
          { label: t('admin.programme.granted'), numeric: true },
        ]}
      >
        {loaderData.projects.map((p) => (
          <tr key={p.id}>
            <th scope="row">
              <Link to={`/beheer/projecten/${encodeURIComponent(p.code)}`}>{p.code}</Link>
            </th>
            <td lang="en">{p.name}</td>
            <td>{p.programmeCode}</td>
            <td>{t(`aidBasis.${p.aidBasis}`)}</td>
            <td>{p.leadName}</td>
            <td className="num">{formatMoney(p.grantedCents, locale)}</td>
          </tr>
        ))}
      </DataTable>
      <NewProjectForm programmes={loaderData.programmes} organisations={loaderData.organisations} result={actionData} />
    </>
  );
}

function NewProjectForm({ programmes, organisations, result }: { programmes: { id: string; code: string }[]; organisations: { id: string; name: string }[]; result?: Result }) {
  const { t, locale } = useT();
  const schema = useMemo(() => newProjectSchema(locale), [locale]);
  const state = useValidatedForm(schema, { serverErrors: result?.errors, defaultValues: result?.values });
  const { form, errors } = state;
  return (
    <details className="admin-partner" open={Boolean(result && Object.keys(result.errors).length)}>
      <summary>{t('admin.projects.new')}</summary>
      <ValidatedForm id={FORM_ID} state={state} order={FIELDS} className="form">
        <SelectField formId={FORM_ID} label={t('admin.programme.code')} error={errors.programmeId} options={programmes.map((p) => ({ value: p.id, label: p.code }))} {...form.register('programmeId')} />
        <TextField formId={FORM_ID} label={t('admin.projects.code')} hint={t('admin.projects.codeHint')} error={errors.code} {...form.register('code')} />
        <TextField formId={FORM_ID} label={t('admin.projects.name')} error={errors.name} {...form.register('name')} />
        <SelectField formId={FORM_ID} label={t('admin.projects.aidBasis')} error={errors.aidBasis} options={AID_BASES.map((v) => ({ value: v, label: t(`aidBasis.${v}`) }))} {...form.register('aidBasis')} />
        <SelectField formId={FORM_ID} label={t('admin.projects.lead')} error={errors.leadOrganisationId} options={organisations.map((o) => ({ value: o.id, label: o.name }))} {...form.register('leadOrganisationId')} />
        <TextField formId={FORM_ID} label={t('admin.project.decisionReference')} error={errors.grantDecisionReference} {...form.register('grantDecisionReference')} />
        <TextField formId={FORM_ID} label={t('admin.project.decisionDate')} type="date" error={errors.grantDecisionDate} {...form.register('grantDecisionDate')} />
        <TextField formId={FORM_ID} label={t('admin.project.aidMeasureNumber')} hint={t('admin.project.aidMeasureNumberHint')} error={errors.aidMeasureNumber} {...form.register('aidMeasureNumber')} />
        <TextField formId={FORM_ID} label={t('admin.project.aidObjective')} error={errors.aidObjective} {...form.register('aidObjective')} />
        <TextField formId={FORM_ID} label={t('admin.project.startDate')} type="date" error={errors.startDate} {...form.register('startDate')} />
        <TextField formId={FORM_ID} label={t('admin.project.endDate')} type="date" error={errors.endDate} {...form.register('endDate')} />
        <h3>{t('admin.projects.leadGrant')}</h3>
        <GrantFields formId={FORM_ID} errors={errors} field={(name) => form.register(name)} />
        <SubmitButton>{t('admin.projects.create')}</SubmitButton>
      </ValidatedForm>
    </details>
  );
}
