import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { getDb } from '#db/client';
import type { PageHandle } from '#app/components/document-title';
import { FieldGroup, fieldId, TextAreaField, type FieldErrors } from '#app/components/form/field';
import { parseForm } from '#app/components/form/parse';
import { useValidatedForm } from '#app/components/form/use-form';
import { ValidatedForm } from '#app/components/form/validated-form';
import { ReportStatusTag } from '#app/components/status';
import { ClaimButtons } from '#app/components/review/claim';
import { renderNotice } from '#app/components/review/notice';
import { CommentSchema, DecisionSchema } from '#app/components/review/schemas';
import { SectionContent } from '#app/components/review/section-content';
import { SECTION_VIEWS } from '#app/report/report-view';
import type { ReportSnapshot } from '#app/report/snapshot';
import { FindingsList } from '#app/components/report/findings';
import type { Finding } from '#app/rules/checks';
import { REPORT_SECTIONS, type ReportSection } from '#app/rules/sections';
import { isDecisionAction, type DecisionAction } from '#app/rules/workflow';
import { Threads, type CommentFormErrors } from '#app/components/review/threads';
import { useT, type TranslationKey } from '#app/i18n/index';
import { allowedActions, transition, whyNot, WorkflowError, type WorkflowReport } from '#app/models/report-workflow.server';
import {
  askQuestion,
  CLAIMABLE_STATUSES,
  claimOutcome,
  claimReport,
  CommentError,
  compareRevisions,
  getDecisions,
  getReviewHeader,
  getRevisions,
  latestDecision,
  listThreads,
  openQuestionCount,
  releaseReport,
  replyToThread,
  setThreadResolved,
  threadPermissions,
  workflowNotice,
  type Notice,
  type ReviewHeader,
} from '#app/models/review.server';
import { notFound, requirePermission } from '#app/utils/permissions.server';
import { uuidParam } from '#app/utils/params.server';
import { auditActor } from '#app/utils/request.server';
import { formatDate, formatDateTime } from '#app/rules/dates';

const DONE_MESSAGES: Record<string, TranslationKey> = {
  opgepakt: 'review.claim.done',
  teruggegeven: 'review.claim.released',
  geplaatst: 'review.threads.saved',
  afgehandeld: 'review.threads.resolvedDone',
  heropend: 'review.threads.reopenedDone',
};

async function loadHeader(reportId: string | undefined): Promise<ReviewHeader> {
  if (!reportId || !z.string().uuid().safeParse(reportId).success) notFound();
  const header = await getReviewHeader(getDb(), reportId);
  if (!header) notFound();
  return header;
}

function workflowReport(header: ReviewHeader): WorkflowReport {
  return { id: header.id, projectId: header.projectId, status: header.status, recommendedBy: header.recommendedBy, fourEyes: header.fourEyes };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  // RVO and EZ staff only: a partner has no business on the review page (403).
  await requirePermission(request, 'read:project:any');
  const header = await loadHeader(uuidParam(params, 'reportId'));
  const principal = await requirePermission(request, 'read:project:any', { projectId: header.projectId });
  const db = getDb();
  const [revisions, threads, decisions, openQuestions] = await Promise.all([
    getRevisions(db, header.id, header.currentRevision),
    listThreads(db, header.id),
    getDecisions(db, header.id),
    openQuestionCount(db, header.id),
  ]);
  const report = workflowReport(header);
  const url = new URL(request.url);
  const done = url.searchParams.get('besluit');
  const melding = url.searchParams.get('melding');
  return {
    header,
    revision: revisions.current
      ? {
          revision: revisions.current.revision,
          reference: revisions.current.reference,
          submittedAt: revisions.current.submittedAt,
          submittedByName: revisions.current.submittedByName,
        }
      : null,
    previousRevision: revisions.previous?.revision ?? null,
    // The revision as a reviewer reads it (each section's own view) beside the previous one, and
    // per section what changed since then.
    snapshot: (revisions.current?.snapshot ?? null) as ReportSnapshot | null,
    previousSnapshot: (revisions.previous?.snapshot ?? null) as ReportSnapshot | null,
    // What the checks found at submission (warnings: blocking findings refuse a submission).
    findings: (revisions.current?.findings ?? []) as Finding[],
    sections: revisions.current
      ? compareRevisions(revisions.current.snapshot, revisions.previous?.snapshot ?? null).map((s) => ({
          section: s.section,
          changes: s.changes,
          /** Only what changed or was added since the previous revision (the views show the rest). */
          rows: s.rows.filter((r) => r.state === 'changed' || r.state === 'added'),
          removed: s.removed,
        }))
      : [],
    threads,
    decisions,
    openQuestions,
    // Computed on the server with the same rules the action enforces.
    actions: allowedActions(principal, report).filter(isDecisionAction),
    fourEyesBlocked: whyNot(principal, report, 'approve') === 'four_eyes',
    threadPermissions: threadPermissions(principal, header),
    canClaim: principal.staffRoles.has('reviewer'),
    claimable: CLAIMABLE_STATUSES.includes(header.status),
    me: principal.user.id,
    doneDecision: isDecisionAction(done) ? done : null,
    doneMessage: melding && DONE_MESSAGES[melding] ? DONE_MESSAGES[melding] : null,
  };
}

const IntentSchema = z.object({
  intent: z.enum(['claim', 'release', 'ask', 'reply', 'resolve', 'unresolve', 'decide']),
});
const SectionField = z.object({ section: z.union([z.enum(REPORT_SECTIONS), z.literal('')]).transform((s) => (s === '' ? null : s)) });
const ThreadField = z.object({ threadId: z.string().uuid() });
const DecideMeta = z.object({ version: z.coerce.number().int().min(1), confirmed: z.literal('1').optional() });

interface ActionResult {
  /** Field errors of the form that failed (the root layout puts "Fout: " in the title from this). */
  errors?: FieldErrors;
  notice?: Notice;
  error?: boolean;
  commentErrors?: CommentFormErrors;
  decideErrors?: FieldErrors;
  confirm?: { decision: DecisionAction; reason: string; version: number };
}

const reply = (result: ActionResult, status = 200) => data(result, { status });

export async function action({ request, params }: ActionFunctionArgs) {
  await requirePermission(request, 'read:project:any');
  const header = await loadHeader(uuidParam(params, 'reportId'));
  const principal = await requirePermission(request, 'read:project:any', { projectId: header.projectId });
  const db = getDb();
  const actor = auditActor(request, principal);
  const formData = await request.formData();
  const intent = IntentSchema.safeParse({ intent: formData.get('intent') });
  if (!intent.success) return reply({ notice: { key: 'errors.review.forbidden' }, error: true }, 400);
  const here = `/beoordelen/${header.id}`;

  switch (intent.data.intent) {
    case 'claim':
    case 'release': {
      await requirePermission(request, 'review:report:any', { projectId: header.projectId });
      const which = intent.data.intent;
      const result = await db.transaction((tx) => (which === 'claim' ? claimReport : releaseReport)(tx, principal, actor, header.id));
      if (result.ok) throw redirect(`${here}?melding=${which === 'claim' ? 'opgepakt' : 'teruggegeven'}`);
      const outcome = claimOutcome(which, result);
      return reply({ notice: outcome.notice, error: true }, outcome.status);
    }
    case 'ask':
    case 'reply':
    case 'resolve':
    case 'unresolve': {
      const which = intent.data.intent;
      let formId = '';
      try {
        if (which === 'ask') {
          const section = SectionField.safeParse({ section: formData.get('section') ?? '' });
          if (!section.success) return reply({ notice: { key: 'errors.review.section.invalid' }, error: true }, 400);
          formId = `ask-${section.data.section ?? 'general'}`;
          const body = await parseForm(formData, CommentSchema);
          if (!body.ok) return reply({ errors: body.errors, commentErrors: { form: formId, errors: body.errors } }, 400);
          await db.transaction((tx) => askQuestion(tx, principal, actor, { reportId: header.id, section: section.data.section, body: body.data.body }));
          throw redirect(`${here}?melding=geplaatst`);
        }
        const thread = ThreadField.safeParse({ threadId: formData.get('threadId') });
        if (!thread.success) return reply({ notice: { key: 'errors.review.comment.notFound' }, error: true }, 404);
        if (which === 'reply') {
          formId = `reply-${thread.data.threadId}`;
          const body = await parseForm(formData, CommentSchema);
          if (!body.ok) return reply({ errors: body.errors, commentErrors: { form: formId, errors: body.errors } }, 400);
          await db.transaction((tx) => replyToThread(tx, principal, actor, { reportId: header.id, threadId: thread.data.threadId, body: body.data.body }));
          throw redirect(`${here}?melding=geplaatst`);
        }
        await db.transaction((tx) => setThreadResolved(tx, principal, actor, { reportId: header.id, threadId: thread.data.threadId, resolved: which === 'resolve' }));
        throw redirect(`${here}?melding=${which === 'resolve' ? 'afgehandeld' : 'heropend'}`);
      } catch (error) {
        if (error instanceof CommentError) return reply({ notice: { key: error.key }, error: true }, error.status);
        throw error;
      }
    }
    case 'decide':
      return decide(request, formData, header);
  }
}

/** A decision: checked against the state machine, then a confirmation step, then the transition. */
async function decide(request: Request, formData: FormData, header: ReviewHeader) {
  const principal = await requirePermission(request, 'read:project:any', { projectId: header.projectId });
  const db = getDb();
  const parsed = await parseForm(formData, DecisionSchema);
  if (!parsed.ok) return reply({ errors: parsed.errors, decideErrors: parsed.errors }, 400);
  const meta = DecideMeta.safeParse({ version: formData.get('version'), confirmed: formData.get('confirmed') ?? undefined });
  if (!meta.success) return reply({ notice: { key: 'errors.review.forbidden' }, error: true }, 400);
  const { decision, reason } = parsed.data;

  // The same rules as the buttons: a partner or EZ officer gets 403, the recommender approving 403
  // with the reason, a report in another state 409.
  const blocked = whyNot(principal, workflowReport(header), decision);
  if (blocked) {
    const error = new WorkflowError(blocked, blocked === 'wrong_state' ? 409 : 403, header.status);
    return reply({ notice: workflowNotice(error.code, header.status, await latestDecision(db, header.id)), error: true }, error.status);
  }
  // Someone else decided since this page was loaded.
  if (meta.data.version !== header.version) {
    return reply({ notice: workflowNotice('conflict', header.status, await latestDecision(db, header.id)), error: true }, 409);
  }
  if (decision === 'request_changes' && !reason && (await openQuestionCount(db, header.id)) === 0) {
    const errors: FieldErrors = { reason: 'errors.review.reason.needQuestion' };
    return reply({ errors, decideErrors: errors }, 400);
  }
  if (!meta.data.confirmed) return reply({ confirm: { decision, reason, version: meta.data.version } });

  try {
    await db.transaction((tx) =>
      transition(tx, principal, auditActor(request, principal), header.id, decision, { reason, expectedVersion: meta.data.version }),
    );
  } catch (error) {
    if (!(error instanceof WorkflowError)) throw error;
    const current = await getReviewHeader(db, header.id);
    return reply({ notice: workflowNotice(error.code, current?.status ?? error.currentStatus, await latestDecision(db, header.id)), error: true }, error.status);
  }
  throw redirect(`/beoordelen/${header.id}?besluit=${decision}`);
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => (data ? tr.t('review.report.title', { project: data.header.projectCode, year: data.header.year }) : tr.t('review.inbox.title')),
};

const DECIDE_FORM = 'decide';
const DECIDE_FIELDS = ['decision', 'reason'] as const;

function DecisionForm({ actions, version, serverErrors }: { actions: readonly DecisionAction[]; version: number; serverErrors?: FieldErrors }) {
  const { t } = useT();
  const navigation = useNavigation();
  const state = useValidatedForm(DecisionSchema, { serverErrors });
  const { form, errors } = state;
  return (
    <ValidatedForm id={DECIDE_FORM} state={state} order={DECIDE_FIELDS} className="form">
      <input type="hidden" name="intent" value="decide" />
      <input type="hidden" name="version" value={version} />
      <FieldGroup formId={DECIDE_FORM} name="decision-group" legend={t('review.decide.action')} error={errors.decision}>
        {actions.map((action, i) => {
          const id = i === 0 ? fieldId(DECIDE_FORM, 'decision') : `${fieldId(DECIDE_FORM, 'decision')}-${action}`;
          return (
            <div className="radio" key={action}>
              <input type="radio" id={id} value={action} aria-describedby={`${id}-hint`} {...form.register('decision')} />
              <label htmlFor={id}>{t(`review.action.${action}`)}</label>
              <span className="form-hint" id={`${id}-hint`}>
                {t(`review.action.help.${action}`)}
              </span>
            </div>
          );
        })}
      </FieldGroup>
      <TextAreaField formId={DECIDE_FORM} rows={4} label={t('review.decide.reason')} hint={t('review.decide.reasonHint')} error={errors.reason} {...form.register('reason')} />
      <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
        {t('review.decide.continue')}
      </button>
    </ValidatedForm>
  );
}

function ConfirmDecision({ confirm, reportName }: { confirm: NonNullable<ActionResult['confirm']>; reportName: string }) {
  const { t } = useT();
  const navigation = useNavigation();
  const action = t(`review.action.${confirm.decision}`);
  return (
    <div className="confirm-panel" role="group" aria-labelledby="confirm-title" aria-describedby="confirm-intro">
      <h3 id="confirm-title">{t('review.decide.confirmTitle')}</h3>
      <p id="confirm-intro">{t('review.decide.confirmIntro', { report: reportName })}</p>
      <p>
        <strong>{action}</strong>
      </p>
      <p>{confirm.reason ? t('review.decide.confirmReason', { reason: confirm.reason }) : t('review.decide.confirmNoReason')}</p>
      <Form method="post" className="button-row">
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="decision" value={confirm.decision} />
        <input type="hidden" name="reason" value={confirm.reason} />
        <input type="hidden" name="version" value={confirm.version} />
        <input type="hidden" name="confirmed" value="1" />
        <button type="submit" className="button" disabled={navigation.state === 'submitting'} autoFocus>
          {t('review.decide.confirm', { action: action.toLowerCase() })}
        </button>{' '}
        <Link to="." className="button button-secondary" relative="path">
          {t('review.decide.cancel')}
        </Link>
      </Form>
    </div>
  );
}

/** One section of the revision, shown by its own view, with the previous revision beside it. */
function SectionView({ section, snapshot, previous }: { section: ReportSection; snapshot: ReportSnapshot; previous: ReportSnapshot | null }) {
  const View = SECTION_VIEWS[section];
  return <View part={snapshot} previous={previous} year={snapshot.report.year} />;
}

export default function ReviewReport() {
  const loaderData = useLoaderData<typeof loader>();
  const { header, revision, previousRevision, sections, snapshot, previousSnapshot, threads, decisions, openQuestions, actions, fourEyesBlocked, canClaim, me } = loaderData;
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const tr = useT();
  const { t, tn, locale } = tr;
  const reportName = t('review.inbox.reportName', { project: header.projectCode, year: header.year });
  const threadsOf = (section: ReportSection | null) => threads.filter((thread) => thread.section === section);

  return (
    <>
      <p>
        <Link to="/beoordelen">{t('review.report.back')}</Link>
      </p>
      <h1>{t('review.report.title', { project: header.projectCode, year: header.year })}</h1>
      {actionData?.notice ? (
        <div className={actionData.error ? 'notice notice-error' : 'notice'} role="alert">
          <p>{renderNotice(tr, actionData.notice)}</p>
        </div>
      ) : null}
      {loaderData.doneDecision ? (
        <p className="notice" role="status">
          {t('review.decide.done', { action: t(`review.decision.${loaderData.doneDecision}`) })}
        </p>
      ) : null}
      {loaderData.doneMessage ? (
        <p className="notice" role="status">
          {t(loaderData.doneMessage)}
        </p>
      ) : null}

      <dl className="summary-list" aria-label={t('review.report.summary')}>
        <dt>{t('review.report.status')}</dt>
        <dd>
          <ReportStatusTag status={header.status} />
        </dd>
        <dt>{t('review.report.dueDate')}</dt>
        <dd>{formatDate(header.dueDate, locale)}</dd>
        <dt>{t('review.report.revision')}</dt>
        <dd>
          {revision
            ? t('review.report.revisionValue', {
                revision: revision.revision,
                reference: revision.reference,
                date: formatDateTime(new Date(revision.submittedAt), locale),
                name: revision.submittedByName,
              })
            : '—'}
          {header.submittedLate ? ` (${t('review.report.late')})` : ''}
        </dd>
        <dt>{t('review.report.assigned')}</dt>
        <dd>
          {header.assignedReviewerName
            ? header.assignedReviewerId === me
              ? t('review.inbox.you', { name: header.assignedReviewerName })
              : header.assignedReviewerName
            : t('review.inbox.unassigned')}{' '}
          {canClaim ? (
            <ClaimButtons
              reportId={header.id}
              reportName={reportName}
              assignedToMe={header.assignedReviewerId === me}
              unassigned={header.assignedReviewerId === null && loaderData.claimable}
              busy={navigation.state === 'submitting'}
            />
          ) : null}
        </dd>
        {header.status === 'approved' && header.approvedAt && header.recommendedAt ? (
          <>
            <dt>{t('review.report.stamp')}</dt>
            <dd>
              {t('review.report.stampValue', {
                recommender: header.recommendedByName ?? '',
                recommendedAt: formatDateTime(new Date(header.recommendedAt), locale),
                approver: header.approvedByName ?? '',
                approvedAt: formatDateTime(new Date(header.approvedAt), locale),
              })}
            </dd>
          </>
        ) : null}
        {header.status === 'recommended' && header.recommendedAt ? (
          <>
            <dt>{t('reportStatus.recommended')}</dt>
            <dd>{t('review.report.recommendedValue', { name: header.recommendedByName ?? '', date: formatDateTime(new Date(header.recommendedAt), locale) })}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="decide-title" className="decide">
        <h2 id="decide-title">{t('review.decide.title')}</h2>
        {fourEyesBlocked ? <p className="notice">{t('review.decide.fourEyesNote')}</p> : null}
        {actionData?.confirm ? (
          <ConfirmDecision confirm={actionData.confirm} reportName={reportName} />
        ) : actions.length > 0 ? (
          <>
            {actions.includes('request_changes') ? <p>{tn('review.threads.openCount', openQuestions)}</p> : null}
            <DecisionForm actions={actions} version={header.version} serverErrors={actionData?.decideErrors} />
          </>
        ) : (
          <p>{t('review.decide.none')}</p>
        )}
      </section>

      {!revision ? (
        <p>{t('review.report.noRevision')}</p>
      ) : (
        <>
          <div className="review-findings">
            {loaderData.findings.length ? (
              <FindingsList id="findings-at-submission" findings={loaderData.findings} title={t('checks.atSubmission')} intro={t('checks.atSubmissionIntro')} />
            ) : (
              <>
                <h2 id="findings-at-submission-title">{t('checks.atSubmission')}</h2>
                <p>{t('checks.noneAtSubmission')}</p>
              </>
            )}
          </div>
          <h2 id="contents-title">{t('review.report.contents')}</h2>
          <p>{previousRevision ? t('review.report.changedSince', { revision: previousRevision }) : t('review.report.firstRevision')}</p>
          <nav aria-labelledby="toc-title" className="toc">
            <h3 id="toc-title">{t('review.report.toc')}</h3>
            <ul>
              {sections.map((s) => (
                <li key={s.section}>
                  <a href={`#section-${s.section}`}>{t(`review.section.${s.section}`)}</a>
                  {previousRevision ? ` – ${s.changes ? tn('review.report.sectionChanged', s.changes) : t('review.report.sectionUnchanged')}` : ''}
                  {threadsOf(s.section).some((th) => !th.resolvedAt) ? ` – ${tn('review.threads.openCount', threadsOf(s.section).filter((th) => !th.resolvedAt).length)}` : ''}
                </li>
              ))}
              <li>
                <a href="#section-general">{t('review.threads.generalTitle')}</a>
              </li>
            </ul>
          </nav>
          {sections.map((s) => (
            <section key={s.section} aria-labelledby={`section-${s.section}`} className="review-section">
              <h2 id={`section-${s.section}`} tabIndex={-1}>
                {t(`review.section.${s.section}`)}
                {previousRevision && s.changes ? <span className="tag tag-changed">{tn('review.report.sectionChanged', s.changes)}</span> : null}
              </h2>
              {snapshot ? <SectionView section={s.section} snapshot={snapshot} previous={previousSnapshot} /> : null}
              {previousRevision && (s.rows.length > 0 || s.removed.length > 0) ? (
                <details className="section-details">
                  <summary>{tn('review.report.sectionChanged', s.changes)}</summary>
                  <SectionContent id={`section-${s.section}`} rows={s.rows} removed={s.removed} compared />
                </details>
              ) : null}
              <h3 className="threads-title">{t('review.threads.title')}</h3>
              <Threads threads={threadsOf(s.section)} section={s.section} permissions={loaderData.threadPermissions} formErrors={actionData?.commentErrors} headingLevel={4} />
            </section>
          ))}
        </>
      )}

      <section aria-labelledby="section-general" className="review-section">
        <h2 id="section-general" tabIndex={-1}>
          {t('review.threads.generalTitle')}
        </h2>
        <Threads threads={threadsOf(null)} section={null} permissions={loaderData.threadPermissions} formErrors={actionData?.commentErrors} headingLevel={4} />
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('review.report.history')}</h2>
        {decisions.length === 0 ? (
          <p>{t('review.report.noHistory')}</p>
        ) : (
          <ol className="history">
            {decisions.map((d) => (
              <li key={d.id}>
                <p>
                  {t('review.report.historyItem', {
                    decision: t(`review.decision.${d.decision}`),
                    name: d.decidedByName,
                    date: formatDateTime(new Date(d.decidedAt), locale),
                    revision: d.revision,
                  })}
                </p>
                {d.reason ? <p className="muted">{d.reason}</p> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
