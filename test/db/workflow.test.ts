import { and, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { projects, reports, reviewDecisions, type ReportStatus } from '#db/schema/index';
import { allowedActions, transition, WorkflowError } from '#app/models/report-workflow.server';
import { WORKFLOW, WORKFLOW_ACTIONS, type WorkflowAction } from '#app/rules/workflow';
import type { Principal } from '#app/utils/permissions.server';
import { setupTestDatabase } from '#test/support/db';
import { actorOf, principalFor } from '#test/support/principal';

const database = setupTestDatabase();

const ACCOUNTS = {
  contributor: 'partner.amsix@demo.ipcei.test',
  penvoerder: 'penvoerder.ecofed@demo.ipcei.test',
  otherPenvoerder: 'penvoerder.misd@demo.ipcei.test',
  reviewerA: 'reviewer.a@demo.ipcei.test',
  reviewerB: 'reviewer.b@demo.ipcei.test',
  ez: 'ez@demo.ipcei.test',
  admin: 'admin@demo.ipcei.test',
} as const;
type Who = keyof typeof ACCOUNTS;
const who = {} as Record<Who, Principal>;
let ecofed2025 = '';

beforeAll(async () => {
  for (const [key, email] of Object.entries(ACCOUNTS)) who[key as Who] = await principalFor(email);
  const [row] = await database()
    .db.select({ id: reports.id })
    .from(reports)
    .innerJoin(projects, eq(projects.id, reports.projectId))
    .where(and(eq(projects.code, 'ECOFED'), eq(reports.year, 2025)));
  ecofed2025 = row!.id;
});

async function setStatus(status: ReportStatus, recommendedBy: string | null = null) {
  const now = new Date();
  await database()
    .db.update(reports)
    .set({
      status,
      submittedAt: status === 'draft' ? null : now,
      submittedBy: status === 'draft' ? null : who.penvoerder.user.id,
      currentRevision: status === 'draft' ? 0 : 1,
      recommendedBy: status === 'recommended' || status === 'approved' ? recommendedBy ?? who.reviewerA.user.id : null,
      recommendedAt: status === 'recommended' || status === 'approved' ? now : null,
      approvedBy: status === 'approved' ? who.reviewerB.user.id : null,
      approvedAt: status === 'approved' ? now : null,
    })
    .where(eq(reports.id, ecofed2025));
}

function attempt(principal: Principal, action: WorkflowAction, reason = 'Omdat het moet') {
  return database().db.transaction((tx) => transition(tx, principal, actorOf(principal), ecofed2025, action, { reason }));
}

async function errorOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WorkflowError) return error;
    throw error;
  }
  return null;
}

// Who may take which action (from a state where it is allowed).
const EXPECTED: Record<WorkflowAction, Who[]> = {
  submit: ['penvoerder'],
  request_changes: ['reviewerA', 'reviewerB'],
  recommend: ['reviewerA', 'reviewerB'],
  approve: ['reviewerB'], // reviewer A recommended: four-eyes
  reject: ['reviewerA', 'reviewerB'],
  reopen: ['admin'],
};
const STATUSES: ReportStatus[] = ['draft', 'submitted', 'changes_requested', 'recommended', 'approved', 'rejected'];

describe('report workflow', () => {
  describe.each(WORKFLOW_ACTIONS)('%s', (action) => {
    const rule = WORKFLOW[action];
    it.each(STATUSES)('from %s: only the right roles, only from the right states', async (status) => {
      for (const role of Object.keys(ACCOUNTS) as Who[]) {
        await setStatus(status);
        const error = await errorOf(attempt(who[role], action));
        const stateOk = (rule.from as readonly ReportStatus[]).includes(status);
        const roleOk = EXPECTED[action].includes(role);
        if (stateOk && roleOk) {
          expect(error, `${role} ${action} from ${status}`).toBeNull();
          const [after] = await database().db.select({ status: reports.status }).from(reports).where(eq(reports.id, ecofed2025));
          expect(after?.status).toBe(rule.to);
        } else {
          expect(error, `${role} ${action} from ${status}`).not.toBeNull();
          // A role without the permission is refused before the state is even considered.
          if (role === 'otherPenvoerder' || role === 'contributor' || role === 'ez') expect(error?.status).toBe(403);
        }
      }
    });
  });

  it('never lets the recommender approve the same revision (four-eyes), with the reason', async () => {
    await setStatus('recommended', who.reviewerB.user.id);
    const error = await errorOf(attempt(who.reviewerB, 'approve'));
    expect(error).toMatchObject({ code: 'four_eyes', status: 403 });
    expect(await errorOf(attempt(who.reviewerA, 'approve'))).toBeNull();
  });

  it('computes the actions a user may take, the same way it enforces them', async () => {
    await setStatus('submitted');
    const report = { id: ecofed2025, projectId: who.penvoerder.memberships.keys().next().value!, status: 'submitted' as const, recommendedBy: null, fourEyes: true };
    expect(allowedActions(who.reviewerA, report)).toEqual(['request_changes', 'recommend', 'reject']);
    expect(allowedActions(who.penvoerder, report)).toEqual([]);
    expect(allowedActions(who.penvoerder, { ...report, status: 'draft' })).toEqual(['submit']);
    expect(allowedActions(who.admin, { ...report, status: 'approved' })).toEqual(['reopen']);
  });

  it('stamps submit, recommend and approve, and records each decision', async () => {
    await setStatus('draft');
    await attempt(who.penvoerder, 'submit');
    await attempt(who.reviewerA, 'recommend');
    await attempt(who.reviewerB, 'approve');
    const [report] = await database().db.select().from(reports).where(eq(reports.id, ecofed2025));
    expect(report).toMatchObject({
      status: 'approved',
      currentRevision: 1,
      submittedBy: who.penvoerder.user.id,
      recommendedBy: who.reviewerA.user.id,
      approvedBy: who.reviewerB.user.id,
      submittedLate: true, // due 1 February 2026, submitted after it
    });
    const decisions = await database()
      .db.select()
      .from(reviewDecisions)
      .where(eq(reviewDecisions.reportId, ecofed2025))
      .orderBy(desc(reviewDecisions.decidedAt))
      .limit(2);
    expect(decisions.map((d) => [d.decision, d.decidedBy, d.revision]).sort()).toEqual([
      ['approve', who.reviewerB.user.id, 1],
      ['recommend', who.reviewerA.user.id, 1],
    ]);
  });

  it('requires a reason to reject or reopen', async () => {
    await setStatus('submitted');
    expect(await errorOf(attempt(who.reviewerA, 'reject', '  '))).toMatchObject({ code: 'reason_required', status: 400 });
  });

  it('lets exactly one of two simultaneous decisions win; the other gets a 409 (a real race on the server; one after the other on PGlite)', async () => {
    await setStatus('submitted');
    const results = await Promise.allSettled([attempt(who.reviewerA, 'recommend'), attempt(who.reviewerB, 'recommend')]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(WorkflowError);
    expect((lost[0]!.reason as WorkflowError).status).toBe(409);
  });
});
