import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '#db/client';
import { projects, reports } from '#db/schema/index';
import * as dossierRoute from '#app/routes/export/dossier';
import * as fileRoute from '#app/routes/export/file';
import { chromiumPath, closePdfBrowser, hasChromium, pdfBrowserStats } from '#app/utils/pdf.server';
import { setupTestDatabase } from '#test/support/db';
import { getRequest } from '#test/support/requests';
import { unzip } from './support';

// The process's renderer is made on the first PDF, from these: one page, no queue.
process.env.PDF_MAX_CONCURRENT = '1';
process.env.PDF_MAX_QUEUE = '0';

setupTestDatabase();
afterAll(() => closePdfBrowser());
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
const present = hasChromium();

async function reportId(project: string, year: number) {
  const [row] = await getDb()
    .select({ id: reports.id })
    .from(reports)
    .innerJoin(projects, eq(projects.id, reports.projectId))
    .where(and(eq(projects.code, project), eq(reports.year, year)));
  return row!.id;
}

describe.skipIf(!present)(`PDFs while the printer is busy${present ? '' : ` [SKIPPED: no Chromium at ${chromiumPath()}]`}`, () => {
  it('answers 503 with Retry-After and a message for a dossier or a summary PDF beyond the bound, and prints the one in progress', async () => {
    const ecofed = await reportId('ECOFED', 2024);
    const first = dossierRoute.loader(args(await getRequest(`/exporten/dossier/${ecofed}`, 'reviewer.b@demo.ipcei.test'), { reportId: ecofed }));
    const until = Date.now() + 30_000;
    while (pdfBrowserStats().active === 0) {
      if (Date.now() > until) throw new Error('the first dossier never started printing');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    const ecc = await reportId('ECC', 2024);
    const refused = await dossierRoute.loader(args(await getRequest(`/exporten/dossier/${ecc}`, 'penvoerder.ecc@demo.ipcei.test'), { reportId: ecc }));
    expect(refused.status).toBe(503);
    const seconds = Number(refused.headers.get('retry-after'));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect((await refused.text()).trim()).toBe(`Er worden nu te veel PDF’s tegelijk gemaakt. Probeer het over ${seconds} seconden opnieuw.`);

    const summary = await fileRoute.loader(args(await getRequest('/exporten/bestand?soort=ez&jaar=2024&formaat=pdf', 'ez@demo.ipcei.test')));
    expect(summary.status).toBe(503);
    expect(Number(summary.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await summary.text()).toContain('Er worden nu te veel PDF’s tegelijk gemaakt.');

    const printed = await first;
    expect(printed.status).toBe(200);
    const files = await unzip(Buffer.from(await printed.arrayBuffer()));
    expect(files['IPCEI-CIS-ECOFED-2024-R1.pdf']?.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfBrowserStats()).toMatchObject({ launches: 1, refusedQueueFull: 2, active: 0 });
  }, 120_000);
});
