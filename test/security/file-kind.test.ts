import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { attachments } from '#db/schema/index';
import { getDb } from '#db/client';
import { detectFileKind } from '#app/models/report-attachments.server';
import * as attachmentsRoute from '#app/routes/report/attachments';
import { setupTestDatabase } from '#test/support/db';
import { multipart, params, reportOf } from '#test/report/support';

/**
 * What a file is, is read from its first bytes: a signature must start at byte 0. A file that only
 * contains "%PDF-" further on (an HTML page, a script, a polyglot with junk in front) is not a PDF,
 * whatever its name or the browser's claim.
 */
setupTestDatabase();
const bytes = (text: string | number[]) => new Uint8Array(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
const PDF_BODY = '%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n';
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('file signatures at byte 0 only', () => {
  it('takes %PDF- at byte 0 for a PDF', () => {
    expect(detectFileKind(bytes(PDF_BODY))).toBe('pdf');
  });

  it.each([
    ['junk before the header', `junk${PDF_BODY}`],
    ['one space before the header', ` ${PDF_BODY}`],
    ['a newline before the header', `\n${PDF_BODY}`],
    ['a UTF-8 byte order mark before the header', `\xef\xbb\xbf${PDF_BODY}`],
    ['an HTML page that mentions %PDF-', `<html><script>alert(1)</script>${PDF_BODY}</html>`],
    ['a header 1024 bytes in (what lenient PDF readers accept)', `${'x'.repeat(1024)}${PDF_BODY}`],
    ['the header cut short', '%PDF'],
  ])('refuses a file with %s', (_, content) => {
    expect(detectFileKind(bytes(content))).toBeNull();
  });

  it('refuses the PNG and JPEG signatures anywhere but at byte 0', () => {
    expect(detectFileKind(bytes([...PNG, 0, 0]))).toBe('png');
    expect(detectFileKind(bytes([0x00, ...PNG, 0, 0]))).toBeNull();
    expect(detectFileKind(bytes([0x20, 0xff, 0xd8, 0xff, 0xe0]))).toBeNull();
    expect(detectFileKind(bytes([0x20, 0x50, 0x4b, 0x03, 0x04]))).toBeNull();
  });
});

describe('the upload refuses a file whose PDF header is not at byte 0', () => {
  it('answers 400 with the file-type message and stores nothing', async () => {
    const report = await reportOf('ECOFED', 2025);
    const before = await getDb().select({ id: attachments.id }).from(attachments).where(eq(attachments.reportId, report.id));
    const form = new FormData();
    form.set('file', new File([Buffer.from(`junk${PDF_BODY}`, 'latin1')], 'factuur.pdf', { type: 'application/pdf' }));
    form.set('description', 'Factuur');
    const answer = await multipart(attachmentsRoute, '/projecten/ECOFED/rapporten/2025/bijlagen', params('ECOFED', 2025), form, 'penvoerder.ecofed@demo.ipcei.test');
    expect(answer.status).toBe(400);
    expect(answer.data?.errors).toEqual({ file: 'errors.report.attachment.type' });
    const after = await getDb().select({ id: attachments.id }).from(attachments).where(eq(attachments.reportId, report.id));
    expect(after).toHaveLength(before.length);

    // The same bytes without the junk are taken (the refusal is about the offset, not the rest).
    const good = new FormData();
    good.set('file', new File([Buffer.from(PDF_BODY, 'latin1')], 'factuur.pdf', { type: 'application/pdf' }));
    good.set('description', 'Factuur');
    const taken = await multipart(attachmentsRoute, '/projecten/ECOFED/rapporten/2025/bijlagen', params('ECOFED', 2025), good, 'penvoerder.ecofed@demo.ipcei.test');
    expect(taken.status).toBe(302);
  });
});
