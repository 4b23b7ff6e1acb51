import { createHash } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '#db/client';
import { auditLog, projects, reportRevisions, reports } from '#db/schema/index';
import * as dossierPrintRoute from '#app/routes/export/dossier-print';
import * as dossierRoute from '#app/routes/export/dossier';
import * as fileRoute from '#app/routes/export/file';
import * as printRoute from '#app/routes/export/print';
import * as exportsRoute from '#app/routes/export/index';
import { DossierIntegrityError, dossierZip, findDossierRevision, verifyDossierRevision } from '#app/models/export-dossier.server';
import { ExportDocumentSchema } from '#app/models/export-schema.server';
import { chromiumPath, closePdfBrowser } from '#app/utils/pdf.server';
import { setupTestDatabase } from '#test/support/db';
import { principalFor } from '#test/support/principal';
import { getRequest, postRequest, thrownResponse } from '#test/support/requests';
import { chromiumPresent, pdfInfo, pdfText, pdftotextPresent, unzip } from './support';

setupTestDatabase();
afterAll(() => closePdfBrowser());
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

// In CI a missing Chromium or poppler-utils is a failure; locally the PDF tests are skipped, saying why.
const runPdf = Boolean(process.env.CI) || (chromiumPresent && pdftotextPresent);
const pdfNote = runPdf ? '' : ` [SKIPPED: no Chromium at ${chromiumPath()} or no pdftotext]`;

async function reportId(project: string, year: number) {
  const [row] = await getDb()
    .select({ id: reports.id })
    .from(reports)
    .innerJoin(projects, eq(projects.id, reports.projectId))
    .where(and(eq(projects.code, project), eq(reports.year, year)));
  return row!.id;
}

async function lastAudit(action: string) {
  const [row] = await getDb().select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.seq)).limit(1);
  return row;
}

describe('export page', () => {
  it('offers staff the programme years and says whether PDF is available', async () => {
    const data = await exportsRoute.loader(args(await getRequest('/exporten', 'ez@demo.ipcei.test')));
    expect(data.years[0]).toBe(2024);
    expect(data.years.at(-1)).toBe(2031);
    expect(data.pdf.available).toBe(chromiumPresent);
  });

  it('refuses partners (403) and sends anonymous visitors to sign in', async () => {
    const forbidden = await thrownResponse(async () => exportsRoute.loader(args(await getRequest('/exporten', 'penvoerder.ecc@demo.ipcei.test'))));
    expect(forbidden.status).toBe(403);
    const anonymous = await thrownResponse(async () => fileRoute.loader(args(await getRequest('/exporten/bestand?soort=tam&jaar=2024&formaat=csv'))));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toMatch(/^\/inloggen/);
  });

  it('validates the choice and sends a valid one to the download as a document', async () => {
    const bad = (await exportsRoute.action(
      args(await postRequest('/exporten', { kind: 'tam', year: '2024', format: 'pdf', language: 'nl', intent: 'download' }, 'ez@demo.ipcei.test')),
    )) as unknown as { data: { errors: Record<string, string> }; init: { status: number } };
    expect(bad.init.status).toBe(400);
    expect(bad.data.errors).toEqual({ format: 'errors.export.format.pdfNotForTam' });
    const badYear = (await exportsRoute.action(
      args(await postRequest('/exporten', { kind: 'ez', year: '1999', format: 'xlsx', language: 'nl' }, 'ez@demo.ipcei.test')),
    )) as unknown as { data: { errors: Record<string, string> }; init: { status: number } };
    expect(badYear.data.errors).toEqual({ year: 'errors.export.year.invalid' });

    const ok = (await exportsRoute.action(
      args(await postRequest('/exporten', { kind: 'ez', year: '2024', format: 'xlsx', language: 'en', intent: 'download' }, 'ez@demo.ipcei.test')),
    )) as Response;
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe('/exporten/bestand?soort=ez&jaar=2024&taal=en&formaat=xlsx');
    expect(ok.headers.get('x-remix-reload-document')).toBe('true');
    const print = (await exportsRoute.action(
      args(await postRequest('/exporten', { kind: 'commission', year: '2024', format: 'xlsx', language: 'nl', intent: 'print' }, 'ez@demo.ipcei.test')),
    )) as Response;
    expect(print.headers.get('location')).toBe('/exporten/afdruk?soort=commission&jaar=2024&taal=nl');
  });
});

describe('export download', () => {
  it('streams the file as an attachment and logs who exported what with which filters', async () => {
    const response = await fileRoute.loader(args(await getRequest('/exporten/bestand?soort=commission&jaar=2024&formaat=json&taal=nl', 'reviewer.a@demo.ipcei.test')));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('attachment; filename="ipcei-cis-commission-summary-2024.json"');
    const doc = ExportDocumentSchema.parse(await response.json());
    expect(doc.parts.projects?.map((p) => p.projectCode)).toEqual(['ECC']);
    const audit = await lastAudit('export.download');
    expect(audit?.actorEmail).toBe('reviewer.a@demo.ipcei.test');
    expect(audit?.details).toMatchObject({ kind: 'commission', format: 'json', year: 2024, language: 'en', programme: 'IPCEI-CIS', aidBasis: 'ipcei_communication' });
  });

  it('answers bad input with a specific message and status, and logs nothing', async () => {
    const before = await lastAudit('export.download');
    const cases: Array<[string, number, string]> = [
      ['soort=kerstkaart&jaar=2024&formaat=xlsx', 400, 'Kies een overzicht'],
      ['soort=ez&jaar=1999&formaat=xlsx', 400, 'Kies een rapportagejaar van het programma'],
      ['soort=ez&jaar=2024&formaat=docx', 400, 'Kies een bestandsformaat'],
      ['soort=tam&jaar=2024&formaat=pdf', 400, 'Kies XLSX, CSV of JSON voor het transparantieregister'],
      ['soort=tam&jaar=2024&formaat=csv&peildatum=2025-02-30', 400, 'Vul een peildatum in zoals 2025-05-01'],
    ];
    for (const [query, status, message] of cases) {
      const response = await fileRoute.loader(args(await getRequest(`/exporten/bestand?${query}`, 'admin@demo.ipcei.test')));
      expect(response.status, query).toBe(status);
      expect((await response.text()).trim(), query).toBe(message);
    }
    expect((await lastAudit('export.download'))?.seq).toBe(before?.seq);
  });

  it('refuses a project member even for their own project (staff exports only)', async () => {
    const response = await thrownResponse(async () =>
      fileRoute.loader(args(await getRequest('/exporten/bestand?soort=ez&jaar=2024&formaat=csv', 'penvoerder.ecofed@demo.ipcei.test'))),
    );
    expect(response.status).toBe(403);
  });

  it('shows the print view with the same content, and logs the view', async () => {
    const data = await printRoute.loader(args(await getRequest('/exporten/afdruk?soort=commission&jaar=2024&taal=nl', 'ez@demo.ipcei.test')));
    expect(data.doc?.lang).toBe('en');
    expect(data.doc?.title).toBe('Commission progress summary');
    expect(data.doc?.sections.map((s) => s.heading)).toEqual(['ECC – European Cloud Campus']);
    expect(data.doc?.sections[0]!.banner).toMatch(/^NOT YET APPROVED/);
    expect((await lastAudit('export.view'))?.details).toMatchObject({ kind: 'commission', year: 2024 });
  });
});

describe('report dossier', () => {
  it('gives a member their own project’s dossier: document, snapshot, attachments and a manifest of checksums', async () => {
    const id = await reportId('ECC', 2024);
    const response = await dossierRoute.loader(args(await getRequest(`/exporten/dossier/${id}`, 'penvoerder.ecc@demo.ipcei.test'), { reportId: id }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('filename="dossier-IPCEI-CIS-ECC-2024-R1.zip"');
    const files = await unzip(Buffer.from(await response.arrayBuffer()));
    const names = Object.keys(files);
    expect(names).toContain('snapshot.json');
    expect(names).toContain('attachments/01-ecc-overzicht-kosten-2024.csv');
    expect(names.slice(-2)).toEqual(['manifest.json', 'SHA256SUMS']);
    const manifest = JSON.parse(files['manifest.json']!.toString('utf8')) as {
      approval: string;
      snapshotSha256: string;
      files: Array<{ path: string; sha256: string; bytes: number }>;
      attachments: Array<{ status: string }>;
    };
    expect(manifest.approval).toBe('not_yet_approved');
    const [revision] = await getDb().select().from(reportRevisions).where(eq(reportRevisions.reportId, id));
    expect(manifest.snapshotSha256).toBe(revision!.sha256);
    expect(createHash('sha256').update(files['snapshot.json']!).digest('hex')).toBe(revision!.sha256);
    expect(manifest.files.map((f) => f.path).sort()).toEqual(names.filter((n) => n !== 'manifest.json' && n !== 'SHA256SUMS').sort());
    for (const file of manifest.files) {
      expect(createHash('sha256').update(files[file.path]!).digest('hex'), file.path).toBe(file.sha256);
      expect(files[file.path]!.length).toBe(file.bytes);
    }
    expect(manifest.attachments.map((a) => a.status)).toEqual(['ok']);
    expect(files['SHA256SUMS']!.toString('utf8')).toContain(`${manifest.files[0]!.sha256}  ${manifest.files[0]!.path}\n`);
    expect((await lastAudit('export.dossier'))?.details).toMatchObject({ reference: 'IPCEI-CIS-ECC-2024-R1', project: 'ECC' });
  });

  it('answers 404 to a member of another project and for a report never submitted', async () => {
    const misd = await reportId('MISD', 2024);
    const other = await thrownResponse(async () =>
      dossierRoute.loader(args(await getRequest(`/exporten/dossier/${misd}`, 'partner.infosupport@demo.ipcei.test'), { reportId: misd })),
    );
    expect(other.status).toBe(404);
    const draft = await reportId('ECOFED', 2025);
    const never = await thrownResponse(async () =>
      dossierRoute.loader(args(await getRequest(`/exporten/dossier/${draft}`, 'penvoerder.ecofed@demo.ipcei.test'), { reportId: draft })),
    );
    expect(never.status).toBe(404);
    const junk = await thrownResponse(async () =>
      dossierRoute.loader(args(await getRequest(`/exporten/dossier/x?revisie=abc`, 'admin@demo.ipcei.test'), { reportId: 'x' })),
    );
    expect(junk.status).toBe(404);
  });

  it('shows the revision’s print view to its members, from the stored snapshot', async () => {
    const id = await reportId('ECC', 2024);
    const data = await dossierPrintRoute.loader(args(await getRequest(`/exporten/dossier/${id}/afdruk`, 'penvoerder.ecc@demo.ipcei.test'), { reportId: id }));
    expect(data.doc.title).toBe('Voortgangsrapport ECC – European Cloud Campus 2024');
    expect(data.doc.warning).toMatch(/^NOG NIET GOEDGEKEURD/);
    expect(data.doc.sections.map((s) => s.id)).toEqual(['progress', 'costs', 'indicators', 'spillover', 'risks', 'attachments']);
    expect(data.zipHref).toBe(`/exporten/dossier/${id}`);
    const other = await thrownResponse(async () =>
      dossierPrintRoute.loader(args(await getRequest(`/exporten/dossier/${id}/afdruk`, 'partner.tno@demo.ipcei.test'), { reportId: id })),
    );
    expect(other.status).toBe(404);
  });

  it('refuses to make a dossier of a snapshot that no longer matches its checksum', async () => {
    const id = await reportId('ECOFED', 2024);
    const dossier = (await findDossierRevision(getDb(), await principalFor('admin@demo.ipcei.test'), id))!;
    expect(verifyDossierRevision(dossier)).toBe(true);
    const tampered = { ...dossier, snapshot: { ...dossier.snapshot, narrative: { ...dossier.snapshot.narrative, deviations: 'changed afterwards' } } };
    expect(verifyDossierRevision(tampered)).toBe(false);
    await expect(dossierZip(getDb(), tampered, 'nl')).rejects.toBeInstanceOf(DossierIntegrityError);
  });

  it.skipIf(!runPdf)(`prints the revision as a tagged PDF whose text shows the approval${pdfNote}`, async () => {
    const id = await reportId('ECOFED', 2024);
    const response = await dossierRoute.loader(args(await getRequest(`/exporten/dossier/${id}`, 'reviewer.b@demo.ipcei.test'), { reportId: id }));
    const files = await unzip(Buffer.from(await response.arrayBuffer()));
    const pdf = files['IPCEI-CIS-ECOFED-2024-R1.pdf'];
    expect(pdf, 'the dossier holds a PDF').toBeDefined();
    expect(pdfInfo(pdf!)).toMatch(/Tagged:\s+yes/);
    const text = pdfText(pdf!);
    expect(text).toContain('Voortgangsrapport ECOFED');
    expect(text).toContain('IPCEI-CIS-ECOFED-2024-R1');
    expect(text).toContain('Goedgekeurd');
    expect(text).not.toContain('NOG NIET GOEDGEKEURD');
  });
});

describe('PDF export', () => {
  it.skipIf(!runPdf)(`prints the Commission summary as a tagged PDF with only ECC, marked not yet approved${pdfNote}`, async () => {
    const response = await fileRoute.loader(args(await getRequest('/exporten/bestand?soort=commission&jaar=2024&formaat=pdf', 'ez@demo.ipcei.test')));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfInfo(pdf)).toMatch(/Tagged:\s+yes/);
    const text = pdfText(pdf);
    expect(text).toContain('Commission progress summary');
    expect(text).toContain('ECC – European Cloud Campus');
    expect(text).toContain('NOT YET APPROVED');
    expect(text).toContain('EZ/IPCEI-CIS/2024/ECC');
    expect(text).not.toMatch(/ECOFED|MISD/);
  });
});

describe('without Chromium', () => {
  it('says PDF is not available, answers 503 for a PDF, keeps the other formats and puts the HTML print view in the dossier', async () => {
    await closePdfBrowser(); // a browser started by an earlier test would still be used
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    try {
      const page = await exportsRoute.loader(args(await getRequest('/exporten', 'ez@demo.ipcei.test')));
      expect(page.pdf).toEqual({ available: false, path: '/nonexistent/chromium' });
      const pdf = await fileRoute.loader(args(await getRequest('/exporten/bestand?soort=ez&jaar=2024&formaat=pdf', 'ez@demo.ipcei.test')));
      expect(pdf.status).toBe(503);
      expect((await pdf.text()).trim()).toBe('PDF is niet beschikbaar: Chromium is niet geïnstalleerd op deze server. Kies XLSX, CSV of JSON.');
      const xlsx = await fileRoute.loader(args(await getRequest('/exporten/bestand?soort=ez&jaar=2024&formaat=xlsx', 'ez@demo.ipcei.test')));
      expect(xlsx.status).toBe(200);
      expect((await xlsx.arrayBuffer()).byteLength).toBeGreaterThan(1000);
      const id = await reportId('ECC', 2024);
      const dossier = await dossierRoute.loader(args(await getRequest(`/exporten/dossier/${id}`, 'penvoerder.ecc@demo.ipcei.test'), { reportId: id }));
      const files = await unzip(Buffer.from(await dossier.arrayBuffer()));
      expect(Object.keys(files)).toContain('IPCEI-CIS-ECC-2024-R1.html');
      expect(files['IPCEI-CIS-ECC-2024-R1.html']!.toString('utf8')).toContain('NOG NIET GOEDGEKEURD');
      expect(JSON.parse(files['manifest.json']!.toString('utf8')).document).toBe('html (Chromium not available)');
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });
});
