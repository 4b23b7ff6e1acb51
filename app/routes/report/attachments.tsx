import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { and, eq } from 'drizzle-orm';
import { readUpload } from '#app/utils/upload.server';
import { getDb } from '#db/client';
import { attachments } from '#db/schema/index';
import type { PageHandle } from '#app/components/document-title';
import { CheckboxField, TextField, type FieldErrors } from '#app/components/form/field';
import { ErrorSummary } from '#app/components/form/error-summary';
import { formToObject } from '#app/components/form/parse';
import { useReportFormErrors } from '#app/components/form/title-errors';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { ReportHeader } from '#app/components/report/section-form';
import { SectionQuestions } from '#app/components/review/section-questions';
import { DataTable } from '#app/components/table';
import { useT } from '#app/i18n/index';
import { attachmentBytesUsed, cleanFilename, detectFileKind, FILE_TYPES, getAttachment, listAttachments, sha256Hex } from '#app/models/report-attachments.server';
import { assertEditable, loadReportContext, pageBasics } from '#app/report/context.server';
import { invalidAnswer, saveVersioned, sectionState, type SectionActionResult } from '#app/report/save.server';
import { loadSectionQuestions } from '#app/models/review.server';
import { sectionTitle } from '#app/report/section-title';
import { attachments as attachmentsSection } from '#app/report/sections/attachments';
import { completeAttachments } from '#app/report/sections/attachments.server';
import { formatDateTime } from '#app/rules/dates';
import { LIMITS, MAX_ATTACHMENT_BYTES, MAX_REPORT_ATTACHMENT_BYTES } from '#app/rules/limits';
import { formatBytes } from '#app/rules/numbers';
import { reportPath } from '#app/rules/sections';
import { can, requirePermission } from '#app/utils/permissions.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await loadReportContext(request, params);
  const db = getDb();
  const [state, files, used] = await Promise.all([sectionState(db, ctx.report.id, 'attachments'), listAttachments(db, ctx.report.id), attachmentBytesUsed(db, ctx.report.id)]);
  const member = ctx.organisationId !== null;
  const canUpload = ctx.editable && member && can(ctx.principal, 'update:report-part:own', { projectId: ctx.project.id, organisationId: ctx.organisationId ?? undefined });
  return {
    ...pageBasics(ctx),
    // RVO's questions on this section, with an answer form while changes are requested (review feature).
    questions: await loadSectionQuestions(getDb(), ctx.principal, ctx.report.id, 'attachments'),
    canUpload,
    canComplete: ctx.editable && ctx.may.editShared,
    userId: ctx.principal.user.id,
    files: files.map((f) => ({ ...f, uploadedAt: f.uploadedAt.toISOString() })),
    usedBytes: used,
    values: { version: String(state.version), complete: state.status === 'completed' },
  };
}

function uploadError(status: 400 | 413, key: FieldErrors[string]) {
  return data<SectionActionResult>({ errors: { file: key } }, { status });
}

export async function action(args: ActionFunctionArgs) {
  const { request, params } = args;
  const ctx = await loadReportContext(request, params);
  const contentType = request.headers.get('content-type') ?? '';

  if (contentType.startsWith('multipart/form-data')) {
    // Any partner of the project may add evidence (its own part needs it too); staff may not.
    await requirePermission(request, 'update:report-part:own', { projectId: ctx.project.id, organisationId: ctx.organisationId ?? undefined });
    assertEditable(ctx);
    const declared = Number(request.headers.get('content-length') ?? '0');
    if (declared > MAX_ATTACHMENT_BYTES + 64 * 1024) return uploadError(413, 'errors.report.attachment.tooLarge');
    // Streamed with a hard limit per part: a larger file is cut off, never held whole in memory.
    const upload = await readUpload(request, MAX_ATTACHMENT_BYTES);
    if (!upload.ok) return upload.status === 413 ? uploadError(413, 'errors.report.attachment.tooLarge') : uploadError(400, 'errors.request.malformed');
    const form = upload.form;
    const file = form.get('file');
    if (!file || typeof file === 'string' || file.size === 0) {
      return uploadError(400, file && typeof file !== 'string' && file.name ? 'errors.report.attachment.empty' : 'errors.report.attachment.required');
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes.byteLength > MAX_ATTACHMENT_BYTES) return uploadError(413, 'errors.report.attachment.tooLarge');
    const kind = detectFileKind(bytes);
    if (!kind) return uploadError(400, 'errors.report.attachment.type');
    const filename = cleanFilename(file.name) || `bijlage.${kind}`;
    if (filename.length > 200) return uploadError(400, 'errors.report.attachment.nameTooLong');
    const description = String(form.get('description') ?? '').trim();
    if (description.length > LIMITS.shortText) {
          return data<SectionActionResult>({ errors: { description: 'errors.report.text.tooLongShort' } }, { status: 400 });
    }
    const outcome = await saveVersioned(
      request,
      ctx,
      { kind: 'section', section: 'attachments' },
      { action: 'report.attachment.add', details: { filename, kind, sizeBytes: bytes.byteLength } },
      async (tx) => {
        if ((await attachmentBytesUsed(tx, ctx.report.id)) + bytes.byteLength > MAX_REPORT_ATTACHMENT_BYTES) return { invalid: { file: 'errors.report.attachment.reportFull' } as FieldErrors };
        await tx.insert(attachments).values({
          reportId: ctx.report.id,
          filename,
          contentType: FILE_TYPES[kind],
          sizeBytes: bytes.byteLength,
          sha256: sha256Hex(bytes),
          content: bytes,
          description,
          uploadedBy: ctx.principal.user.id,
        });
        return null;
      },
    );
    const full = outcome.kind === 'invalid';
    if (full) return uploadError(413, 'errors.report.attachment.reportFull');
    throw redirect(reportPath(ctx.project.code, ctx.report.year, 'bijlagen'));
  }

  const raw = formToObject(await request.clone().formData());
  if (raw.intent === 'delete') {
    await requirePermission(request, 'update:report-part:own', { projectId: ctx.project.id, organisationId: ctx.organisationId ?? undefined });
    assertEditable(ctx);
    const file = await getAttachment(getDb(), ctx.report.id, String(raw.id ?? ''));
    if (!file) return invalidAnswer(raw, { file: 'errors.report.unknownItem' });
    // The uploader or the penvoerder may remove a file.
    if (file.uploadedBy !== ctx.principal.user.id && !ctx.may.editShared) await requirePermission(request, 'update:report:own', { projectId: ctx.project.id });
    await saveVersioned(
      request,
      ctx,
      { kind: 'section', section: 'attachments' },
      { action: 'report.attachment.delete', details: { attachmentId: file.id, filename: file.filename, sha256: file.sha256 } },
      async (tx) => {
        await tx.delete(attachments).where(and(eq(attachments.id, file.id), eq(attachments.reportId, ctx.report.id)));
        return null;
      },
    );
    throw redirect(reportPath(ctx.project.code, ctx.report.year, 'bijlagen'));
  }

  // "This section is complete": the same save path as every section.
  return completeAttachments(args);
}

export const handle: PageHandle<{ project: { code: string }; report: { year: number } }> = { title: sectionTitle(attachmentsSection.titleKey) };

const FORM_ID = 'attachments';

export default function AttachmentsSection() {
  const { project, report, canUpload, canComplete, files, usedBytes, values, userId, may, questions } = useLoaderData<typeof loader>();
  const actionData = useActionData<SectionActionResult>();
  const navigation = useNavigation();
  const { t, locale } = useT();
  const errors = actionData?.errors ?? {};
  useReportFormErrors(Object.keys(errors).length > 0);
  const base = reportPath(project.code, report.year);
  return (
    <>
      <ReportHeader project={project} report={report} title={t('report.attachments.title')} />
      <SectionQuestions data={questions} />
      <ErrorSummary formId={FORM_ID} errors={errors} order={['file', 'description', 'version']} />
      <p className="lead">{t('report.attachments.intro')}</p>
      <p>{t('report.attachments.used', { used: formatBytes(usedBytes, locale) })}</p>
      {files.length === 0 ? (
        <p>{t('report.attachments.none')}</p>
      ) : (
        <DataTable
          id="files"
          caption={t('report.attachments.title')}
          captionHidden
          columns={[t('report.attachments.name'), t('report.attachments.size'), t('report.attachments.uploaded'), ...(canUpload ? [{ label: t('report.attachments.actions'), hidden: true }] : [])]}
        >
              {files.map((f) => (
                <tr key={f.id}>
                  <th scope="row">
                    <a href={`${base}/bijlagen/${f.id}`} download aria-label={t('report.attachments.download', { name: f.filename })}>
                      {f.filename}
                    </a>
                    {f.description ? <span className="task-list-meta">{f.description}</span> : null}
                  </th>
                  <td>{formatBytes(f.sizeBytes, locale)}</td>
                  <td>
                    {formatDateTime(new Date(f.uploadedAt), locale)}
                    {f.uploaderName ? ` – ${f.uploaderName}` : ''}
                  </td>
                  {canUpload ? (
                    <td>
                      {f.uploadedBy === userId || may.editShared ? (
                        <Form method="post">
                          <input type="hidden" name="id" value={f.id} />
                          <button type="submit" name="intent" value="delete" className="button button-secondary">
                            {t('report.attachments.delete', { name: f.filename })}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
        </DataTable>
      )}
      {canUpload ? (
        <Form method="post" encType="multipart/form-data" id={FORM_ID} className="form report-form">
          <h2>{t('report.attachments.upload')}</h2>
          <TextField
            formId={FORM_ID}
            name="file"
            type="file"
            label={t('report.attachments.file')}
            accept=".pdf,.xlsx,.docx,.odt,.png,.jpg,.jpeg"
            error={errors.file}
          />
          <TextField formId={FORM_ID} name="description" label={t('report.attachments.description')} maxLength={LIMITS.shortText} error={errors.description} />
          <button type="submit" name="intent" value="upload" className="button" disabled={navigation.state === 'submitting'}>
            {t('report.attachments.upload')}
          </button>
        </Form>
      ) : null}
      {canComplete ? (
        <Form method="post" className="form report-form" id={`${FORM_ID}-complete`}>
          <input type="hidden" name="version" value={values.version} />
          <CheckboxField formId={`${FORM_ID}-complete`} name="complete" label={t('report.form.complete')} defaultChecked={values.complete} hint={t('report.form.completeHint')} />
          <button type="submit" name="intent" value="save" className="button">
            {t('report.form.save')}
          </button>
        </Form>
      ) : null}
      {!canUpload && !canComplete ? <p className="notice">{t('report.form.readOnly')}</p> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ReportErrorBoundary />;
}
