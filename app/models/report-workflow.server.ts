import { and, eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Tx } from '#db/client';
import { programmes, projects, reports, reviewDecisions, type ReportStatus } from '#db/schema/index';
import { can, type Principal } from '#app/utils/permissions.server';
import { appendAudit, type AuditActor } from './audit.server';
import { notifyTransition } from './notifications.server';
import { todayInAmsterdam } from '#app/rules/dates';
import { isDecisionAction, REASON_REQUIRED, WORKFLOW, WORKFLOW_ACTIONS, type WorkflowAction } from '#app/rules/workflow';

/**
 * The report workflow: the one place where a report's status changes. The table of actions (which
 * permission, from which states, to which state) is declared once in app/rules/workflow.ts;
 * `transition` carries it out and puts the status it read in the WHERE of its UPDATE, so a stale
 * or concurrent transition cannot win twice: the loser gets a 409 and sees what happened.
 */
export type WorkflowErrorCode = 'forbidden' | 'four_eyes' | 'wrong_state' | 'conflict' | 'reason_required' | 'not_found';

export class WorkflowError extends Error {
  constructor(
    readonly code: WorkflowErrorCode,
    readonly status: 403 | 404 | 409 | 400,
    readonly currentStatus?: ReportStatus,
  ) {
    super(`workflow: ${code}${currentStatus ? ` (report is ${currentStatus})` : ''}`);
  }
}

export interface WorkflowReport {
  id: string;
  projectId: string;
  status: ReportStatus;
  recommendedBy: string | null;
  fourEyes: boolean;
}

function blockedBy(principal: Principal, report: WorkflowReport, action: WorkflowAction): WorkflowError | null {
  const rule = WORKFLOW[action];
  if (!can(principal, rule.permission, { projectId: report.projectId })) return new WorkflowError('forbidden', 403);
  if (!(rule.from as readonly ReportStatus[]).includes(report.status)) return new WorkflowError('wrong_state', 409, report.status);
  // Segregation of duties: who recommended this revision may not approve it.
  if (action === 'approve' && report.fourEyes && report.recommendedBy === principal.user.id) return new WorkflowError('four_eyes', 403);
  return null;
}

/** What this user may do with the report now: computed on the server, sent to the page. */
export function allowedActions(principal: Principal, report: WorkflowReport): WorkflowAction[] {
  return WORKFLOW_ACTIONS.filter((action) => blockedBy(principal, report, action) === null);
}

/** Why an action is not possible (for a clear message), or null when it is. */
export function whyNot(principal: Principal, report: WorkflowReport, action: WorkflowAction): WorkflowErrorCode | null {
  return blockedBy(principal, report, action)?.code ?? null;
}

export async function loadWorkflowReport(tx: Tx, reportId: string): Promise<WorkflowReport | null> {
  const [row] = await tx
    .select({
      id: reports.id,
      projectId: reports.projectId,
      status: reports.status,
      recommendedBy: reports.recommendedBy,
      fourEyes: programmes.fourEyes,
    })
    .from(reports)
    .innerJoin(projects, eq(projects.id, reports.projectId))
    .innerJoin(programmes, eq(programmes.id, projects.programmeId))
    .where(eq(reports.id, reportId));
  return row ?? null;
}


export interface TransitionResult {
  id: string;
  status: ReportStatus;
  version: number;
  currentRevision: number;
  submittedLate: boolean;
}

/**
 * Moves a report through the workflow inside the caller's transaction (so the caller can write a
 * revision or notifications in the same transaction), with its decision row and audit entry.
 * Throws WorkflowError: 403 forbidden / four_eyes, 409 wrong_state / conflict, 400 reason_required.
 */
export async function transition(
  tx: Tx,
  principal: Principal,
  actor: AuditActor,
  reportId: string,
  action: WorkflowAction,
  options: { reason?: string; expectedVersion?: number; now?: Date } = {},
): Promise<TransitionResult> {
  const report = await loadWorkflowReport(tx, reportId);
  if (!report) throw new WorkflowError('not_found', 404);
  const blocked = blockedBy(principal, report, action);
  if (blocked) throw blocked;
  const reason = options.reason?.trim() ?? '';
  if (REASON_REQUIRED.has(action) && !reason) throw new WorkflowError('reason_required', 400);

  const now = options.now ?? new Date();
  const userId = principal.user.id;
  const rule = WORKFLOW[action];
  const set: PgUpdateSetSource<typeof reports> = { status: rule.to, updatedAt: now };
  switch (action) {
    case 'submit':
      Object.assign(set, {
        submittedAt: now,
        submittedBy: userId,
        submittedLate: sql`${todayInAmsterdam(now)}::date > ${reports.dueDate}`,
        currentRevision: sql`${reports.currentRevision} + 1`,
        recommendedAt: null,
        recommendedBy: null,
        approvedAt: null,
        approvedBy: null,
      });
      break;
    case 'recommend':
      Object.assign(set, { recommendedAt: now, recommendedBy: userId });
      break;
    case 'approve':
      Object.assign(set, { approvedAt: now, approvedBy: userId });
      break;
    case 'request_changes':
    case 'reopen':
      Object.assign(set, { recommendedAt: null, recommendedBy: null, approvedAt: null, approvedBy: null });
      break;
    case 'reject':
      break;
  }
  set.version = sql`${reports.version} + 1`;

  const conditions = [eq(reports.id, reportId), eq(reports.status, report.status)];
  if (options.expectedVersion !== undefined) conditions.push(eq(reports.version, options.expectedVersion));
  const [updated] = await tx
    .update(reports)
    .set(set)
    .where(and(...conditions))
    .returning({
      id: reports.id,
      status: reports.status,
      version: reports.version,
      currentRevision: reports.currentRevision,
      submittedLate: reports.submittedLate,
    });
  if (!updated) {
    const [current] = await tx.select({ status: reports.status }).from(reports).where(eq(reports.id, reportId));
    throw new WorkflowError('conflict', 409, current?.status);
  }

  const decision = isDecisionAction(action) ? action : null;
  if (decision) {
    await tx.insert(reviewDecisions).values({ reportId, revision: updated.currentRevision, decision, decidedBy: userId, reason, decidedAt: now });
  }
  await appendAudit(tx, actor, {
    action: `report.${action}`,
    entityType: 'report',
    entityId: reportId,
    projectId: report.projectId,
    details: { from: report.status, to: updated.status, revision: updated.currentRevision, ...(reason ? { reason } : {}) },
  });
  // The news of the change (in-app notifications and outbox e-mail) commits or rolls back with it.
  await notifyTransition(tx, {
    reportId,
    projectId: report.projectId,
    action,
    from: report.status,
    to: updated.status,
    version: updated.version,
    revision: updated.currentRevision,
    actorId: userId,
    reason,
    now,
  });
  return updated;
}
