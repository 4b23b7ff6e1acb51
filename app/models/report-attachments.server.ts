import { createHash } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '#db/client';
import { attachments, reportSections, users, type ReportSection } from '#db/schema/index';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const MAX_REPORT_ATTACHMENT_BYTES = 100 * 1024 * 1024;

export const FILE_TYPES = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  png: 'image/png',
  jpeg: 'image/jpeg',
} as const;
export type FileKind = keyof typeof FILE_TYPES;

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

function contains(bytes: Uint8Array, text: string) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(text, 'latin1'));
}

/**
 * What a file is, judged by its content (magic bytes), never by its name or the browser's claim.
 * PDF: "%PDF-". PNG: its 8-byte signature. JPEG: FF D8 FF. The office formats are ZIP archives
 * ("PK\3\4"): ODT starts with an uncompressed `mimetype` entry naming the ODF text type; DOCX and
 * XLSX are told apart by their main part (`word/document.xml`, `xl/workbook.xml`), whose names are
 * stored uncompressed in the archive's headers. Anything else: null.
 */
export function detectFileKind(bytes: Uint8Array): FileKind | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const head = bytes.subarray(30, 30 + 8 + 39);
    if (contains(head, 'mimetypeapplication/vnd.oasis.opendocument.text') && !contains(head, 'opendocument.text-')) return 'odt';
    if (contains(bytes, '[Content_Types].xml')) {
      if (contains(bytes, 'word/document.xml')) return 'docx';
      if (contains(bytes, 'xl/workbook.xml')) return 'xlsx';
    }
  }
  return null;
}

/** A file name safe to store and to send back: no path, no control characters, at most 200 chars. */
export function cleanFilename(name: string): string {
  // The input boundary (app/server/input-boundary.ts) escapes these in upload headers; read them back.
  const decoded = name.replace(/%(22|3B|3D|5C|25|0D|0A)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const base = decoded.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  return base.replace(/[\u0000-\u001f\u007f-\u009f"<>|*?:]/g, '_').trim();
}

/** RFC 5987 `ext-value` characters: everything else is percent-encoded (also `'`, `(`, `)`, `*`). */
const encodeRfc5987 = (value: string) => encodeURIComponent(value).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * RFC 6266 Content-Disposition for a download: an ASCII fallback (anything outside printable ASCII,
 * and `"`, `\`, `;`, `%`, replaced) and the exact UTF-8 name as `filename*=UTF-8''…`.
 */
export function contentDisposition(filename: string, type: 'attachment' | 'inline' = 'attachment') {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\;%]/g, '_') || 'download';
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(filename)}`;
}

export function sha256Hex(bytes: Uint8Array) {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function listAttachments(db: Queryable, reportId: string) {
  return db
    .select({
      id: attachments.id,
      filename: attachments.filename,
      contentType: attachments.contentType,
      sizeBytes: attachments.sizeBytes,
      description: attachments.description,
      uploadedAt: attachments.uploadedAt,
      uploadedBy: attachments.uploadedBy,
      uploaderName: users.name,
    })
    .from(attachments)
    .leftJoin(users, eq(users.id, attachments.uploadedBy))
    .where(eq(attachments.reportId, reportId))
    .orderBy(asc(attachments.uploadedAt), asc(attachments.id));
}

export async function attachmentBytesUsed(db: Queryable, reportId: string) {
  const [row] = await db
    .select({ used: sql<number>`coalesce(sum(${attachments.sizeBytes}), 0)::bigint`.mapWith(Number) })
    .from(attachments)
    .where(eq(attachments.reportId, reportId));
  return row?.used ?? 0;
}

export async function getAttachment(db: Queryable, reportId: string, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.reportId, reportId), eq(attachments.id, id)));
  return row ?? null;
}

/** A change to a section outside its form (an upload, a deletion): bump its version, mark it touched. */
export async function touchSection(tx: Tx, reportId: string, section: ReportSection, userId: string, now: Date) {
  await tx
    .update(reportSections)
    .set({
      version: sql`${reportSections.version} + 1`,
      status: sql`case when ${reportSections.status} = 'not_started' then 'in_progress'::section_status else ${reportSections.status} end`,
      updatedAt: now,
      updatedBy: userId,
    })
    .where(and(eq(reportSections.reportId, reportId), eq(reportSections.section, section)));
}
