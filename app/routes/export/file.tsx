import type { LoaderFunctionArgs } from '@remix-run/node';
import { createTranslator } from '#app/i18n/index';
import { ExportTooLargeError } from '#app/models/export.server';
import { exportBody, PDF_MAX_ROWS } from '#app/models/export-files.server';
import { auditExport, exportAuditDetails, fileResponse, parseExportRequest, pdfOverloadResponse, plainResponse } from '#app/models/export-request.server';
import { resolveLocale } from '#app/utils/locale.server';
import { hasChromium, PdfOverloadError, PdfUnavailableError } from '#app/utils/pdf.server';
import { requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';

/**
 * Resource route: streams an export file (`/exporten/bestand?soort=…&jaar=…&formaat=…&taal=…`).
 * Staff only. The download is audit-logged before the file is made.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, 'export:summary:any');
  const uiLocale = resolveLocale(request, principal);
  const tr = createTranslator(uiLocale);
  const parsed = await parseExportRequest(request, uiLocale, { requireFormat: true });
  if (!parsed.ok) return parsed.response;
  const { source } = parsed;
  const format = parsed.format!;
  if (format === 'pdf' && !hasChromium()) return plainResponse(503, tr.t('export.error.pdfUnavailable'));
  await auditExport(auditActor(request, principal), 'export.download', { entityId: source.spec.kind, details: exportAuditDetails(source, format) });
  try {
    const body = await exportBody(source, format);
    return fileResponse(body.stream, body.filename, body.contentType);
  } catch (error) {
    if (error instanceof ExportTooLargeError) return plainResponse(413, tr.t('export.error.tooLargeForPdf', { max: PDF_MAX_ROWS }));
    if (error instanceof PdfUnavailableError) return plainResponse(503, tr.t('export.error.pdfUnavailable'));
    if (error instanceof PdfOverloadError) return pdfOverloadResponse(error, uiLocale);
    throw error;
  }
}
