import { createReadableStreamFromReadable } from '@remix-run/node';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { getDb } from '#db/client';
import { createTranslator, type Locale, type TranslationKey } from '#app/i18n/index';
import { appendAudit, type AuditActor } from '#app/models/audit.server';
import { getConfig } from '#app/utils/config.server';
import { PdfTimeoutError, type PdfOverloadError } from '#app/utils/pdf.server';
import { exportSource, findProgramme, type ExportSource } from './export.server';
import { EXPORT_FORMATS, FORMATS_OF, type ExportFormat } from './export-files.server';
import { EXPORT_KINDS } from './export-schema.server';
import { PROGRAMME_CODE } from './programme.server';
import { isIsoDate, todayInAmsterdam } from '#app/rules/dates';

/**
 * The query of a download or print view (`?soort=ez&jaar=2024&formaat=xlsx&taal=nl&peildatum=…`),
 * checked on the server whatever the form did. Answers with a plain-text message and the right
 * status on bad input; nothing is logged or generated then.
 */
const QuerySchema = z.object({
  soort: z.enum(EXPORT_KINDS, { errorMap: () => ({ message: 'errors.export.kind.invalid' }) }),
  jaar: z.coerce.number({ invalid_type_error: 'errors.export.year.invalid' }).int('errors.export.year.invalid'),
  formaat: z.enum(EXPORT_FORMATS, { errorMap: () => ({ message: 'errors.export.format.invalid' }) }).optional(),
  taal: z.enum(['nl', 'en'], { errorMap: () => ({ message: 'errors.export.language.invalid' }) }).default('nl'),
  peildatum: z.string().refine(isIsoDate, 'errors.export.asOf.invalid').optional(),
});

export type ParsedExport = { ok: true; source: ExportSource; format: ExportFormat | null } | { ok: false; response: Response };

export function plainResponse(status: number, message: string) {
  return new Response(`${message}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}

/** A PDF refused because of load (too many at once, or this one took too long): 503, try again after Retry-After. */
export function pdfOverloadResponse(error: PdfOverloadError, locale: Locale) {
  const key = error instanceof PdfTimeoutError ? 'export.error.pdfTimeout' : 'export.error.pdfBusy';
  const response = plainResponse(503, createTranslator(locale).t(key, { seconds: error.retryAfterSeconds }));
  response.headers.set('Retry-After', String(error.retryAfterSeconds));
  return response;
}

export async function parseExportRequest(request: Request, uiLocale: Locale, options: { requireFormat: boolean }): Promise<ParsedExport> {
  const tr = createTranslator(uiLocale);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = QuerySchema.safeParse(params);
  if (!parsed.success) return { ok: false, response: plainResponse(400, tr.t(parsed.error.issues[0]!.message as TranslationKey)) };
  const q = parsed.data;
  if (options.requireFormat && !q.formaat) return { ok: false, response: plainResponse(400, tr.t('errors.export.format.invalid')) };
  if (q.formaat && !FORMATS_OF[q.soort].includes(q.formaat)) {
    return { ok: false, response: plainResponse(400, tr.t('errors.export.format.pdfNotForTam')) };
  }
  const db = getDb();
  const programme = await findProgramme(db, PROGRAMME_CODE);
  if (!programme) return { ok: false, response: plainResponse(404, tr.t('error.notFound.title')) };
  if (q.jaar < programme.firstReportingYear || q.jaar > programme.lastReportingYear) {
    return { ok: false, response: plainResponse(400, tr.t('errors.export.year.invalid')) };
  }
  const source = exportSource(
    db,
    programme,
    { kind: q.soort, year: q.jaar, locale: q.taal, asOf: q.peildatum ?? todayInAmsterdam(), programmeCode: programme.code },
    { illustrative: !getConfig().isProduction },
  );
  return { ok: true, source, format: q.formaat ?? null };
}

/** Every export is logged: who, what, which filters. */
export async function auditExport(actor: AuditActor, action: 'export.download' | 'export.view' | 'export.dossier', entry: { entityId: string; projectId?: string | null; details: Record<string, unknown> }) {
  await getDb().transaction((tx) => appendAudit(tx, actor, { action, entityType: 'export', entityId: entry.entityId, projectId: entry.projectId ?? null, details: entry.details }));
}

export function exportAuditDetails(source: ExportSource, format: ExportFormat | null) {
  return {
    kind: source.spec.kind,
    format,
    year: source.spec.kind === 'tam' ? null : source.spec.year,
    language: source.spec.kind === 'commission' ? 'en' : source.spec.locale,
    asOf: source.spec.asOf,
    programme: source.programme.code,
    aidBasis: source.aidBasis,
  };
}

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name. */
export function attachmentDisposition(filename: string) {
  const ascii = filename.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** A streamed file download. */
export function fileResponse(stream: Readable, filename: string, contentType: string) {
  return new Response(createReadableStreamFromReadable(stream), {
    status: 200,
    headers: {
      'Content-Type': contentType,
      'Content-Disposition': attachmentDisposition(filename),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
