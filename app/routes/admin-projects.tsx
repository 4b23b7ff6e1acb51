import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { getDb } from '#db/client';
import { COST_METHODS, ENTERPRISE_TYPES } from '#db/schema/index';
import { ErrorSummary, TextField, type FieldErrors } from '#app/components/forms';
import { useValidatedForm } from '#app/components/use-validated-form';
import { useT } from '#app/i18n/index';
import { AdminError, createProject, listOrganisations, listProgrammes, listProjects } from '#app/models/admin-programme.server';
import { parseAmountCents } from '#app/models/import-values.server';
import { parseFormData } from '#app/utils/forms';
import { pageTitle } from '#app/utils/meta';
import { requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { AdminBack, AMOUNT_PATTERN, DATE_PATTERN, SelectField } from './admin-shared';
import { formatMoney } from '#app/rules/numbers';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:programme:any');
  const db = getDb();
  const [projects, programmes, organisations] = await Promise.all([listProjects(db), listProgrammes(db), listOrganisations(db)]);
  return { projects, programmes: programmes.map((p) => ({ id: p.id, code: p.code })), organisations };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const date = z.string().regex(DATE_PATTERN, 'errors.admin.date.invalid');
export const NewProjectSchema = z
  .object({
    // Selects are not registered with the browser form; the server checks them.
    programmeId: z.string().default('').refine((v) => v === '' || UUID.test(v), 'errors.admin.project.programme'),
    leadOrganisationId: z.string().default('').refine((v) => v === '' || UUID.test(v), 'errors.admin.project.leadNotPartner'),
    aidBasis: z.enum(['gber', 'ipcei_communication'], { errorMap: () => ({ message: 'errors.admin.project.aidBasis' }) }).default('gber'),
    enterpriseTypeAtGrant: z.enum(ENTERPRISE_TYPES, { errorMap: () => ({ message: 'errors.admin.partner.enterpriseType' }) }).default('large'),
    costMethod: z.enum(COST_METHODS, { errorMap: () => ({ message: 'errors.admin.partner.costMethod' }) }).default('wage_plus_overhead'),
    code: z.string().trim().regex(/^[A-Z0-9-]{2,20}$/, 'errors.admin.project.code'),
    name: z.string().trim().min(1, 'errors.admin.project.name').max(300, 'errors.admin.project.name'),
    grantDecisionReference: z.string().trim().min(1, 'errors.admin.project.decisionReference').max(100, 'errors.admin.project.decisionReference'),
    grantDecisionDate: date,
    aidMeasureNumber: z.string().trim().min(1, 'errors.admin.project.aidMeasureNumber').max(40, 'errors.admin.project.aidMeasureNumber'),
    aidObjective: z.string().trim().min(1, 'errors.admin.project.aidObjective').max(500, 'errors.admin.project.aidObjective'),
    startDate: date,
    endDate: date,
    grantedEuros: z.string().regex(AMOUNT_PATTERN, 'errors.admin.amount.invalid'),
    grantedOn: date,
    hourlyRateEuros: z.string().regex(AMOUNT_PATTERN, 'errors.admin.amount.invalid'),
  })
  .refine((v) => v.endDate >= v.startDate, { path: ['endDate'], message: 'errors.admin.project.endBeforeStart' });
const FORM_ID = 'newProject';
const FIELDS = ['programmeId', 'code', 'name', 'aidBasis', 'leadOrganisationId', 'grantDecisionReference', 'grantDecisionDate', 'aidMeasureNumber', 'aidObjective', 'startDate', 'endDate', 'grantedEuros', 'grantedOn', 'enterpriseTypeAtGrant', 'costMethod', 'hourlyRateEuros'] as const;

export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'manage:programme:any');
  const parsed = await parseFormData(await request.formData(), NewProjectSchema);
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  const { grantedEuros, hourlyRateEuros, grantedOn, enterpriseTypeAtGrant, costMethod, ...project } = parsed.data;
  const grantedCents = parseAmountCents(grantedEuros);
  const hourlyRateCents = parseAmountCents(hourlyRateEuros);
  if (grantedCents === null) return data({ errors: { grantedEuros: 'errors.admin.amount.invalid' } as FieldErrors }, { status: 400 });
  if (hourlyRateCents === null || hourlyRateCents <= 0) return data({ errors: { hourlyRateEuros: 'errors.admin.amount.invalid' } as FieldErrors }, { status: 400 });
  try {
    await getDb().transaction((tx) =>
      createProject(tx, auditActor(request, principal), {
        ...project,
        lead: { grantedCents, grantedOn, enterpriseTypeAtGrant, costMethod, hourlyRateCents },
      }),
    );
  } catch (error) {
    if (error instanceof AdminError) return data({ errors: { [error.field]: error.messageKey } as FieldErrors }, { status: error.status });
    throw error;
  }
  return redirect(`/beheer/projecten/${encodeURIComponent(project.code)}`);
}

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle(matches, (tr) => tr.t('admin.projects.title'));

export default function AdminProjects() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { projects } = loaderData;
  const { t, locale } = useT();
  return (
    <>
      <AdminBack />
      <h1>{t('admin.projects.title')}</h1>
      <p>{t('admin.projects.intro')}</p>
      <div className="table-wrap" role="region" aria-labelledby="projects-caption" tabIndex={0}>
        <table>
          <caption id="projects-caption">{t('admin.projects.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.projects.code')}</th>
              <th scope="col">{t('admin.projects.name')}</th>
              <th scope="col">{t('admin.programme.code')}</th>
              <th scope="col">{t('admin.projects.aidBasis')}</th>
              <th scope="col">{t('admin.projects.lead')}</th>
              <th scope="col">{t('admin.programme.granted')}</th>
            </tr>
          </thead>
          <tbody>
            {projects.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <Link to={`/beheer/projecten/${encodeURIComponent(p.code)}`}>{p.code}</Link>
                </th>
                <td lang="en">{p.name}</td>
                <td>{p.programmeCode}</td>
                <td>{t(`aidBasis.${p.aidBasis}`)}</td>
                <td>{p.leadName}</td>
                <td>{formatMoney(p.grantedCents, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <NewProjectForm programmes={loaderData.programmes} organisations={loaderData.organisations} serverErrors={actionData?.errors} />
    </>
  );
}

function NewProjectForm({
  programmes,
  organisations,
  serverErrors,
}: {
  programmes: { id: string; code: string }[];
  organisations: { id: string; name: string }[];
  serverErrors?: FieldErrors;
}) {
  const { t } = useT();
  const navigation = useNavigation();
  const { form, errors, onSubmit } = useValidatedForm(NewProjectSchema, { serverErrors });
  return (
    <details className="admin-partner" open={Boolean(serverErrors && Object.keys(serverErrors).length)}>
      <summary>{t('admin.projects.new')}</summary>
      <ErrorSummary formId={FORM_ID} errors={errors} order={FIELDS} />
      <Form method="post" className="form" noValidate onSubmit={onSubmit} id={FORM_ID}>
        <SelectField formId={FORM_ID} name="programmeId" label={t('admin.programme.code')} error={errors.programmeId} options={programmes.map((p) => ({ value: p.id, label: p.code }))} />
        <TextField formId={FORM_ID} label={t('admin.projects.code')} hint={t('admin.projects.codeHint')} error={errors.code} {...form.register('code')} />
        <TextField formId={FORM_ID} label={t('admin.projects.name')} error={errors.name} {...form.register('name')} />
        <SelectField
          formId={FORM_ID}
          name="aidBasis"
          label={t('admin.projects.aidBasis')}
          error={errors.aidBasis}
          options={[
            { value: 'gber', label: t('aidBasis.gber') },
            { value: 'ipcei_communication', label: t('aidBasis.ipcei_communication') },
          ]}
        />
        <SelectField formId={FORM_ID} name="leadOrganisationId" label={t('admin.projects.lead')} error={errors.leadOrganisationId} options={organisations.map((o) => ({ value: o.id, label: o.name }))} />
        <TextField formId={FORM_ID} label={t('admin.project.decisionReference')} error={errors.grantDecisionReference} {...form.register('grantDecisionReference')} />
        <TextField formId={FORM_ID} label={t('admin.project.decisionDate')} type="date" error={errors.grantDecisionDate} {...form.register('grantDecisionDate')} />
        <TextField formId={FORM_ID} label={t('admin.project.aidMeasureNumber')} hint={t('admin.project.aidMeasureNumberHint')} error={errors.aidMeasureNumber} {...form.register('aidMeasureNumber')} />
        <TextField formId={FORM_ID} label={t('admin.project.aidObjective')} error={errors.aidObjective} {...form.register('aidObjective')} />
        <TextField formId={FORM_ID} label={t('admin.project.startDate')} type="date" error={errors.startDate} {...form.register('startDate')} />
        <TextField formId={FORM_ID} label={t('admin.project.endDate')} type="date" error={errors.endDate} {...form.register('endDate')} />
        <h3>{t('admin.projects.leadGrant')}</h3>
        <TextField formId={FORM_ID} label={t('admin.partner.granted')} hint={t('admin.amountHint')} inputMode="decimal" error={errors.grantedEuros} {...form.register('grantedEuros')} />
        <TextField formId={FORM_ID} label={t('admin.partner.grantedOn')} type="date" error={errors.grantedOn} {...form.register('grantedOn')} />
        <SelectField
          formId={FORM_ID}
          name="enterpriseTypeAtGrant"
          label={t('admin.partner.enterpriseTypeAtGrant')}
          error={errors.enterpriseTypeAtGrant}
          options={ENTERPRISE_TYPES.map((v) => ({ value: v, label: t(`enterpriseType.${v}`) }))}
        />
        <SelectField formId={FORM_ID} name="costMethod" label={t('admin.partner.costMethod')} error={errors.costMethod} options={COST_METHODS.map((v) => ({ value: v, label: t(`costMethod.${v}`) }))} />
        <TextField formId={FORM_ID} label={t('admin.partner.hourlyRate')} hint={t('admin.amountHint')} inputMode="decimal" error={errors.hourlyRateEuros} {...form.register('hourlyRateEuros')} />
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('admin.projects.create')}
        </button>
      </Form>
    </details>
  );
}
