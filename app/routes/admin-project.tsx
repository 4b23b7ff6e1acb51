import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { getDb } from '#db/client';
import { COST_METHODS, ENTERPRISE_TYPES } from '#db/schema/index';
import { ErrorSummary, TextField, type FieldErrors } from '#app/components/forms';
import { useValidatedForm } from '#app/components/use-validated-form';
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
import { parseAmountCents } from '#app/models/import-values.server';
import { parseFormData } from '#app/utils/forms';
import { pageTitle } from '#app/utils/meta';
import { notFound, requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { AdminBack, AMOUNT_PATTERN, centsToInput, Confirmation, DATE_PATTERN, SelectField } from './admin-shared';
import { IMPORT_KINDS, type ImportKind } from '#app/rules/domain';
import { formatDate } from '#app/rules/dates';
import { formatMoney } from '#app/rules/numbers';

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:programme:any');
  const details = await getProjectForAdmin(getDb(), params.code ?? '');
  if (!details) notFound();
  return { ...details, organisations: await listOrganisations(getDb()) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const date = (key: TranslationKey) => z.string().regex(DATE_PATTERN, key);
const amount = z.string().regex(AMOUNT_PATTERN, 'errors.admin.amount.invalid');

export const ProjectSchema = z
  .object({
    name: z.string().trim().min(1, 'errors.admin.project.name').max(300, 'errors.admin.project.name'),
    aidBasis: z.enum(['gber', 'ipcei_communication'], { errorMap: () => ({ message: 'errors.admin.project.aidBasis' }) }).default('gber'),
    leadOrganisationId: z.string().default('').refine((v) => v === '' || UUID.test(v), 'errors.admin.project.leadNotPartner'),
    grantDecisionReference: z.string().trim().min(1, 'errors.admin.project.decisionReference').max(100, 'errors.admin.project.decisionReference'),
    grantDecisionDate: date('errors.admin.date.invalid'),
    startDate: date('errors.admin.date.invalid'),
    endDate: date('errors.admin.date.invalid'),
  })
  .refine((v) => v.endDate >= v.startDate, { path: ['endDate'], message: 'errors.admin.project.endBeforeStart' });

export const PartnerSchema = z.object({
  grantedEuros: amount,
  grantedOn: date('errors.admin.date.invalid'),
  enterpriseTypeAtGrant: z.enum(ENTERPRISE_TYPES, { errorMap: () => ({ message: 'errors.admin.partner.enterpriseType' }) }).default('large'),
  costMethod: z.enum(COST_METHODS, { errorMap: () => ({ message: 'errors.admin.partner.costMethod' }) }).default('wage_plus_overhead'),
  hourlyRateEuros: amount,
  kvkNumber: z.string().trim().regex(/^\d{8}$/, 'errors.admin.partner.kvk'),
  nuts2Region: z.string().trim().toUpperCase().regex(/^[A-Z]{2}[0-9A-Z]{2}$/, 'errors.admin.partner.nuts2'),
  naceCode: z.string().trim().regex(/^\d{2}\.\d{1,2}$/, 'errors.admin.partner.nace'),
});

export const NewPartnerSchema = PartnerSchema.extend({
  organisationId: z.string().default('').refine((v) => v === '' || UUID.test(v), 'errors.admin.partner.name'),
  name: z.string().trim().max(200, 'errors.admin.partner.name').default(''),
  enterpriseType: z.enum(ENTERPRISE_TYPES, { errorMap: () => ({ message: 'errors.admin.partner.enterpriseType' }) }).default('large'),
}).refine((v) => v.organisationId !== '' || v.name !== '', { path: ['name'], message: 'errors.admin.partner.name' });

export const WorkPackageSchema = z.object({
  code: z.string().trim().min(1, 'errors.admin.workPackage.code').max(20, 'errors.admin.workPackage.code'),
  title: z.string().trim().min(1, 'errors.admin.workPackage.title').max(300, 'errors.admin.workPackage.title'),
});

type ActionResult = { form: string; errors: FieldErrors; issues?: ImportIssue[]; done?: TranslationKey; params?: Record<string, string | number> };

function fail(form: string, errors: FieldErrors, status: number, issues?: ImportIssue[]) {
  return data<ActionResult>({ form, errors, issues }, { status });
}

function cents(value: string, field: string, form: string) {
  const parsed = parseAmountCents(value);
  if (parsed === null) throw fail(form, { [field]: 'errors.admin.amount.invalid' }, 400);
  return parsed;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'manage:programme:any');
  const details = await getProjectForAdmin(getDb(), params.code ?? '');
  if (!details) notFound();
  const projectId = details.project.id;
  const actor = auditActor(request, principal);
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > MAX_IMPORT_BYTES + 64 * 1024) return fail('import', { file: 'errors.admin.import.tooLarge' }, 413);
  const formData = await request.formData();
  const intent = String(formData.get('intent') ?? '');
  const db = getDb();
  try {
    if (intent === 'project') {
      const parsed = await parseFormData(formData, ProjectSchema);
      if (!parsed.ok) return fail('project', parsed.errors, 400);
      await db.transaction((tx) => updateProject(tx, actor, projectId, parsed.data));
      return data<ActionResult>({ form: 'project', errors: {}, done: 'admin.project.saved' });
    }
    if (intent.startsWith('partner:')) {
      const organisationId = intent.slice('partner:'.length);
      if (!UUID.test(organisationId)) notFound();
      const form = `partner-${organisationId}`;
      const parsed = await parseFormData(formData, PartnerSchema);
      if (!parsed.ok) return fail(form, parsed.errors, 400);
      const { grantedEuros, hourlyRateEuros, ...rest } = parsed.data;
      await db.transaction((tx) =>
        updatePartner(tx, actor, projectId, organisationId, {
          ...rest,
          grantedCents: cents(grantedEuros, 'grantedEuros', form),
          hourlyRateCents: cents(hourlyRateEuros, 'hourlyRateEuros', form),
        }),
      );
      return data<ActionResult>({ form, errors: {}, done: 'admin.partner.saved' });
    }
    if (intent === 'addPartner') {
      const parsed = await parseFormData(formData, NewPartnerSchema);
      if (!parsed.ok) return fail('addPartner', parsed.errors, 400);
      const { grantedEuros, hourlyRateEuros, organisationId, ...rest } = parsed.data;
      await db.transaction((tx) =>
        addPartner(tx, actor, projectId, {
          ...rest,
          organisationId: organisationId || null,
          grantedCents: cents(grantedEuros, 'grantedEuros', 'addPartner'),
          hourlyRateCents: cents(hourlyRateEuros, 'hourlyRateEuros', 'addPartner'),
        }),
      );
      return data<ActionResult>({ form: 'addPartner', errors: {}, done: 'admin.partner.added' });
    }
    if (intent === 'workPackage') {
      const parsed = await parseFormData(formData, WorkPackageSchema);
      if (!parsed.ok) return fail('workPackage', parsed.errors, 400);
      await db.transaction((tx) => addWorkPackage(tx, actor, projectId, parsed.data));
      return data<ActionResult>({ form: 'workPackage', errors: {}, done: 'admin.workPackage.added' });
    }
    if (intent === 'import') {
      const kind = String(formData.get('kind') ?? '') as ImportKind;
      if (!IMPORT_KINDS.includes(kind)) return fail('import', { kind: 'errors.admin.import.kind' }, 400);
      const file = formData.get('file');
      if (!(file instanceof File) || file.size === 0) return fail('import', { file: 'errors.admin.import.fileMissing' }, 400);
      if (file.size > MAX_IMPORT_BYTES) return fail('import', { file: 'errors.admin.import.tooLarge' }, 413);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const result = await db.transaction((tx) => importFile(tx, actor, projectId, kind, file.name, bytes));
      return data<ActionResult>({
        form: 'import',
        errors: {},
        done: kind === 'budgets' ? 'admin.import.doneBudgets' : 'admin.import.doneMilestones',
        params: { rows: result.rows, total: result.totalCents ?? 0 },
      });
    }
    return fail('project', { _form: 'errors.admin.unknownAction' }, 400);
  } catch (error) {
    if (error instanceof Response || (error && typeof error === 'object' && 'init' in error && 'data' in error)) throw error;
    const form = intent.startsWith('partner:') ? `partner-${intent.slice(8)}` : intent === 'import' ? 'import' : intent;
    if (error instanceof AdminError) return fail(form, { [error.field]: error.messageKey }, error.status);
    if (error instanceof ImportRejected) return fail('import', { file: 'errors.admin.import.rejected' }, 400, error.issues);
    throw error;
  }
}

export const meta: MetaFunction<typeof loader> = ({ matches, data: d }) => pageTitle(matches, (tr) => `${tr.t('admin.projects.title')}: ${d?.project.code ?? ''}`);

export default function AdminProject() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useT();
  const { project, partners, workPackages, milestones, programmeGrantedCents } = loaderData;
  const result = actionData as ActionResult | undefined;
  const errorsFor = (form: string) => (result?.form === form ? result.errors : undefined);
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

      <ProjectForm project={project} partners={partners} serverErrors={errorsFor('project')} />

      <h2>{t('admin.project.partnersTitle')}</h2>
      {partners.map((partner) => (
        <PartnerForm key={partner.organisationId} partner={partner} serverErrors={errorsFor(`partner-${partner.organisationId}`)} />
      ))}
      <NewPartnerForm organisations={loaderData.organisations.filter((o) => !partners.some((p) => p.organisationId === o.id))} serverErrors={errorsFor('addPartner')} />

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
      <WorkPackageForm serverErrors={errorsFor('workPackage')} />

      <h2 id="milestones-title">{t('admin.project.milestonesTitle')}</h2>
      {milestones.length ? (
        <div className="table-wrap" role="region" aria-labelledby="milestones-title" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.import.col.code')}</th>
                <th scope="col">{t('admin.import.col.title')}</th>
                <th scope="col">{t('admin.import.col.workPackage')}</th>
                <th scope="col">{t('admin.import.col.plannedDate')}</th>
              </tr>
            </thead>
            <tbody>
              {milestones.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.code}</th>
                  <td>{m.title}</td>
                  <td>{workPackages.find((wp) => wp.id === m.workPackageId)?.code ?? '–'}</td>
                  <td>{formatDate(m.plannedDate, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('admin.project.noMilestones')}</p>
      )}

      <ImportForm result={result?.form === 'import' ? result : undefined} />
    </>
  );
}

type Loader = ReturnType<typeof useLoaderData<typeof loader>>;

function ProjectForm({ project, partners, serverErrors }: { project: Loader['project']; partners: Loader['partners']; serverErrors?: FieldErrors }) {
  const { t } = useT();
  const navigation = useNavigation();
  const formId = 'project';
  const { form, errors, onSubmit } = useValidatedForm(ProjectSchema, {
    serverErrors,
    defaultValues: {
      name: project.name,
      grantDecisionReference: project.grantDecisionReference,
      grantDecisionDate: project.grantDecisionDate,
      startDate: project.startDate,
      endDate: project.endDate,
    },
  });
  return (
    <section aria-labelledby="project-title">
      <h2 id="project-title">{t('admin.project.detailsTitle')}</h2>
      <ErrorSummary formId={formId} errors={errors} order={['name', 'aidBasis', 'leadOrganisationId', 'grantDecisionReference', 'grantDecisionDate', 'startDate', 'endDate']} />
      <Form method="post" className="form" noValidate onSubmit={onSubmit} id={formId}>
        <input type="hidden" name="intent" value="project" />
        <TextField formId={formId} label={t('admin.projects.name')} error={errors.name} defaultValue={project.name} {...form.register('name')} />
        <SelectField
          formId={formId}
          name="aidBasis"
          label={t('admin.projects.aidBasis')}
          defaultValue={project.aidBasis}
          error={errors.aidBasis}
          options={[
            { value: 'gber', label: t('aidBasis.gber') },
            { value: 'ipcei_communication', label: t('aidBasis.ipcei_communication') },
          ]}
        />
        <SelectField
          formId={formId}
          name="leadOrganisationId"
          label={t('admin.projects.lead')}
          defaultValue={project.leadOrganisationId}
          error={errors.leadOrganisationId}
          options={partners.map((p) => ({ value: p.organisationId, label: p.name }))}
        />
        <TextField formId={formId} label={t('admin.project.decisionReference')} error={errors.grantDecisionReference} defaultValue={project.grantDecisionReference} {...form.register('grantDecisionReference')} />
        <TextField formId={formId} label={t('admin.project.decisionDate')} type="date" error={errors.grantDecisionDate} defaultValue={project.grantDecisionDate} {...form.register('grantDecisionDate')} />
        <TextField formId={formId} label={t('admin.project.startDate')} type="date" error={errors.startDate} defaultValue={project.startDate} {...form.register('startDate')} />
        <TextField formId={formId} label={t('admin.project.endDate')} type="date" error={errors.endDate} defaultValue={project.endDate} {...form.register('endDate')} />
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('admin.save')}
        </button>
      </Form>
    </section>
  );
}

const PARTNER_FIELDS = ['grantedEuros', 'grantedOn', 'enterpriseTypeAtGrant', 'costMethod', 'hourlyRateEuros', 'kvkNumber', 'nuts2Region', 'naceCode'] as const;

function PartnerFields({ formId, errors, register, defaults }: {
  formId: string;
  errors: FieldErrors;
  register: (name: (typeof PARTNER_FIELDS)[number]) => object;
  defaults: Partial<Record<'enterpriseTypeAtGrant' | 'costMethod' | (typeof PARTNER_FIELDS)[number], string>>;
}) {
  const { t } = useT();
  return (
    <>
      <TextField formId={formId} label={t('admin.partner.granted')} hint={t('admin.amountHint')} inputMode="decimal" error={errors.grantedEuros} defaultValue={defaults.grantedEuros} {...(register('grantedEuros') as { name: string })} />
      <TextField formId={formId} label={t('admin.partner.grantedOn')} type="date" error={errors.grantedOn} defaultValue={defaults.grantedOn} {...(register('grantedOn') as { name: string })} />
      <SelectField
        formId={formId}
        name="enterpriseTypeAtGrant"
        label={t('admin.partner.enterpriseTypeAtGrant')}
        defaultValue={defaults.enterpriseTypeAtGrant}
        error={errors.enterpriseTypeAtGrant}
        options={ENTERPRISE_TYPES.map((v) => ({ value: v, label: t(`enterpriseType.${v}`) }))}
      />
      <SelectField
        formId={formId}
        name="costMethod"
        label={t('admin.partner.costMethod')}
        defaultValue={defaults.costMethod}
        error={errors.costMethod}
        options={COST_METHODS.map((v) => ({ value: v, label: t(`costMethod.${v}`) }))}
      />
      <TextField formId={formId} label={t('admin.partner.hourlyRate')} hint={t('admin.amountHint')} inputMode="decimal" error={errors.hourlyRateEuros} defaultValue={defaults.hourlyRateEuros} {...(register('hourlyRateEuros') as { name: string })} />
      <TextField formId={formId} label={t('admin.partner.kvk')} inputMode="numeric" error={errors.kvkNumber} defaultValue={defaults.kvkNumber} {...(register('kvkNumber') as { name: string })} />
      <TextField formId={formId} label={t('admin.partner.nuts2')} hint={t('admin.partner.nuts2Hint')} error={errors.nuts2Region} defaultValue={defaults.nuts2Region} {...(register('nuts2Region') as { name: string })} />
      <TextField formId={formId} label={t('admin.partner.nace')} hint={t('admin.partner.naceHint')} error={errors.naceCode} defaultValue={defaults.naceCode} {...(register('naceCode') as { name: string })} />
    </>
  );
}

function PartnerForm({ partner, serverErrors }: { partner: Loader['partners'][number]; serverErrors?: FieldErrors }) {
  const { t, locale } = useT();
  const formId = `partner-${partner.organisationId}`;
  const { form, errors, onSubmit } = useValidatedForm(PartnerSchema, {
    serverErrors,
    defaultValues: {
      grantedEuros: centsToInput(partner.grantedCents, locale),
      grantedOn: partner.grantedOn,
      hourlyRateEuros: centsToInput(partner.hourlyRateCents, locale),
      kvkNumber: partner.kvkNumber,
      nuts2Region: partner.nuts2Region,
      naceCode: partner.naceCode,
    },
  });
  return (
    <details className="admin-partner" open={Boolean(serverErrors && Object.keys(serverErrors).length)}>
      <summary>
        {partner.name}: {formatMoney(partner.grantedCents, locale)} ({t('admin.partner.paid', { paid: formatMoney(partner.paidCents, locale) })})
      </summary>
      <ErrorSummary formId={formId} errors={errors} order={PARTNER_FIELDS} />
      <Form method="post" className="form" noValidate onSubmit={onSubmit} id={formId}>
        <input type="hidden" name="intent" value={`partner:${partner.organisationId}`} />
        <PartnerFields
          formId={formId}
          errors={errors}
          register={(name) => form.register(name)}
          defaults={{
            ...partner,
            grantedEuros: centsToInput(partner.grantedCents, locale),
            hourlyRateEuros: centsToInput(partner.hourlyRateCents, locale),
          }}
        />
        <button type="submit" className="button">
          {t('admin.partner.save', { name: partner.name })}
        </button>
      </Form>
    </details>
  );
}

function NewPartnerForm({ organisations, serverErrors }: { organisations: { id: string; name: string }[]; serverErrors?: FieldErrors }) {
  const { t } = useT();
  const formId = 'addPartner';
  const { form, errors, onSubmit } = useValidatedForm(NewPartnerSchema, { serverErrors });
  return (
    <details className="admin-partner" open={Boolean(serverErrors && Object.keys(serverErrors).length)}>
      <summary>{t('admin.partner.addTitle')}</summary>
      <ErrorSummary formId={formId} errors={errors} order={['organisationId', 'name', 'enterpriseType', ...PARTNER_FIELDS]} />
      <Form method="post" className="form" noValidate onSubmit={onSubmit} id={formId}>
        <input type="hidden" name="intent" value="addPartner" />
        <SelectField
          formId={formId}
          name="organisationId"
          label={t('admin.partner.organisation')}
          hint={t('admin.partner.organisationHint')}
          error={errors.organisationId}
          options={[{ value: '', label: t('admin.partner.newOrganisation') }, ...organisations.map((o) => ({ value: o.id, label: o.name }))]}
        />
        <TextField formId={formId} label={t('admin.partner.name')} error={errors.name} {...form.register('name')} />
        <SelectField
          formId={formId}
          name="enterpriseType"
          label={t('admin.partner.enterpriseType')}
          error={errors.enterpriseType}
          defaultValue="large"
          options={ENTERPRISE_TYPES.map((v) => ({ value: v, label: t(`enterpriseType.${v}`) }))}
        />
        <PartnerFields formId={formId} errors={errors} register={(name) => form.register(name)} defaults={{}} />
        <button type="submit" className="button">
          {t('admin.partner.add')}
        </button>
      </Form>
    </details>
  );
}

function WorkPackageForm({ serverErrors }: { serverErrors?: FieldErrors }) {
  const { t } = useT();
  const formId = 'workPackage';
  const { form, errors, onSubmit } = useValidatedForm(WorkPackageSchema, { serverErrors });
  return (
    <>
      <ErrorSummary formId={formId} errors={errors} order={['code', 'title']} />
      <Form method="post" className="form" noValidate onSubmit={onSubmit} id={formId}>
        <input type="hidden" name="intent" value="workPackage" />
        <TextField formId={formId} label={t('admin.workPackage.code')} error={errors.code} {...form.register('code')} />
        <TextField formId={formId} label={t('admin.workPackage.title')} error={errors.title} {...form.register('title')} />
        <button type="submit" className="button button-secondary">
          {t('admin.workPackage.add')}
        </button>
      </Form>
    </>
  );
}

function ImportForm({ result }: { result?: ActionResult }) {
  const { t } = useT();
  const formId = 'import';
  const errors = result?.errors ?? {};
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
      <ErrorSummary formId={formId} errors={errors} order={['kind', 'file']} />
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
      <Form method="post" encType="multipart/form-data" className="form" id={formId}>
        <input type="hidden" name="intent" value="import" />
        <SelectField
          formId={formId}
          name="kind"
          label={t('admin.import.kind')}
          error={errors.kind}
          options={[
            { value: 'budgets', label: t('admin.import.kind.budgets') },
            { value: 'milestones', label: t('admin.import.kind.milestones') },
          ]}
        />
        <div className={`form-field${errors.file ? ' has-error' : ''}`}>
          <label className="form-label" htmlFor={`${formId}-file`}>
            {t('admin.import.file')}
          </label>
          <span className="form-hint" id={`${formId}-file-hint`}>
            {t('admin.import.fileHint')}
          </span>
          {errors.file ? (
            <span className="form-error" id={`${formId}-file-error`}>
              <span className="visually-hidden">{t('errors.titlePrefix')}</span>
              {t(errors.file)}
            </span>
          ) : null}
          <input
            type="file"
            id={`${formId}-file`}
            name="file"
            accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={`${formId}-file-hint${errors.file ? ` ${formId}-file-error` : ''}`}
            aria-invalid={errors.file ? true : undefined}
          />
        </div>
        <button type="submit" className="button">
          {t('admin.import.submit')}
        </button>
      </Form>
    </section>
  );
}
