import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '#db/client';
import type { PageHandle } from '#app/components/document-title';
import { projects, reports } from '#db/schema/index';
import { REPORT_SECTIONS } from '#app/rules/sections';
import { renderNotice } from '#app/components/review/notice';
import { CommentSchema } from '#app/components/review/schemas';
import { Threads, type CommentFormErrors } from '#app/components/review/threads';
import { useT } from '#app/i18n/index';
import { CommentError, loadSectionQuestions, replyToThread, type Notice } from '#app/models/review.server';
import { parseForm } from '#app/components/form/parse';
import { notFound, requirePermission } from '#app/utils/permissions.server';
import { uuidParam } from '#app/utils/params.server';
import { auditActor } from '#app/utils/request.server';
import { safeRedirect } from '#app/rules/redirects';

async function findReport(reportId: string | undefined) {
  if (!reportId || !z.string().uuid().safeParse(reportId).success) notFound();
  const [row] = await getDb()
    .select({ id: reports.id, projectId: reports.projectId, year: reports.year, projectCode: projects.code })
    .from(reports)
    .innerJoin(projects, eq(projects.id, reports.projectId))
    .where(eq(reports.id, reportId));
  if (!row) notFound();
  return row;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'signed-in'); // before any query: who asks
  const report = await findReport(uuidParam(params, 'reportId'));
  // Members of the project (and staff) only; anyone else: 404.
  const principal = await requirePermission(request, 'read:project:own', { projectId: report.projectId });
  const all = await loadSectionQuestions(getDb(), principal, report.id);
  const sections = all
    ? [...REPORT_SECTIONS, null]
        .map((section) => ({ section, threads: all.threads.filter((th) => th.section === section) }))
        .filter((group) => group.threads.length > 0)
    : [];
  return {
    report: { id: report.id, projectCode: report.projectCode, year: report.year },
    sections,
    status: all?.status ?? null,
    permissions: all?.permissions ?? { ask: false, reply: false, resolve: false },
    saved: new URL(request.url).searchParams.get('melding') === 'geplaatst',
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requirePermission(request, 'signed-in'); // before any query: who asks
  const report = await findReport(uuidParam(params, 'reportId'));
  const principal = await requirePermission(request, 'read:project:own', { projectId: report.projectId });
  const formData = await request.formData();
  const thread = z.object({ intent: z.literal('reply'), threadId: z.string().uuid() }).safeParse({ intent: formData.get('intent'), threadId: formData.get('threadId') });
  if (!thread.success) return data({ notice: { key: 'errors.review.comment.notFound' } as Notice, commentErrors: null as CommentFormErrors | null }, { status: 400 });
  const body = await parseForm(formData, CommentSchema);
  if (!body.ok) {
    return data(
      { errors: body.errors, notice: null as Notice | null, commentErrors: { form: `reply-${thread.data.threadId}`, errors: body.errors } },
      { status: 400 },
    );
  }
  try {
    await getDb().transaction((tx) =>
      replyToThread(tx, principal, auditActor(request, principal), { reportId: report.id, threadId: thread.data.threadId, body: body.data.body }),
    );
  } catch (error) {
    if (error instanceof CommentError) return data({ notice: { key: error.key } as Notice, commentErrors: null }, { status: error.status });
    throw error;
  }
  const back = safeRedirect(formData.get('redirectTo'), `/vragen/${report.id}`);
  throw redirect(`${back}${back.includes('?') ? '&' : '?'}melding=geplaatst`);
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => (data ? tr.t('review.questions.title', { project: data.report.projectCode, year: data.report.year }) : tr.t('review.threads.partnersTitle')),
};

export default function ReviewQuestions() {
  const { report, sections, saved, status, permissions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const tr = useT();
  const { t } = tr;
  return (
    <>
      <p>
        <Link to={`/projecten/${encodeURIComponent(report.projectCode)}`}>{report.projectCode}</Link>
      </p>
      <h1>{t('review.questions.title', { project: report.projectCode, year: report.year })}</h1>
      {saved ? (
        <p className="notice" role="status">
          {t('review.threads.saved')}
        </p>
      ) : null}
      {actionData?.notice ? (
        <p className="notice notice-error" role="alert">
          {renderNotice(tr, actionData.notice)}
        </p>
      ) : null}
      {sections.length === 0 ? (
        <p>{t('review.questions.none')}</p>
      ) : (
        <p>{status === 'changes_requested' ? t('review.threads.partnersIntro') : t('review.threads.partnersClosed')}</p>
      )}
      {sections.map((group) => (
        <section key={group.section ?? 'general'} aria-labelledby={`q-${group.section ?? 'general'}`}>
          <h2 id={`q-${group.section ?? 'general'}`}>{t(`review.section.${group.section ?? 'general'}`)}</h2>
          <Threads threads={group.threads} section={group.section} permissions={permissions} formErrors={actionData?.commentErrors} />
        </section>
      ))}
    </>
  );
}
