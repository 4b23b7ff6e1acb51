import { data, redirect } from '@remix-run/node';
import { and, eq, sql } from 'drizzle-orm';
import { getDb, type Queryable, type Tx } from '#db/client';
import { partnerParts, projectPartners, reports, reportSections, users } from '#db/schema/index';
import type { FieldErrors } from '#app/components/form/field';
import { appendAudit } from '#app/models/audit.server';
import type { Finding } from '#app/rules/checks';
import type { SectionStatus } from '#app/rules/domain';
import { EDITABLE_STATUSES, reportPath, type ReportSection } from '#app/rules/sections';
import { auditActor } from '#app/utils/request.server';
import { refusal, type ReportContext } from './context.server';

// --- Saving: version checks, editability, audit ---------------------------------------------------

export type SaveOutcome<T = unknown> =
  | { kind: 'saved'; version: number; at: Date; result?: T }
  | { kind: 'conflict'; currentVersion: number }
  | { kind: 'invalid'; errors: FieldErrors };

/**
 * Locks the report row for the rest of the transaction (submission takes the same lock, so a
 * save and a submit never interleave) and refuses with 409 unless the report is editable.
 */
export async function lockEditableReport(tx: Tx, reportId: string) {
  const [row] = await tx.select({ status: reports.status }).from(reports).where(eq(reports.id, reportId)).for('update');
  if (!row) throw refusal(404, 'errors.report.notFound');
  if (!EDITABLE_STATUSES.includes(row.status)) throw refusal(409, 'errors.report.notEditable');
  return row.status;
}

/** What a save changes: a shared section's row, or one partner's financial part. */
export type SaveTarget = { kind: 'section'; section: ReportSection } | { kind: 'part'; organisationId: string };

/**
 * The one save path of the report (sections, partner parts, attachments), in one transaction: lock
 * the report and check that it can be edited, bump the target's version only when it is still the
 * one the user's form was based on (the version is in the WHERE; `expectedVersion` undefined means
 * "add to it", as an upload does), write the content, keep the costs section in step with the
 * parts, audit. A stale version changes nothing and reports a conflict; `{ invalid }` from `write`
 * (a server-only check) undoes everything.
 */
export async function saveVersioned<T>(
  request: Request,
  ctx: ReportContext,
  target: SaveTarget,
  input: {
    expectedVersion?: number;
    /** Sections: the user's "this section is complete"; undefined keeps it (at least "in progress"). */
    complete?: boolean;
    /** Parts: columns of partner_parts to set (explanations, sign-off). */
    set?: Partial<typeof partnerParts.$inferInsert>;
    action?: string;
    details?: Record<string, unknown>;
  },
  write: (tx: Tx) => Promise<T | { invalid: FieldErrors }>,
): Promise<SaveOutcome<T>> {
  const now = new Date();
  return getDb()
    .transaction(async (tx) => {
      await lockEditableReport(tx, ctx.report.id);
      const version = target.kind === 'section' ? await bumpSection(tx, ctx, target.section, input, now) : await bumpPart(tx, ctx, target.organisationId, input, now);
      if (version === null) return { kind: 'conflict', currentVersion: await currentVersion(tx, ctx, target) } as const;
      const result = await write(tx);
      if (result && typeof result === 'object' && 'invalid' in result) throw new InvalidInput(result.invalid);
      if (target.kind === 'part') await refreshCostsSection(tx, ctx, now);
      await appendAudit(tx, auditActor(request, ctx.principal), {
        action: input.action ?? (target.kind === 'section' ? 'report.section.save' : 'report.part.save'),
        entityType: target.kind === 'section' ? 'report' : 'partner_part',
        entityId: target.kind === 'section' ? ctx.report.id : `${ctx.report.id}/${target.organisationId}`,
        projectId: ctx.project.id,
        details:
          target.kind === 'section'
            ? { section: target.section, version, complete: input.complete, ...input.details }
            : { organisationId: target.organisationId, version, ...input.details },
      });
      return { kind: 'saved', version, at: now, result: result as T } as const;
    })
    .catch((error: unknown) => {
      if (error instanceof InvalidInput) return { kind: 'invalid', errors: error.errors } as const;
      throw error;
    });
}

async function bumpSection(tx: Tx, ctx: ReportContext, section: ReportSection, input: { expectedVersion?: number; complete?: boolean }, now: Date) {
  const status =
    input.complete === undefined
      ? sql`case when ${reportSections.status} = 'not_started' then 'in_progress'::section_status else ${reportSections.status} end`
      : input.complete
        ? 'completed'
        : 'in_progress';
  const where = [eq(reportSections.reportId, ctx.report.id), eq(reportSections.section, section)];
  if (input.expectedVersion !== undefined) where.push(eq(reportSections.version, input.expectedVersion));
  const [row] = await tx
    .update(reportSections)
    .set({ version: sql`${reportSections.version} + 1`, status, updatedAt: now, updatedBy: ctx.principal.user.id })
    .where(and(...where))
    .returning({ version: reportSections.version });
  return row?.version ?? null;
}

/**
 * Makes sure the part row exists (reports opened before parts existed, like the seeded 2025 drafts,
 * get theirs on first use) and bumps its version if it is still the expected one.
 */
async function bumpPart(tx: Tx, ctx: ReportContext, organisationId: string, input: { expectedVersion?: number; set?: Partial<typeof partnerParts.$inferInsert> }, now: Date) {
  await tx.insert(partnerParts).values({ reportId: ctx.report.id, projectId: ctx.project.id, organisationId }).onConflictDoNothing();
  const where = [eq(partnerParts.reportId, ctx.report.id), eq(partnerParts.organisationId, organisationId)];
  if (input.expectedVersion !== undefined) where.push(eq(partnerParts.version, input.expectedVersion));
  const [row] = await tx
    .update(partnerParts)
    .set({ ...input.set, updatedAt: now, updatedBy: ctx.principal.user.id, version: sql`${partnerParts.version} + 1` })
    .where(and(...where))
    .returning({ version: partnerParts.version });
  return row?.version ?? null;
}

async function currentVersion(tx: Tx, ctx: ReportContext, target: SaveTarget) {
  if (target.kind === 'section') {
    const [row] = await tx
      .select({ version: reportSections.version })
      .from(reportSections)
      .where(and(eq(reportSections.reportId, ctx.report.id), eq(reportSections.section, target.section)));
    return row?.version ?? 0;
  }
  const [row] = await tx
    .select({ version: partnerParts.version })
    .from(partnerParts)
    .where(and(eq(partnerParts.reportId, ctx.report.id), eq(partnerParts.organisationId, target.organisationId)));
  return row?.version ?? 0;
}

class InvalidInput extends Error {
  constructor(readonly errors: FieldErrors) {
    super('invalid input');
  }
}

export async function sectionState(db: Queryable, reportId: string, section: ReportSection) {
  const [row] = await db
    .select({ version: reportSections.version, status: reportSections.status, updatedAt: reportSections.updatedAt, updatedBy: users.name })
    .from(reportSections)
    .leftJoin(users, eq(users.id, reportSections.updatedBy))
    .where(and(eq(reportSections.reportId, reportId), eq(reportSections.section, section)));
  return row ?? { version: 0, status: 'not_started' as SectionStatus, updatedAt: null, updatedBy: null };
}

/**
 * Keeps the costs section's status in step with the parts: completed when every partner has
 * signed off, in progress once any part was saved. Called in the transaction that changed a part.
 */
export async function refreshCostsSection(tx: Tx, ctx: ReportContext, now: Date) {
  const [partnersCount] = await tx
    .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(projectPartners)
    .where(eq(projectPartners.projectId, ctx.project.id));
  const [state] = await tx
    .select({
      signed: sql<number>`count(*) filter (where ${partnerParts.signedOffAt} is not null)::int`.mapWith(Number),
      touched: sql<number>`count(*) filter (where ${partnerParts.version} > 0)::int`.mapWith(Number),
    })
    .from(partnerParts)
    .where(eq(partnerParts.reportId, ctx.report.id));
  const status: SectionStatus =
    (state?.signed ?? 0) === (partnersCount?.n ?? 0) && (partnersCount?.n ?? 0) > 0 ? 'completed' : (state?.touched ?? 0) > 0 ? 'in_progress' : 'not_started';
  await tx
    .update(reportSections)
    .set({ status, version: sql`${reportSections.version} + 1`, updatedAt: now, updatedBy: ctx.principal.user.id })
    .where(and(eq(reportSections.reportId, ctx.report.id), eq(reportSections.section, 'costs')));
}

// --- Action answers shared by the section pages ---------------------------------------------------

/** What a section action answers (besides a redirect after an explicit save). */
export interface SectionActionResult {
  errors?: FieldErrors;
  /** The user's own input, shown again in the form (no JavaScript) so nothing typed is lost. */
  values?: Record<string, unknown>;
  conflict?: { mine: unknown; current: unknown };
  saved?: { version: number; at: string };
  /** The blocking findings that refused a sign-off or "this section is complete". */
  findings?: Finding[];
}

/**
 * A refused form: 400 with the errors and the user's own input. "Fout: " in the title follows from
 * the `errors` in the action data (app/components/document-title.tsx), with or without JavaScript.
 */
export function invalidAnswer(raw: Record<string, unknown>, errors: FieldErrors) {
  return data<SectionActionResult>({ errors, values: raw }, { status: 400 });
}

export async function saveAnswer(
  outcome: SaveOutcome<unknown>,
  options: { ctx: ReportContext; raw: Record<string, unknown>; current: () => Promise<unknown>; redirectTo?: string },
) {
  const { ctx, raw } = options;
  if (outcome.kind === 'invalid') return invalidAnswer(raw, outcome.errors);
  if (outcome.kind === 'conflict') {
    const current = await options.current();
    return data<SectionActionResult>(
      { conflict: { mine: raw, current }, values: { ...raw, version: String(outcome.currentVersion) } },
      { status: 409 },
    );
  }
  if (raw.intent === 'autosave') return data<SectionActionResult>({ saved: { version: outcome.version, at: outcome.at.toISOString() } });
  throw redirect(options.redirectTo ?? reportPath(ctx.project.code, ctx.report.year));
}

