import { and, asc, eq, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '#db/client';
import {
  organisations,
  programmes,
  projectPartners,
  projects,
  workPackages,
  milestones,
  type AidBasis,
  type CostMethod,
  type EnterpriseType,
} from '#db/schema/index';
import type { TranslationKey } from '#app/i18n/index';
import { appendAudit, type AuditActor } from './audit.server';
import { isUuid, pgErrorField } from './users.server';

/** A refused change in programme or project administration: message key, status and field. */
export class AdminError extends Error {
  constructor(
    readonly messageKey: TranslationKey,
    readonly status: 400 | 404 | 409,
    readonly field = '_form',
  ) {
    super(messageKey);
  }
}

/** Where a refusal of the database lands on the form: the message, the status and the field. */
export interface ConstraintMessage {
  messageKey: TranslationKey;
  status: 400 | 409;
  field: string;
}

/**
 * The database's own guards (migration 0001 and the schema's constraints: triggers, unique keys and
 * check constraints) by name → the field and the words of the administration forms. The forms'
 * schemas refuse the same values first (app/components/admin/); this table is what stands between
 * a value they missed and a 500. `capField`: the field that raised the cap problem on this form.
 */
export function constraintMessage(constraint: string | undefined, capField = 'grantedEuros'): ConstraintMessage | null {
  const messages: Record<string, ConstraintMessage> = {
    // Triggers and keys (409: the current state does not allow it).
    programme_cap: { messageKey: 'errors.admin.cap.exceeded', status: 409, field: capField },
    payments_within_grant: { messageKey: 'errors.admin.grant.belowPaid', status: 409, field: 'grantedEuros' },
    organisations_kvk_number_uq: { messageKey: 'errors.admin.kvk.taken', status: 409, field: 'kvkNumber' },
    programmes_code_uq: { messageKey: 'errors.admin.programme.codeTaken', status: 409, field: 'code' },
    projects_programme_code_uq: { messageKey: 'errors.admin.project.codeTaken', status: 409, field: 'code' },
    project_partners_pk: { messageKey: 'errors.admin.partner.exists', status: 409, field: 'organisationId' },
    projects_lead_is_partner_fk: { messageKey: 'errors.admin.project.leadNotPartner', status: 400, field: 'leadOrganisationId' },
    work_packages_project_code_uq: { messageKey: 'errors.admin.workPackage.codeTaken', status: 409, field: 'code' },
    // Check constraints (400: the value itself is out of range).
    project_partners_rate_ck: { messageKey: 'errors.admin.partner.hourlyRate', status: 400, field: 'hourlyRateEuros' },
    project_partners_granted_ck: { messageKey: 'errors.admin.partner.granted', status: 400, field: 'grantedEuros' },
    programmes_cap_ck: { messageKey: 'errors.admin.programme.capZero', status: 400, field: 'subsidyCapEuros' },
    programmes_years_ck: { messageKey: 'errors.admin.programme.yearOrder', status: 400, field: 'lastReportingYear' },
    programmes_productive_hours_ck: { messageKey: 'errors.admin.programme.productiveHours', status: 400, field: 'productiveHoursPerYear' },
    programmes_due_ck: { messageKey: 'errors.admin.programme.dueDay', status: 400, field: 'reportDueDay' },
    projects_dates_ck: { messageKey: 'errors.admin.project.endBeforeStart', status: 400, field: 'endDate' },
    projects_code_ck: { messageKey: 'errors.admin.project.code', status: 400, field: 'code' },
    organisations_kvk_number_ck: { messageKey: 'errors.admin.partner.kvk', status: 400, field: 'kvkNumber' },
    organisations_nuts2_ck: { messageKey: 'errors.admin.partner.nuts2', status: 400, field: 'nuts2Region' },
    organisations_nace_ck: { messageKey: 'errors.admin.partner.nace', status: 400, field: 'naceCode' },
    organisations_name_ck: { messageKey: 'errors.admin.partner.name', status: 400, field: 'name' },
    partner_budgets_amount_ck: { messageKey: 'errors.admin.import.amountMissing', status: 400, field: 'file' },
    partner_budgets_year_ck: { messageKey: 'errors.admin.import.yearOutOfRange', status: 400, field: 'file' },
  };
  return (constraint && Object.hasOwn(messages, constraint) ? messages[constraint] : null) ?? null;
}

/** A refusal of the database as an AdminError with its field message; anything else is rethrown. */
export function translateProgrammeDbError(error: unknown, capField = 'grantedEuros'): never {
  const message = constraintMessage(pgErrorField(error, 'constraint') ?? pgErrorField(error, 'constraint_name'), capField);
  if (message) throw new AdminError(message.messageKey, message.status, message.field);
  throw error;
}

async function guarded<T>(run: () => Promise<T>, capField?: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    translateProgrammeDbError(error, capField);
  }
}

export async function listProgrammes(db: Queryable) {
  return db
    .select({
      id: programmes.id,
      code: programmes.code,
      name: programmes.name,
      subsidyCapCents: programmes.subsidyCapCents,
      firstReportingYear: programmes.firstReportingYear,
      lastReportingYear: programmes.lastReportingYear,
      reportDueMonth: programmes.reportDueMonth,
      reportDueDay: programmes.reportDueDay,
      grantingAuthority: programmes.grantingAuthority,
      productiveHoursPerYear: programmes.productiveHoursPerYear,
      fourEyes: programmes.fourEyes,
      grantedCents: sql<number>`coalesce((select sum(pp.granted_cents) from project_partners pp join projects p on p.id = pp.project_id where p.programme_id = "programmes"."id"), 0)::bigint`.mapWith(Number),
    })
    .from(programmes)
    .orderBy(asc(programmes.code));
}

export interface ProgrammeInput {
  code: string;
  name: string;
  subsidyCapCents: number;
  firstReportingYear: number;
  lastReportingYear: number;
  reportDueMonth: number;
  reportDueDay: number;
  grantingAuthority: string;
  /** Productive hours per person per year: the ceiling of a person's hours and the divisor of wage rates. */
  productiveHoursPerYear: number;
  fourEyes: boolean;
}

/** Creates (id null) or updates a programme; lowering the cap below what was granted is refused. */
export async function saveProgramme(tx: Tx, actor: AuditActor, id: string | null, input: ProgrammeInput) {
  return guarded(async () => {
    if (id) {
      const [before] = await tx.select().from(programmes).where(eq(programmes.id, id)).for('update');
      if (!before) throw new AdminError('errors.admin.programme.notFound', 404);
      await tx.update(programmes).set(input).where(eq(programmes.id, id));
      const changed = Object.fromEntries(
        Object.entries(input).filter(([k, v]) => (before as Record<string, unknown>)[k] !== v).map(([k, v]) => [k, { from: (before as Record<string, unknown>)[k], to: v }]),
      );
      await appendAudit(tx, actor, { action: 'admin.programme_updated', entityType: 'programme', entityId: id, details: { changed } });
      return id;
    }
    const [created] = await tx.insert(programmes).values(input).returning({ id: programmes.id });
    await appendAudit(tx, actor, { action: 'admin.programme_created', entityType: 'programme', entityId: created!.id, details: { ...input } });
    return created!.id;
  }, 'subsidyCapEuros');
}

export async function listProjects(db: Queryable) {
  return db
    .select({
      id: projects.id,
      code: projects.code,
      name: projects.name,
      aidBasis: projects.aidBasis,
      programmeCode: programmes.code,
      leadName: organisations.name,
      grantedCents: sql<number>`coalesce((select sum(pp.granted_cents) from project_partners pp where pp.project_id = "projects"."id"), 0)::bigint`.mapWith(Number),
    })
    .from(projects)
    .innerJoin(programmes, eq(programmes.id, projects.programmeId))
    .innerJoin(organisations, eq(organisations.id, projects.leadOrganisationId))
    .orderBy(asc(programmes.code), asc(projects.code));
}

export async function listOrganisations(db: Queryable) {
  const rows = await db.select({ id: organisations.id, name: organisations.name }).from(organisations);
  const collator = new Intl.Collator('nl');
  return rows.sort((a, b) => collator.compare(a.name, b.name));
}

/** A project with everything the administrator edits: partners (with organisation data), work packages, milestones. */
export async function getProjectForAdmin(db: Queryable, code: string) {
  const [project] = await db
    .select({
      id: projects.id,
      programmeId: projects.programmeId,
      programmeCode: programmes.code,
      subsidyCapCents: programmes.subsidyCapCents,
      code: projects.code,
      name: projects.name,
      aidBasis: projects.aidBasis,
      leadOrganisationId: projects.leadOrganisationId,
      grantDecisionReference: projects.grantDecisionReference,
      grantDecisionDate: projects.grantDecisionDate,
      startDate: projects.startDate,
      endDate: projects.endDate,
    })
    .from(projects)
    .innerJoin(programmes, eq(programmes.id, projects.programmeId))
    .where(eq(projects.code, code));
  if (!project) return null;
  const [partners, packages, milestoneRows, [programmeTotal]] = await Promise.all([
    db
      .select({
        organisationId: organisations.id,
        name: organisations.name,
        kvkNumber: organisations.kvkNumber,
        nuts2Region: organisations.nuts2Region,
        naceCode: organisations.naceCode,
        grantedCents: projectPartners.grantedCents,
        grantedOn: projectPartners.grantedOn,
        enterpriseTypeAtGrant: projectPartners.enterpriseTypeAtGrant,
        costMethod: projectPartners.costMethod,
        hourlyRateCents: projectPartners.hourlyRateCents,
        paidCents: sql<number>`coalesce((select sum(pay.amount_cents) from payments pay where pay.project_id = "project_partners"."project_id" and pay.organisation_id = "project_partners"."organisation_id"), 0)::bigint`.mapWith(Number),
      })
      .from(projectPartners)
      .innerJoin(organisations, eq(organisations.id, projectPartners.organisationId))
      .where(eq(projectPartners.projectId, project.id))
      .orderBy(asc(organisations.name)),
    db.select().from(workPackages).where(eq(workPackages.projectId, project.id)).orderBy(asc(workPackages.position)),
    db
      .select({ id: milestones.id, code: milestones.code, title: milestones.title, plannedDate: milestones.plannedDate, workPackageId: milestones.workPackageId })
      .from(milestones)
      .where(eq(milestones.projectId, project.id))
      .orderBy(asc(milestones.plannedDate), asc(milestones.position)),
    db
      .select({ grantedCents: sql<number>`coalesce(sum(${projectPartners.grantedCents}), 0)::bigint`.mapWith(Number) })
      .from(projectPartners)
      .innerJoin(projects, eq(projects.id, projectPartners.projectId))
      .where(eq(projects.programmeId, project.programmeId)),
  ]);
  return { project, partners, workPackages: packages, milestones: milestoneRows, programmeGrantedCents: programmeTotal?.grantedCents ?? 0 };
}

export interface ProjectInput {
  name: string;
  aidBasis: AidBasis;
  grantDecisionReference: string;
  grantDecisionDate: string;
  startDate: string;
  endDate: string;
  leadOrganisationId: string;
}

export async function updateProject(tx: Tx, actor: AuditActor, projectId: string, input: ProjectInput) {
  return guarded(async () => {
    const [before] = await tx.select().from(projects).where(eq(projects.id, projectId)).for('update');
    if (!before) throw new AdminError('errors.admin.project.notFound', 404);
    if (!isUuid(input.leadOrganisationId)) throw new AdminError('errors.admin.project.leadNotPartner', 400, 'leadOrganisationId');
    const [isPartner] = await tx
      .select({ id: projectPartners.organisationId })
      .from(projectPartners)
      .where(and(eq(projectPartners.projectId, projectId), eq(projectPartners.organisationId, input.leadOrganisationId)));
    if (!isPartner) throw new AdminError('errors.admin.project.leadNotPartner', 400, 'leadOrganisationId');
    await tx.update(projects).set(input).where(eq(projects.id, projectId));
    const changed = Object.fromEntries(
      Object.entries(input).filter(([k, v]) => (before as Record<string, unknown>)[k] !== v).map(([k, v]) => [k, { from: (before as Record<string, unknown>)[k], to: v }]),
    );
    await appendAudit(tx, actor, { action: 'admin.project_updated', entityType: 'project', entityId: projectId, projectId, details: { changed } });
  });
}

export interface PartnerInput {
  grantedCents: number;
  grantedOn: string;
  enterpriseTypeAtGrant: EnterpriseType;
  costMethod: CostMethod;
  hourlyRateCents: number;
  kvkNumber: string;
  nuts2Region: string;
  naceCode: string;
}

/**
 * Changes a partner's grant and its organisation's register data in one transaction. The cap
 * trigger checks the programme total; a grant below what was already paid is refused too.
 */
export async function updatePartner(tx: Tx, actor: AuditActor, projectId: string, organisationId: string, input: PartnerInput) {
  return guarded(async () => {
    const [before] = await tx
      .select()
      .from(projectPartners)
      .where(and(eq(projectPartners.projectId, projectId), eq(projectPartners.organisationId, organisationId)))
      .for('update');
    if (!before) throw new AdminError('errors.admin.partner.notFound', 404);
    await tx
      .update(projectPartners)
      .set({
        grantedCents: input.grantedCents,
        grantedOn: input.grantedOn,
        enterpriseTypeAtGrant: input.enterpriseTypeAtGrant,
        costMethod: input.costMethod,
        hourlyRateCents: input.hourlyRateCents,
      })
      .where(and(eq(projectPartners.projectId, projectId), eq(projectPartners.organisationId, organisationId)));
    await tx
      .update(organisations)
      .set({ kvkNumber: input.kvkNumber, nuts2Region: input.nuts2Region, naceCode: input.naceCode })
      .where(eq(organisations.id, organisationId));
    await appendAudit(tx, actor, {
      action: 'admin.partner_updated',
      entityType: 'project_partner',
      entityId: organisationId,
      projectId,
      details: { ...input, grantedCents: { from: before.grantedCents, to: input.grantedCents } },
    });
  });
}

export interface NewPartnerInput extends PartnerInput {
  /** An existing organisation, or null to create one with `name`. */
  organisationId: string | null;
  name: string;
  enterpriseType: EnterpriseType;
}

export async function addPartner(tx: Tx, actor: AuditActor, projectId: string, input: NewPartnerInput) {
  return guarded(async () => {
    let organisationId = input.organisationId;
    if (!organisationId) {
      const [created] = await tx
        .insert(organisations)
        .values({ name: input.name, kvkNumber: input.kvkNumber, enterpriseType: input.enterpriseType, nuts2Region: input.nuts2Region, naceCode: input.naceCode })
        .returning({ id: organisations.id });
      organisationId = created!.id;
    }
    await tx.insert(projectPartners).values({
      projectId,
      organisationId,
      grantedCents: input.grantedCents,
      grantedOn: input.grantedOn,
      enterpriseTypeAtGrant: input.enterpriseTypeAtGrant,
      costMethod: input.costMethod,
      hourlyRateCents: input.hourlyRateCents,
    });
    await appendAudit(tx, actor, {
      action: 'admin.partner_added',
      entityType: 'project_partner',
      entityId: organisationId,
      projectId,
      details: { ...input, organisationId },
    });
    return organisationId;
  });
}

export async function addWorkPackage(tx: Tx, actor: AuditActor, projectId: string, input: { code: string; title: string }) {
  return guarded(async () => {
    const [{ next }] = (await tx
      .select({ next: sql<number>`coalesce(max(${workPackages.position}), 0) + 1`.mapWith(Number) })
      .from(workPackages)
      .where(eq(workPackages.projectId, projectId))) as [{ next: number }];
    const [created] = await tx.insert(workPackages).values({ projectId, code: input.code, title: input.title, position: next }).returning({ id: workPackages.id });
    await appendAudit(tx, actor, { action: 'admin.work_package_added', entityType: 'work_package', entityId: created!.id, projectId, details: input });
    return created!.id;
  }, 'code');
}

export interface NewProjectInput extends ProjectInput {
  programmeId: string;
  code: string;
  aidMeasureNumber: string;
  aidObjective: string;
  /** The lead partner's grant: a project is created with its penvoerder as its first partner. */
  lead: Omit<PartnerInput, 'kvkNumber' | 'nuts2Region' | 'naceCode'>;
}

/**
 * Creates a project with its lead organisation as first partner, in one transaction (the
 * "penvoerder is a partner" foreign key is deferred to the commit; the cap trigger checks the grant).
 */
export async function createProject(tx: Tx, actor: AuditActor, input: NewProjectInput) {
  return guarded(async () => {
    if (!isUuid(input.programmeId)) throw new AdminError('errors.admin.project.programme', 400, 'programmeId');
    if (!isUuid(input.leadOrganisationId)) throw new AdminError('errors.admin.project.leadNotPartner', 400, 'leadOrganisationId');
    const [programme] = await tx.select({ id: programmes.id }).from(programmes).where(eq(programmes.id, input.programmeId));
    if (!programme) throw new AdminError('errors.admin.project.programme', 400, 'programmeId');
    const [organisation] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, input.leadOrganisationId));
    if (!organisation) throw new AdminError('errors.admin.project.leadNotPartner', 400, 'leadOrganisationId');
    const { lead, ...project } = input;
    const [created] = await tx.insert(projects).values(project).returning({ id: projects.id });
    await tx.insert(projectPartners).values({ projectId: created!.id, organisationId: input.leadOrganisationId, ...lead });
    await appendAudit(tx, actor, { action: 'admin.project_created', entityType: 'project', entityId: created!.id, projectId: created!.id, details: { ...input } });
    return created!.id;
  }, 'grantedEuros');
}
