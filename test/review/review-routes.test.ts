import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '#db/client';
import { emailOutbox, notifications, reports, reviewComments } from '#db/schema/index';
import * as inboxRoute from '#app/routes/review/inbox';
import * as reportRoute from '#app/routes/review/report';
import * as questionsRoute from '#app/routes/review/questions';
import { loadSectionQuestions } from '#app/models/review.server';
import { setupTestDatabase } from '#test/support/db';
import { principalFor, userId } from '#test/support/principal';
import { getRequest, postRequest } from '#test/support/requests';
import { ACCOUNTS, args, outcome, reportId, reportRow } from './support';

setupTestDatabase();

let misd = '';
let ecc = '';
let ecofed = '';
beforeAll(async () => {
  misd = await reportId('MISD', 2024);
  ecc = await reportId('ECC', 2024);
  ecofed = await reportId('ECOFED', 2024);
});

const decide = async (id: string, email: string, fields: Record<string, string>) =>
  outcome(async () => reportRoute.action(args(await postRequest(`/beoordelen/${id}`, { intent: 'decide', ...fields }, email), { reportId: id })));

const loadReport = async (id: string, email: string) => reportRoute.loader(args(await getRequest(`/beoordelen/${id}`, email), { reportId: id }));

describe('the reviewer inbox', () => {
  it('shows reviewers what needs them, with counts per status', async () => {
    const data = await inboxRoute.loader(args(await getRequest('/beoordelen', ACCOUNTS.reviewerB)));
    expect(data.canReview).toBe(true);
    expect(data.filters.status).toBe('open');
    expect(data.rows.map((r) => [r.projectCode, r.year, r.status])).toEqual([['MISD', 2024, 'submitted']]);
    expect(data.counts).toMatchObject({ approved: 1, submitted: 1, changes_requested: 1, draft: 3 });
  });

  it('filters by project, year, status, overdue and "assigned to me", from the URL', async () => {
    const byProject = await inboxRoute.loader(args(await getRequest('/beoordelen?project=ECC&status=all', ACCOUNTS.reviewerA)));
    expect(byProject.rows.map((r) => `${r.projectCode} ${r.year}`).sort()).toEqual(['ECC 2024', 'ECC 2025']);
    expect(byProject.counts).toMatchObject({ changes_requested: 1, draft: 1, submitted: 0 });
    const mine = await inboxRoute.loader(args(await getRequest('/beoordelen?status=all&mijn=1', ACCOUNTS.reviewerA)));
    expect(mine.rows.map((r) => r.projectCode).sort()).toEqual(['ECC', 'ECOFED']);
    const overdue = await inboxRoute.loader(args(await getRequest('/beoordelen?status=all&telaat=1&jaar=2025', ACCOUNTS.reviewerA)));
    // The 2025 drafts were due on 1 February 2026 and are not submitted.
    expect(overdue.rows.every((r) => r.overdue && r.status === 'draft' && r.year === 2025)).toBe(true);
    expect(overdue.rows).toHaveLength(3);
    const sorted = await inboxRoute.loader(args(await getRequest('/beoordelen?status=all&sorteer=project&richting=desc&jaar=2024', ACCOUNTS.reviewerA)));
    expect(sorted.rows.map((r) => r.projectCode)).toEqual(['MISD', 'ECOFED', 'ECC']);
    for (const dir of ['asc', 'desc']) {
      const bySubmitted = await inboxRoute.loader(args(await getRequest(`/beoordelen?status=all&sorteer=submitted&richting=${dir}`, ACCOUNTS.reviewerA)));
      const submitted = bySubmitted.rows.map((r) => r.submittedAt).filter((d) => d !== null);
      expect(submitted.map(String)).toEqual([...submitted].sort((a, b) => (dir === 'asc' ? +a - +b : +b - +a)).map(String));
      // Not yet submitted: last, in both directions.
      expect(bySubmitted.rows.at(-1)?.submittedAt).toBeNull();
    }
    const byStatus = await inboxRoute.loader(args(await getRequest('/beoordelen?status=all&sorteer=status&jaar=2024', ACCOUNTS.reviewerA)));
    expect(byStatus.rows.map((r) => r.status)).toEqual(['submitted', 'changes_requested', 'approved']);
  });

  it('is read-only for EZ and administrators, and closed to partners (403)', async () => {
    const ez = await inboxRoute.loader(args(await getRequest('/beoordelen', ACCOUNTS.ez)));
    expect(ez.canReview).toBe(false);
    const admin = await loadReport(misd, ACCOUNTS.admin);
    expect(admin.actions).toEqual([]);
    expect(admin.threadPermissions).toEqual({ ask: false, reply: false, resolve: false });
    const partner = await outcome(async () => inboxRoute.loader(args(await getRequest('/beoordelen', ACCOUNTS.penvoerderMisd))));
    expect(partner.status).toBe(403);
    const claimByEz = await outcome(async () =>
      inboxRoute.action(args(await postRequest('/beoordelen', { intent: 'claim', reportId: misd }, ACCOUNTS.ez))),
    );
    expect(claimByEz.status).toBe(403);
  });
});

describe('claiming a report', () => {
  it('lets one reviewer take an unassigned report and give it back; a taken report cannot be taken', async () => {
    const taken = await outcome(async () =>
      inboxRoute.action(args(await postRequest('/beoordelen', { intent: 'claim', reportId: misd }, ACCOUNTS.reviewerA))),
    );
    expect(taken.status).toBe(409);
    expect(taken.data.notice).toEqual({ key: 'review.claim.taken', params: { name: 'Sophie Mulder' } });
    const notMine = await outcome(async () =>
      inboxRoute.action(args(await postRequest('/beoordelen', { intent: 'release', reportId: misd }, ACCOUNTS.reviewerA))),
    );
    expect(notMine.status).toBe(403);
    const released = await outcome(async () =>
      inboxRoute.action(args(await postRequest('/beoordelen', { intent: 'release', reportId: misd }, ACCOUNTS.reviewerB))),
    );
    expect(released.status).toBe(200);
    expect((await reportRow(misd)).assignedReviewerId).toBeNull();
    const claimed = await outcome(async () =>
      reportRoute.action(args(await postRequest(`/beoordelen/${misd}`, { intent: 'claim' }, ACCOUNTS.reviewerA), { reportId: misd })),
    );
    expect(claimed.status).toBe(302);
    expect((await reportRow(misd)).assignedReviewerId).toBe(await userId(ACCOUNTS.reviewerA));
  });
});

describe('one report', () => {
  it('shows the submitted revision section by section, its questions and the actions the user may take', async () => {
    const data = await loadReport(ecc, ACCOUNTS.reviewerA);
    expect(data.revision?.reference).toBe('IPCEI-CIS-ECC-2024-R1');
    expect(data.sections.map((s) => s.section)).toEqual(['progress', 'milestones', 'costs', 'indicators', 'spillover', 'risks', 'attachments']);
    // Each section is shown by its own view from the revision's snapshot (costs: per partner, in money).
    expect(data.snapshot?.partners.some((p) => p.organisation.name === 'Leaseweb' && p.totalCents > 0)).toBe(true);
    // Without a previous revision nothing is marked as changed.
    expect(data.sections.every((s) => s.rows.length === 0)).toBe(true);
    expect(data.previousRevision).toBeNull();
    expect(data.threads).toHaveLength(1);
    expect(data.threads[0]).toMatchObject({ section: 'costs', resolvedAt: null });
    // Back with the project: nothing for a reviewer to decide.
    expect(data.actions).toEqual([]);
    const misdData = await loadReport(misd, ACCOUNTS.reviewerB);
    expect(misdData.actions).toEqual(['request_changes', 'recommend', 'reject']);
    const approved = await loadReport(ecofed, ACCOUNTS.admin);
    expect(approved.actions).toEqual(['reopen']);
    expect(approved.header).toMatchObject({ recommendedByName: 'Daan Visser', approvedByName: 'Sophie Mulder' });
  });

  it('answers 404 for a report that does not exist or a malformed id', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
      const response = await outcome(async () => loadReport(id, ACCOUNTS.reviewerA));
      expect(response.status).toBe(404);
    }
  });
});

describe('decisions', () => {
  it('refuses a partner trying a reviewer action with 403, and saves nothing', async () => {
    const before = await reportRow(misd);
    for (const email of [ACCOUNTS.penvoerderMisd, ACCOUNTS.partnerMisd, ACCOUNTS.partnerEcofed]) {
      const result = await decide(misd, email, { decision: 'recommend', version: String(before.version), confirmed: '1' });
      expect(result.status, email).toBe(403);
    }
    const ez = await decide(misd, ACCOUNTS.ez, { decision: 'recommend', version: String(before.version), confirmed: '1' });
    expect(ez.status).toBe(403);
    expect(ez.data.notice).toEqual({ key: 'errors.review.forbidden' });
    expect((await reportRow(misd)).version).toBe(before.version);
  });

  it('asks for confirmation first, then decides; four-eyes is enforced on the server (403 with the reason)', async () => {
    const { version } = await reportRow(misd);
    const confirm = await decide(misd, ACCOUNTS.reviewerA, { decision: 'recommend', reason: 'Compleet', version: String(version) });
    expect(confirm.status).toBe(200);
    expect(confirm.data.confirm).toEqual({ decision: 'recommend', reason: 'Compleet', version });
    expect((await reportRow(misd)).status).toBe('submitted');

    const done = await decide(misd, ACCOUNTS.reviewerA, { decision: 'recommend', reason: 'Compleet', version: String(version), confirmed: '1' });
    expect(done.status).toBe(302);
    expect(done.location).toBe(`/beoordelen/${misd}?besluit=recommend`);
    const recommended = await reportRow(misd);
    expect(recommended).toMatchObject({ status: 'recommended', recommendedBy: await userId(ACCOUNTS.reviewerA) });

    // The page hides "approve" from the recommender …
    const page = await loadReport(misd, ACCOUNTS.reviewerA);
    expect(page.actions).not.toContain('approve');
    expect(page.fourEyesBlocked).toBe(true);
    // … and the server refuses it when posted anyway, confirmed or not.
    for (const confirmed of [{}, { confirmed: '1' }] as Array<Record<string, string>>) {
      const own = await decide(misd, ACCOUNTS.reviewerA, { decision: 'approve', version: String(recommended.version), ...confirmed });
      expect(own.status).toBe(403);
      expect(own.data.notice).toEqual({ key: 'errors.review.four_eyes' });
    }
    expect((await reportRow(misd)).status).toBe('recommended');

    const approved = await decide(misd, ACCOUNTS.reviewerB, { decision: 'approve', version: String(recommended.version), confirmed: '1' });
    expect(approved.status).toBe(302);
    const row = await reportRow(misd);
    expect(row).toMatchObject({
      status: 'approved',
      recommendedBy: await userId(ACCOUNTS.reviewerA),
      approvedBy: await userId(ACCOUNTS.reviewerB),
    });
    expect(row.approvedAt).toBeInstanceOf(Date);
  });

  it('answers 409 with what happened to a decision on a report in the wrong state or a stale page', async () => {
    const row = await reportRow(ecofed);
    const wrong = await decide(ecofed, ACCOUNTS.reviewerA, { decision: 'reject', reason: 'Nee', version: String(row.version), confirmed: '1' });
    expect(wrong.status).toBe(409);
    expect(wrong.data.notice).toEqual({ key: 'errors.review.wrong_state', params: { status: { key: 'reportStatus.approved' } } });

    // An administrator reopens with a reason (a new revision cycle); the stale page then loses.
    const missingReason = await decide(ecofed, ACCOUNTS.admin, { decision: 'reopen', reason: ' ', version: String(row.version) });
    expect(missingReason.status).toBe(400);
    expect(missingReason.data.decideErrors).toEqual({ reason: 'errors.review.reason.required' });
    const reopened = await decide(ecofed, ACCOUNTS.admin, { decision: 'reopen', reason: 'Correctie kosten', version: String(row.version), confirmed: '1' });
    expect(reopened.status).toBe(302);
    expect(await reportRow(ecofed)).toMatchObject({ status: 'changes_requested', approvedBy: null, recommendedBy: null });
    const stale = await decide(ecofed, ACCOUNTS.admin, { decision: 'reopen', reason: 'Nog eens', version: String(row.version), confirmed: '1' });
    expect(stale.status).toBe(409);
  });

  it('requests changes only with an open question or a reason; the project hears of it', async () => {
    const other = await reportId('MISD', 2025);
    // Put a fresh submitted report in place: reuse MISD 2025 through the state machine's own stamps.
    await getDb()
      .update(reports)
      .set({ status: 'submitted', submittedAt: new Date(), submittedBy: await userId(ACCOUNTS.penvoerderMisd), currentRevision: 1 })
      .where(eq(reports.id, other));
    const { version } = await reportRow(other);
    const bare = await decide(other, ACCOUNTS.reviewerB, { decision: 'request_changes', version: String(version), confirmed: '1' });
    expect(bare.status).toBe(400);
    expect(bare.data.decideErrors).toEqual({ reason: 'errors.review.reason.needQuestion' });

    const emptyQuestion = await outcome(async () =>
      reportRoute.action(args(await postRequest(`/beoordelen/${other}`, { intent: 'ask', section: 'costs', body: '  ' }, ACCOUNTS.reviewerB), { reportId: other })),
    );
    expect(emptyQuestion.status).toBe(400);
    expect(emptyQuestion.data.commentErrors).toEqual({ form: 'ask-costs', errors: { body: 'errors.review.body.required' } });

    const asked = await outcome(async () =>
      reportRoute.action(
        args(await postRequest(`/beoordelen/${other}`, { intent: 'ask', section: 'costs', body: 'Waarom hoger?' }, ACCOUNTS.reviewerB), { reportId: other }),
      ),
    );
    expect(asked.status).toBe(302);
    const withQuestion = await decide(other, ACCOUNTS.reviewerB, { decision: 'request_changes', version: String(version), confirmed: '1' });
    expect(withQuestion.status).toBe(302);
    expect((await reportRow(other)).status).toBe('changes_requested');

    // Every member of MISD gets an in-app notification and one e-mail; the reviewer who acted does not.
    const penvoerder = await userId(ACCOUNTS.penvoerderMisd);
    const notes = await getDb()
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, 'report.request_changes'), eq(notifications.userId, penvoerder), isNull(notifications.readAt)));
    expect(notes.length).toBeGreaterThanOrEqual(1);
    const mails = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, ACCOUNTS.partnerMisd));
    expect(mails.some((m) => m.subject === 'RVO vraagt wijzigingen: rapport MISD 2025')).toBe(true);
    const toReviewer = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, ACCOUNTS.reviewerB));
    expect(toReviewer.filter((m) => m.subject.includes('MISD 2025'))).toHaveLength(0);

    // Questions can no longer be asked while the report is with the project.
    const late = await outcome(async () =>
      reportRoute.action(args(await postRequest(`/beoordelen/${other}`, { intent: 'ask', section: '', body: 'Nog iets' }, ACCOUNTS.reviewerB), { reportId: other })),
    );
    expect(late.status).toBe(409);
    const count = await getDb().select().from(reviewComments).where(eq(reviewComments.reportId, other));
    expect(count).toHaveLength(1);
  });

  it('lets exactly one of two simultaneous decisions win; the other sees what happened (409) (a real race on the server; one after the other on PGlite)', async () => {
    const id = await reportId('ECOFED', 2025);
    const penvoerder = await userId('penvoerder.ecofed@demo.ipcei.test');
    // Several rounds, each from a fresh 'submitted' state: every time exactly one decision wins.
    for (let round = 0; round < 4; round++) {
      await getDb()
        .update(reports)
        .set({ status: 'submitted', submittedAt: new Date(), submittedBy: penvoerder, currentRevision: 1, recommendedBy: null, recommendedAt: null })
        .where(eq(reports.id, id));
      const { version } = await reportRow(id);
      const results = await Promise.all([
        decide(id, ACCOUNTS.reviewerA, { decision: 'recommend', version: String(version), confirmed: '1' }),
        decide(id, ACCOUNTS.reviewerB, { decision: 'reject', reason: 'Onvolledig', version: String(version), confirmed: '1' }),
      ]);
      expect(results.map((r) => r.status).sort(), `round ${round}`).toEqual([302, 409]);
      const loser = results.find((r) => r.status === 409)!;
      const row = await reportRow(id);
      expect(row.version).toBe(version + 1);
      expect(['recommended', 'rejected']).toContain(row.status);
      // The loser is told the status it lost to.
      expect(JSON.stringify(loser.data.notice)).toContain(`reportStatus.${row.status}`);
    }
  });

  it('lets exactly one of two reviewers claim the same report at once (a real race on the server; one after the other on PGlite)', async () => {
    const id = await reportId('ECC', 2025);
    const claim = async (email: string) =>
      outcome(async () => inboxRoute.action(args(await postRequest('/beoordelen', { intent: 'claim', reportId: id }, email))));
    // A draft is not the reviewers' yet.
    const draft = await claim(ACCOUNTS.reviewerA);
    expect(draft.status).toBe(409);
    expect(draft.data.notice).toEqual({ key: 'review.claim.notClaimable' });
    await getDb()
      .update(reports)
      .set({ status: 'submitted', submittedAt: new Date(), submittedBy: await userId(ACCOUNTS.penvoerderEcc), currentRevision: 1, assignedReviewerId: null })
      .where(eq(reports.id, id));
    const results = await Promise.all([claim(ACCOUNTS.reviewerA), claim(ACCOUNTS.reviewerB)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect([await userId(ACCOUNTS.reviewerA), await userId(ACCOUNTS.reviewerB)]).toContain((await reportRow(id)).assignedReviewerId);
  });
});

describe('questions on the project side', () => {
  it('shows RVO questions at their section, and lets the project answer while changes are requested', async () => {
    const principal = await principalFor(ACCOUNTS.penvoerderEcc);
    const costs = await loadSectionQuestions(getDb(), principal, ecc, 'costs');
    expect(costs?.threads).toHaveLength(1);
    expect(costs?.permissions).toEqual({ ask: false, reply: true, resolve: false });
    expect(await loadSectionQuestions(getDb(), principal, ecc, 'risks')).toBeNull();

    const page = await questionsRoute.loader(args(await getRequest(`/vragen/${ecc}`, ACCOUNTS.penvoerderEcc), { reportId: ecc }));
    expect(page.sections.map((s) => s.section)).toEqual(['costs']);
    const threadId = page.sections[0]!.threads[0]!.id;

    const empty = await outcome(async () =>
      questionsRoute.action(args(await postRequest(`/vragen/${ecc}`, { intent: 'reply', threadId, body: '' }, ACCOUNTS.penvoerderEcc), { reportId: ecc })),
    );
    expect(empty.status).toBe(400);
    expect(empty.data.commentErrors).toEqual({ form: `reply-${threadId}`, errors: { body: 'errors.review.body.required' } });

    const answered = await outcome(async () =>
      questionsRoute.action(
        args(
          await postRequest(`/vragen/${ecc}`, { intent: 'reply', threadId, body: 'Toelichting toegevoegd.', redirectTo: '/projecten/ECC' }, ACCOUNTS.penvoerderEcc),
          { reportId: ecc },
        ),
      ),
    );
    expect(answered.status).toBe(302);
    expect(answered.location).toBe('/projecten/ECC?melding=geplaatst');
    const thread = (await loadSectionQuestions(getDb(), principal, ecc, 'costs'))!.threads[0]!;
    expect(thread.replies.map((r) => [r.body, r.authorName])).toEqual([['Toelichting toegevoegd.', 'Lotte Meijer']]);

    // Another project's partner does not even see the report (404); a reviewer answers on the review page only while it is under review.
    const stranger = await outcome(async () => questionsRoute.loader(args(await getRequest(`/vragen/${ecc}`, ACCOUNTS.partnerEcofed), { reportId: ecc })));
    expect(stranger.status).toBe(404);
    const reviewerReply = await outcome(async () =>
      reportRoute.action(args(await postRequest(`/beoordelen/${ecc}`, { intent: 'reply', threadId, body: 'Dank' }, ACCOUNTS.reviewerA), { reportId: ecc })),
    );
    expect(reviewerReply.status).toBe(409);
  });
});
