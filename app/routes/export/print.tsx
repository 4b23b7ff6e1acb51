import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import type { PageHandle } from '#app/components/document-title';
import { ExportPrintDocument } from '#app/components/export/print-document';
import { useT } from '#app/i18n/index';
import { ExportTooLargeError } from '#app/models/export.server';
import { PDF_MAX_ROWS, summaryPrintDoc } from '#app/models/export-files.server';
import { auditExport, exportAuditDetails, parseExportRequest } from '#app/models/export-request.server';
import { resolveLocale } from '#app/utils/locale.server';
import { hasChromium } from '#app/utils/pdf.server';
import { requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';

/**
 * The accessible print view of a summary or the transparency register (`/exporten/afdruk?…`): the
 * same document that Chromium prints as the PDF, shown in the portal.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, 'export:summary:any');
  const parsed = await parseExportRequest(request, resolveLocale(request, principal), { requireFormat: false });
  if (!parsed.ok) throw parsed.response;
  const { source } = parsed;
  await auditExport(auditActor(request, principal), 'export.view', { entityId: source.spec.kind, details: exportAuditDetails(source, null) });
  const query = new URL(request.url).searchParams;
  query.delete('formaat');
  try {
    const doc = await summaryPrintDoc(source, PDF_MAX_ROWS);
    return { doc, maxRows: PDF_MAX_ROWS, tooLarge: false, pdfHref: source.spec.kind !== 'tam' && hasChromium() ? `/exporten/bestand?${query}&formaat=pdf` : null };
  } catch (error) {
    if (!(error instanceof ExportTooLargeError)) throw error;
    return { doc: null, maxRows: PDF_MAX_ROWS, tooLarge: true, pdfHref: null };
  }
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => data?.doc?.title ?? tr.t('export.title'),
};

export default function ExportPrint() {
  const { doc, maxRows, tooLarge, pdfHref } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <>
      <nav className="export-print-tools no-print" aria-label={t('export.title')}>
        <p>
          <Link to="/exporten">{t('export.title')}</Link>
          {pdfHref ? (
            <>
              {' · '}
              <a href={pdfHref} download>
                {t('export.format.pdf')}
              </a>
            </>
          ) : null}
        </p>
        <p className="muted">{t('export.doc.printHint')}</p>
      </nav>
      {doc ? <ExportPrintDocument doc={doc} /> : null}
      {tooLarge ? (
        <>
          <h1>{t('export.title')}</h1>
          <p className="notice">{t('export.error.tooLargeForPdf', { max: maxRows })}</p>
        </>
      ) : null}
    </>
  );
}
