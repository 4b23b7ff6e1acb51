import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import { z } from 'zod';
import { getDb } from '#db/client';
import { PARTNER_FIELDS, PartnerFields, partnerSchema } from '#app/components/admin/partner';
import { datesInOrder, recordId } from '#app/components/admin/schema';
import { AdminBack, Confirmation, SubmitButton } from '#app/components/admin/shared';
import type { PageHandle } from '#app/components/document-title';
import { FieldShell, parseForm, SelectField, TextField, useValidatedForm, ValidatedForm, type FieldErrors } from '#app/components/form/index';
import { oneOf, requiredDate, requiredText } from '#app/components/form/schema';
import { DataTable } from '#app/components/table';
import { useT, type TranslationKey } from '#app/i18n/index';
import {
  addPartner,
  addWorkPackage,
  AdminError,
  getProjectForAdmin,
  listOrganisations,
  updatePartner,
  updateProject,
} from '#app/models/admin-programme.server';
import { importFile, ImportRejected, MAX_IMPORT_BYTES, type ImportIssue } from '#app/models/import.server';
import { isUuid } from '#app/models/users.server';
import { resolveLocale } from '#app/utils/locale.server';
import { notFound, requirePermission } from '#app/utils/permissions.server';
import { codeParam } from '#app/utils/params.server';
import { auditActor } from '#app/utils/request.server';
import { AID_BASES, ENTERPRISE_TYPES, IMPORT_KINDS } from '#app/rules/domain';
import { formatDate } from '#app/rules/dates';
import type { Locale } from '#app/rules/locale';
import { formatMoney, formatMoneyInput } from '#app/rules/numbers';

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:programme:any');
  const details = await getProjectForAdmin(getDb(), codeParam(params));
  if (!details) notFound();
  // The check for this project (the same for an administrator; it keeps the rule one rule).
  await requirePermission(request, 'manage:programme:any', { projectId: details.project.id });
  return { ...details, organisations: await listOrganisations(getDb()) };
}

export const ProjectSchema = z
  .object({
    name: requiredText(300, 'errors.admin.project.name'),
    aidBasis: oneOf(AID_BASES, 'errors.admin.project.aidBasis'),
    leadOrganisationId: recordId('errors.admin.project.leadNotPartner'),
    grantDecisionReference: requiredText(100, 'errors.admin.project.decisionReference'),
    grantDecisionDate: requiredDate('errors.admin.date.invalid'),
    startDate: requiredDate('errors.admin.date.invalid'),
    endDate: requiredDate('errors.admin.date.invalid'),
  })
  .refine((v) => datesInOrder(v.startDate, v.endDate), { path: ['endDate'], message: 'errors.admin.project.endBeforeStart' });
const PROJECT_FIELDS = ['name', 'aidBasis', 'leadOrganisationId', 'grantDecisionReference', 'grantDecisionDate', 'startDate', 'endDate'] as const;

/** A partner added to the project: an existing organisation, or a new one by name. */
export const newPartnerSchema = (locale: Locale) =>
  partnerSchema(locale)
    .extend({
      organisationId: z.union([z.literal(''), recordId('errors.admin.partner.name')], { errorMap: () => ({ message: 'errors.admin.partner.name' }) }).default(''),
      name: z.string({ invalid_type_error: 'errors.admin.partner.name' }).trim().max(200, 'errors.admin.partner.name').default(''),
      enterpriseType: oneOf(ENTERPRISE_TYPES, 'errors.admin.partner.enterpriseType'),
    })
    .refine((v) => v.organisationId !== '' || v.name !== '', { path: ['name'], message: 'errors.admin.partner.name' });
const NEW_PARTNER_FIELDS = ['organisationId', 'name', 'enterpriseType', ...PARTNER_FIELDS] as const;

export const WorkPackageSchema = z.object({
  code: requiredText(20, 'errors.admin.workPackage.code'),
  title: requiredText(300, 'errors.admin.workPackage.title'),
});

/** The file itself is read from the form data on the server (a browser cannot check its content). */
export const ImportSchema = z.object({ kind: oneOf(IMPORT_KINDS, 'errors.admin.import.kind') });

type ActionResult = {
  form: string;
  errors: FieldErrors;
  /** What was sent, shown again after a refusal. */
  values?: Record<string, unknown>;
  issues?: ImportIssue[];
  done?: TranslationKey;
  params?: Record<string, string | number>;
};

function fail(form: string, errors: FieldErrors, status: number, extra: Pick<ActionResult, 'values' | 'issues'> = {}) {
  return data<ActionResult>({ form, errors, ...extra }, { status });
}

const formOf = (intent: string) => (intent.startsWith('partner:') ? `partner-${intent.slice('partner:'.length)}` : intent);

export async function action({ request, params }: ActionFunctionArgs) {
  await requirePermission(request, 'manage:programme:any');
  const details = await getProjectForAdmin(getDb(), codeParam(params));
  if (!details) notFound();
  const projectId = details.project.id;
  const principal = await requirePermission(request, 'manage:programme:any', { projectId });
  const actor = auditActor(request, principal);
  const locale = resolveLocale(request, principal);
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > MAX_IMPORT_BYTES + 64 * 1024) return fail('import', { file: 'errors.admin.import.tooLarge' }, 413);
  const formData = await request.formData();
  const intent = String(formData.get('intent') ?? '');
  const form = formOf(intent);
  const db = getDb();
  let values: Record<string, unknown> | undefined;
  try {
    if (intent === 'project') {
      const parsed = await parseForm(formData, ProjectSchema);
      values = parsed.raw;
      if (!parsed.ok) return fail(form, parsed.errors, 400, { values });
      await db.transaction((tx) => updateProject(tx, actor, projectId, parsed.data));
      return data<ActionResult>({ form, errors: {}, done: 'admin.project.saved' });
    }
    if (intent.startsWith('partner:')) {
      const organisationId = intent.slice('partner:'.length);
      if (!isUuid(organisationId)) notFound();
      const parsed = await parseForm(formData, partnerSchema(locale));
      values = parsed.raw;
      if (!parsed.ok) return fail(form, parsed.errors, 400, { values });
      const { grantedEuros, hourlyRateEuros, ...rest } = parsed.data;
      await db.transaction((tx) => updatePartner(tx, actor, projectId, organisationId, { ...rest, grantedCents: grantedEuros, hourlyRateCents: hourlyRateEuros }));
      return data<ActionResult>({ form, errors: {}, done: 'admin.partner.saved' });
    }
    if (intent === 'addPartner') {
      const parsed = await parseForm(formData, newPartnerSchema(locale));
      values = parsed.raw;
      if (!parsed.ok) return fail(form, parsed.errors, 400, { values });
      const { grantedEuros, hourlyRateEuros, organisationId, ...rest } = parsed.data;
      await db.transaction((tx) =>
        addPartner(tx, actor, projectId, { ...rest, organisationId: organisationId || null, grantedCents: grantedEuros, hourlyRateCents: hourlyRateEuros }),
      );
      return data<ActionResult>({ form, errors: {}, done: 'admin.partner.added' });
    }
    if (intent === 'workPackage') {
      const parsed = await parseForm(formData, WorkPackageSchema);
      values = parsed.raw;
      if (!parsed.ok) return fail(form, parsed.errors, 400, { values });
      await db.transaction((tx) => addWorkPackage(tx, actor, projectId, parsed.data));
      return data<ActionResult>({ form, errors: {}, done: 'admin.workPackage.added' });
    }
    if (intent === 'import') {
      const parsed = await parseForm(formData, ImportSchema);
      if (!parsed.ok) return fail(form, parsed.errors, 400);
      const { kind } = parsed.data;
      const file = formData.get('file');
      if (!(file instanceof File) || file.size === 0) return fail(form, { file: 'errors.admin.import.fileMissing' }, 400);
      if (file.size > MAX_IMPORT_BYTES) return fail(form, { file: 'errors.admin.import.tooLarge' }, 413);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const result = await db.transaction((tx) => importFile(tx, actor, projectId, kind, file.name, bytes, locale));
      return data<ActionResult>({
        form,
        errors: {},
        done: kind === 'budgets' ? 'admin.import.doneBudgets' : 'admin.import.doneMilestones',
        params: { rows: result.rows, total: result.totalCents ?? 0 },
      });
    }
    return fail('project', { _form: 'errors.admin.unknownAction' }, 400);
  } catch (error) {
    if (error instanceof AdminError) return fail(form, { [error.field]: error.messageKey }, error.status, { values });
    if (error instanceof ImportRejected) return fail('import', { file: 'errors.admin.import.rejected' }, 400, { issues: error.issues });
    throw error;
  }
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => `${tr.t('admin.projects.title')}: ${data?.project.code ?? ''}`,
};

type Loader = ReturnType<typeof useLoaderData<typeof loader>>;

export default function AdminProject() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useT();
  const { project, partners, workPackages, milestones, programmeGrantedCents } = loaderData;
  const result = actionData as ActionResult | undefined;
  const resultFor = (form: string) => (result?.form === form ? result : undefined);
  return (
    <>
      <AdminBack to="/beheer/projecten" label="admin.projects.back" />
      <h1>
        {project.code} <span className="muted" lang="en">– {project.name}</span>
      </h1>
      <p>
        {t('admin.project.capStatus', {
          granted: formatMoney(programmeGrantedCents, locale),
          cap: formatMoney(project.subsidyCapCents, locale),
          programme: project.programmeCode,
        })}
      </p>
      {result?.done ? (
        <Confirmation>
          <p>{t(result.done, { rows: result.params?.rows ?? 0, total: formatMoney(Number(result.params?.total ?? 0), locale) })}</p>
        </Confirmation>
      ) : null}

      <ProjectForm project={project} partners={partners} result={resultFor('project')} />

      <h2>{t('admin.project.partnersTitle')}</h2>
      {partners.map((partner) => (
        <PartnerForm key={partner.organisationId} partner={partner} result={resultFor(`partner-${partner.organisationId}`)} />
      ))}
      <NewPartnerForm organisations={loaderData.organisations.filter((o) => !partners.some((p) => p.organisationId === o.id))} result={resultFor('addPartner')} />

      <h2 id="wp-title">{t('admin.project.workPackagesTitle')}</h2>
      {workPackages.length ? (
        <ul>
          {workPackages.map((wp) => (
            <li key={wp.id}>
              <strong>{wp.code}</strong> {wp.title}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('admin.project.noWorkPackages')}</p>
      )}
      <WorkPackageForm result={resultFor('workPackage')} />

      <h2 id="milestones-title">{t('admin.project.milestonesTitle')}</h2>
      {milestones.length ? (
        <DataTable
          id="milestones"
          labelledBy="milestones-title"
          columns={[t('admin.import.col.code'), t('admin.import.col.title'), t('admin.import.col.workPackage'), t('admin.import.col.plannedDate')]}
        >
          {milestones.map((m) => (
            <tr key={m.id}>
              <th scope="row">{m.code}</th>
              <td>{m.title}</td>
              <td>{workPackages.find((wp) => wp.id === m.workPackageId)?.code ?? '–'}</td>
              <td>{formatDate(m.plannedDate, locale)}</td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p>{t('admin.project.noMilestones')}</p>
      )}

      <ImportForm result={resultFor('import')} />
    </>
  );
}

const hasErrors = (result?: ActionResult) => Boolean(result && Object.keys(result.errors).length);

function ProjectForm({ project, partners, result }: { project: Loader['project']; partners: Loader['partners']; result?: ActionResult }) {
  const { t } = useT();
  const formId = 'project';
  const state = useValidatedForm(ProjectSchema, {
    serverErrors: result?.errors,
    defaultValues: result?.values ?? {
      name: project.name,
      aidBasis: project.aidBasis,
      leadOrganisationId: project.leadOrganisationId,
      grantDecisionReference: project.grantDecisionReference,
      grantDecisionDate: project.grantDecisionDate,
      startDate: project.startDate,
      endDate: project.endDate,
    },
  });
  const { form, errors } = state;
  return (
    <section aria-labelledby="project-title">
      <h2 id="project-title">{t('admin.project.detailsTitle')}</h2>
      <ValidatedForm id={formId} state={state} order={PROJECT_FIELDS} className="form">
        <input type="hidden" name="intent" value="project" />
        <TextField formId={formId} label={t('admin.projects.name')} error={errors.name} {...form.register('name')} />
        <SelectField formId={formId} label={t('admin.projects.aidBasis')} error={errors.aidBasis} options={AID_BASES.map((v) => ({ value: v, label: t(`aidBasis.${v}`) }))} {...form.register('aidBasis')} />
        <SelectField
          formId={formId}
          label={t('admin.projects.lead')}
          error={errors.leadOrganisationId}
          options={partners.map((p) => ({ value: p.organisationId, label: p.name }))}
          {...form.register('leadOrganisationId')}
        />
        <TextField formId={formId} label={t('admin.project.decisionReference')} error={errors.grantDecisionReference} {...form.register('grantDecisionReference')} />
        <TextField formId={formId} label={t('admin.project.decisionDate')} type="date" error={errors.grantDecisionDate} {...form.register('grantDecisionDate')} />
        <TextField formId={formId} label={t('admin.project.startDate')} type="date" error={errors.startDate} {...form.register('startDate')} />
        <TextField formId={formId} label={t('admin.project.endDate')} type="date" error={errors.endDate} {...form.register('endDate')} />
        <SubmitButton>{t('admin.save')}</SubmitButton>
      </ValidatedForm>
    </section>
  );
}

function PartnerForm({ partner, result }: { partner: Loader['partners'][number]; result?: ActionResult }) {
  const { t, locale } = useT();
  const formId = `partner-${partner.organisationId}`;
  const schema = useMemo(() => partnerSchema(locale), [locale]);
  const state = useValidatedForm(schema, {
    serverErrors: result?.errors,
    defaultValues: result?.values ?? {
      grantedEuros: formatMoneyInput(partner.grantedCents, locale),
      grantedOn: partner.grantedOn,
      enterpriseTypeAtGrant: partner.enterpriseTypeAtGrant,
      costMethod: partner.costMethod,
      hourlyRateEuros: formatMoneyInput(partner.hourlyRateCents, locale),
      kvkNumber: partner.kvkNumber,
      nuts2Region: partner.nuts2Region,
      naceCode: partner.naceCode,
    },
  });
  return (
    <details className="admin-partner" open={hasErrors(result)}>
      <summary>
        {partner.name}: {formatMoney(partner.grantedCents, locale)} ({t('admin.partner.paid', { paid: formatMoney(partner.paidCents, locale) })})
      </summary>
      <ValidatedForm id={formId} state={state} order={PARTNER_FIELDS} className="form">
        <input type="hidden" name="intent" value={`partner:${partner.organisationId}`} />
        <PartnerFields formId={formId} errors={state.errors} field={(name) => state.form.register(name)} />
        <SubmitButton>{t('admin.partner.save', { name: partner.name })}</SubmitButton>
      </ValidatedForm>
    </details>
  );
}

function NewPartnerForm({ organisations, result }: { organisations: { id: string; name: string }[]; result?: ActionResult }) {
  const { t, locale } = useT();
  const formId = 'addPartner';
  const schema = useMemo(() => newPartnerSchema(locale), [locale]);
  const state = useValidatedForm(schema, { serverErrors: result?.errors, defaultValues: result?.values ?? { enterpriseType: 'large' } });
  const { form, errors } = state;
  return (
    <details className="admin-partner" open={hasErrors(result)}>
      <summary>{t('admin.partner.addTitle')}</summary>
      <ValidatedForm id={formId} state={state} order={NEW_PARTNER_FIELDS} className="form">
        <input type="hidden" name="intent" value="addPartner" />
        <SelectField
          formId={formId}
          label={t('admin.partner.organisation')}
          hint={t('admin.partner.organisationHint')}
          error={errors.organisationId}
          placeholder={t('admin.partner.newOrganisation')}
          options={organisations.map((o) => ({ value: o.id, label: o.name }))}
          {...form.register('organisationId')}
        />
        <TextField formId={formId} label={t('admin.partner.name')} error={errors.name} {...form.register('name')} />
        <SelectField
          formId={formId}
          label={t('admin.partner.enterpriseType')}
          error={errors.enterpriseType}
          options={ENTERPRISE_TYPES.map((v) => ({ value: v, label: t(`enterpriseType.${v}`) }))}
          {...form.register('enterpriseType')}
        />
        <PartnerFields formId={formId} errors={errors} field={(name) => form.register(name)} />
        <SubmitButton>{t('admin.partner.add')}</SubmitButton>
      </ValidatedForm>
    </details>
  );
}

function WorkPackageForm({ result }: { result?: ActionResult }) {
  const { t } = useT();
  const formId = 'workPackage';
  const state = useValidatedForm(WorkPackageSchema, { serverErrors: result?.errors, defaultValues: result?.values });
  return (
    <ValidatedForm id={formId} state={state} order={['code', 'title']} className="form">
      <input type="hidden" name="intent" value="workPackage" />
      <TextField formId={formId} label={t('admin.workPackage.code')} error={state.errors.code} {...state.form.register('code')} />
      <TextField formId={formId} label={t('admin.workPackage.title')} error={state.errors.title} {...state.form.register('title')} />
      <SubmitButton variant="secondary">{t('admin.workPackage.add')}</SubmitButton>
    </ValidatedForm>
  );
}

function ImportForm({ result }: { result?: ActionResult }) {
  const { t } = useT();
  const formId = 'import';
  const state = useValidatedForm(ImportSchema, { serverErrors: result?.errors });
  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">{t('admin.import.title')}</h2>
      <p>{t('admin.import.intro')}</p>
      <ul>
        {IMPORT_KINDS.map((kind) => (
          <li key={kind}>
            {t(kind === 'budgets' ? 'admin.import.templateBudgets' : 'admin.import.templateMilestones')}{' '}
            <a href={`/beheer/sjabloon/${kind}/xlsx`} download>
              XLSX
            </a>{' '}
            ·{' '}
            <a href={`/beheer/sjabloon/${kind}/csv`} download>
              CSV
            </a>
          </li>
        ))}
      </ul>
      {result?.issues?.length ? (
        <div className="admin-row-errors" role="region" aria-labelledby="import-issues-title" tabIndex={0}>
          <h3 id="import-issues-title">{t('admin.import.issuesTitle', { count: result.issues.length })}</h3>
          <ul>
            {result.issues.map((issue, i) => (
              <li key={i}>
                {issue.row !== null ? t('admin.import.rowPrefix', { row: issue.row }) : ''}
                {t(issue.key, issue.params)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ValidatedForm id={formId} state={state} order={['kind', 'file']} encType="multipart/form-data" className="form">
        <input type="hidden" name="intent" value="import" />
        <SelectField
          formId={formId}
          label={t('admin.import.kind')}
          error={state.errors.kind}
          options={IMPORT_KINDS.map((kind) => ({ value: kind, label: t(`admin.import.kind.${kind}`) }))}
          {...state.form.register('kind')}
        />
        <FieldShell
          formId={formId}
          name="file"
          label={t('admin.import.file')}
          hint={t('admin.import.fileHint')}
          error={state.errors.file}
          control={(attrs) => <input type="file" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {...attrs} />}
        />
        <SubmitButton>{t('admin.import.submit')}</SubmitButton>
      </ValidatedForm>
    </section>
  );
}
