import type { LoaderFunctionArgs } from '@remix-run/node';
import { getDb } from '#db/client';
import { contentDisposition, getAttachment } from '#app/models/report-attachments.server';
import { loadReportContext } from '#app/report/context.server';
import { notFound } from '#app/utils/permissions.server';
import { uuidParam } from '#app/utils/params.server';

/**
 * Downloads an attachment for anyone who may see the report. Always as a download with the type
 * found from the content at upload, never sniffed by the browser.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await loadReportContext(request, params);
  const file = await getAttachment(getDb(), ctx.report.id, uuidParam(params, 'attachmentId'));
  if (!file) notFound();
  return new Response(Buffer.from(file.content), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Length': String(file.sizeBytes),
      'Content-Disposition': contentDisposition(file.filename),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}
