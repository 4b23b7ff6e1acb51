import type { LoaderFunctionArgs } from '@remix-run/node';
import { getDb } from '#db/client';
import { createTranslator } from '#app/i18n/index';
import { DossierIntegrityError, dossierZip, findDossierRevision } from '#app/models/export-dossier.server';
import { auditExport, fileResponse, pdfOverloadResponse, plainResponse } from '#app/models/export-request.server';
import { resolveLocale } from '#app/utils/locale.server';
import { PdfOverloadError } from '#app/utils/pdf.server';
import { notFound, requirePermission } from '#app/utils/permissions.server';
import { uuidParam } from '#app/utils/params.server';
import { auditActor } from '#app/utils/request.server';

/**
 * Resource route: the report dossier as a ZIP (`/exporten/dossier/:reportId`, optionally
 * `?revisie=N`; default the current revision). Staff may download any; a project's members only
 * their own project's (others get 404, the report's existence is not revealed).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, 'signed-in');
  const revisionParam = new URL(request.url).searchParams.get('revisie');
  const revision = revisionParam === null ? undefined : /^[1-9]\d{0,4}$/.test(revisionParam) ? Number(revisionParam) : NaN;
  if (Number.isNaN(revision)) notFound();
  const db = getDb();
  const dossier = await findDossierRevision(db, principal, uuidParam(params, 'reportId'), revision);
  if (!dossier) notFound();
  await requirePermission(request, 'read:project:own', { projectId: dossier.projectId });
  const locale = resolveLocale(request, principal);
  await auditExport(auditActor(request, principal), 'export.dossier', {
    entityId: dossier.reportId,
    projectId: dossier.projectId,
    details: { kind: 'dossier', format: 'zip', reference: dossier.reference, revision: dossier.revision, project: dossier.projectCode, year: dossier.year, language: locale },
  });
  try {
    const zip = await dossierZip(db, dossier, locale);
    return fileResponse(zip.stream, zip.filename, 'application/zip');
  } catch (error) {
    if (error instanceof DossierIntegrityError) return plainResponse(409, createTranslator(locale).t('export.error.integrity'));
    if (error instanceof PdfOverloadError) return pdfOverloadResponse(error, locale);
    throw error;
  }
}
