import { spawnSync } from 'node:child_process';
import type { Readable } from 'node:stream';
import { getDb } from '#db/client';
import { exportSource, findProgramme, type ExportSpec } from '#app/models/export.server';
import { PROGRAMME_CODE } from '#app/models/programme.server';
import { hasChromium } from '#app/utils/pdf.server';

export async function readAll(stream: Readable | NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export async function sourceFor(spec: Partial<ExportSpec> & Pick<ExportSpec, 'kind'>, batchSize?: number) {
  const programme = await findProgramme(getDb(), PROGRAMME_CODE);
  if (!programme) throw new Error('no programme');
  return exportSource(
    getDb(),
    programme,
    { year: 2024, locale: 'nl', asOf: '2025-05-01', programmeCode: PROGRAMME_CODE, ...spec },
    { illustrative: true, batchSize },
  );
}

export const chromiumPresent = hasChromium();
export const pdftotextPresent = spawnSync('pdftotext', ['-v']).error === undefined;

/** Text of a PDF through poppler-utils' pdftotext (layout kept). */
export function pdfText(pdf: Buffer): string {
  const result = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], { input: pdf });
  if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr.toString()}`);
  return result.stdout.toString('utf8');
}

export function pdfInfo(pdf: Buffer): string {
  const result = spawnSync('pdfinfo', ['-'], { input: pdf });
  if (result.status !== 0) throw new Error(`pdfinfo failed: ${result.stderr.toString()}`);
  return result.stdout.toString('utf8');
}

/** Minimal reader of the ZIPs we write (stored or deflated entries, no zip64), via node:zlib. */
export async function unzip(zip: Buffer): Promise<Record<string, Buffer>> {
  const { inflateRawSync } = await import('node:zlib');
  const files: Record<string, Buffer> = {};
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    const localNameLength = zip.readUInt16LE(localOffset + 26);
    const localExtraLength = zip.readUInt16LE(localOffset + 28);
    const start = localOffset + 30 + localNameLength + localExtraLength;
    const data = zip.subarray(start, start + compressedSize);
    files[name] = method === 0 ? Buffer.from(data) : inflateRawSync(data);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}
