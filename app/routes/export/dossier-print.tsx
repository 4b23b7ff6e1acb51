import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { getDb } from '#db/client';
import type { PageHandle } from '#app/components/document-title';
import { ExportPrintDocument } from '#app/components/export/print-document';
import { createTranslator, useT } from '#app/i18n/index';
import { dossierPrintDoc, findDossierRevision, verifyDossierRevision } from '#app/models/export-dossier.server';
import { auditExport, plainResponse } from '#app/models/export-request.server';
import { resolveLocale } from '#app/utils/locale.server';
import { notFound, requirePermission } from '#app/utils/permissions.server';
import { uuidParam } from '#app/utils/params.server';
import { auditActor } from '#app/utils/request.server';

/**
 * The accessible print view of one report revision (`/exporten/dossier/:reportId/afdruk`): the page
 * that the dossier's PDF is printed from, read from the stored snapshot. Same access as the dossier.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, 'signed-in');
  const revisionParam = new URL(request.url).searchParams.get('revisie');
  const revision = revisionParam === null ? undefined : /^[1-9]\d{0,4}$/.test(revisionParam) ? Number(revisionParam) : NaN;
  if (Number.isNaN(revision)) notFound();
  const dossier = await findDossierRevision(getDb(), principal, uuidParam(params, 'reportId'), revision);
  if (!dossier) notFound();
  await requirePermission(request, 'read:project:own', { projectId: dossier.projectId });
  const locale = resolveLocale(request, principal);
  const tr = createTranslator(locale);
  if (!verifyDossierRevision(dossier)) throw plainResponse(409, tr.t('export.error.integrity'));
  await auditExport(auditActor(request, principal), 'export.view', {
    entityId: dossier.reportId,
    projectId: dossier.projectId,
    details: { kind: 'dossier', format: 'html', reference: dossier.reference, revision: dossier.revision, project: dossier.projectCode, year: dossier.year },
  });
  const query = revision ? `?revisie=${revision}` : '';
  return { doc: dossierPrintDoc(dossier, tr), zipHref: `/exporten/dossier/${dossier.reportId}${query}` };
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => data?.doc.title ?? tr.t('export.dossier.title'),
};

export default function DossierPrint() {
  const { doc, zipHref } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <>
      <nav className="export-print-tools no-print" aria-label={t('export.dossier.title')}>
        <p>
          <a href={zipHref} download>
            {t('export.dossier.download')}
          </a>
        </p>
        <p className="muted">{t('export.doc.printHint')}</p>
      </nav>
      <ExportPrintDocument doc={doc} />
    </>
  );
}
