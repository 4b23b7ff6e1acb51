import type { LoaderFunctionArgs } from '@remix-run/node';
import { getDb } from '#db/client';
import { getAttachment } from '#app/models/report-attachments.server';
import { loadReportContext } from '#app/report/context.server';
import { notFound } from '#app/utils/permissions.server';

/**
 * Downloads an attachment for anyone who may see the report. Always as a download with the type
 * found from the content at upload, never sniffed by the browser.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await loadReportContext(request, params);
  const file = await getAttachment(getDb(), ctx.report.id, params.attachmentId ?? '');
  if (!file) notFound();
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return new Response(Buffer.from(file.content), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Length': String(file.sizeBytes),
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}
