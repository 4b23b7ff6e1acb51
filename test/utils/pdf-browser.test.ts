import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { chromiumPath, hasChromium, PDF_DEFAULTS, PdfBusyError, PdfRenderer, pdfSettings, PdfTimeoutError } from '#app/utils/pdf.server';

/**
 * The PDF renderer's browser pool against the real Chromium (/usr/bin/chromium or CHROMIUM_PATH):
 * one browser reused, the bound on pages printing at once, the queue's limits, the time limit of a
 * print, and recovery from a crashed browser. Processes are read from /proc, not from the
 * renderer's own counters: a launch is a new Chromium process below this one.
 */

const present = hasChromium();
const skipNote = present ? '' : ` [SKIPPED: no Chromium at ${chromiumPath()}]`;

const doc = (rows: number) =>
  `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Proef</title></head><body><h1>Proefdocument</h1><table><caption>Regels</caption>${Array.from(
    { length: rows },
    (_, i) => `<tr><th scope="row">${i + 1}</th><td>Onderzoeker ${i + 1}</td><td>${(i * 37) % 1000},50</td></tr>`,
  ).join('')}</table></body></html>`;
const SMALL = doc(20);
/** Takes Chromium seconds to print: long enough to be cut off or caught by a crash. */
const LARGE = doc(1500);

/** Chromium browser processes started by this process (the pages' renderers are their children). */
function browserPids(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      const state = /^State:\s+(\S)/m.exec(status)?.[1];
      if (ppid === process.pid && state !== 'Z' && /^Name:\s+chrom/m.test(status)) pids.push(Number(entry));
    } catch {
      /* ended meanwhile */
    }
  }
  return pids;
}

async function waitFor(condition: () => boolean | Promise<boolean>, ms = 5_000) {
  const until = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function expectPdf(pdf: Buffer) {
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
}

const renderers: PdfRenderer[] = [];
function renderer(settings: ConstructorParameters<typeof PdfRenderer>[0] = {}) {
  const made = new PdfRenderer(settings);
  renderers.push(made);
  return made;
}
afterEach(async () => {
  await Promise.all(renderers.splice(0).map((r) => r.close()));
});

describe('PDF settings from the environment', () => {
  it('uses the defaults for unset or empty variables and reads whole numbers', () => {
    expect(pdfSettings({})).toEqual(PDF_DEFAULTS);
    expect(pdfSettings({ PDF_MAX_CONCURRENT: '', PDF_MAX_QUEUE: '0' })).toEqual({ ...PDF_DEFAULTS, maxQueue: 0 });
    expect(pdfSettings({ PDF_MAX_CONCURRENT: '3', PDF_MAX_QUEUE: '20', PDF_QUEUE_TIMEOUT_MS: '5000', PDF_RENDER_TIMEOUT_MS: '90000' })).toEqual({
      maxConcurrent: 3,
      maxQueue: 20,
      queueTimeoutMs: 5000,
      renderTimeoutMs: 90000,
    });
  });

  it('refuses a wrong value with a message naming the variable', () => {
    expect(() => pdfSettings({ PDF_MAX_CONCURRENT: '0' })).toThrow('PDF_MAX_CONCURRENT="0": must be a whole number from 1 to 16');
    expect(() => pdfSettings({ PDF_MAX_QUEUE: 'veel' })).toThrow('PDF_MAX_QUEUE="veel"');
    expect(() => pdfSettings({ PDF_RENDER_TIMEOUT_MS: '1.5' })).toThrow('PDF_RENDER_TIMEOUT_MS="1.5"');
  });
});

describe.skipIf(!present)(`one Chromium per process${skipNote}`, () => {
  it('launches Chromium once for several PDFs, a context per PDF, and closes it', async () => {
    const pdfs = renderer();
    expect(browserPids()).toEqual([]);
    expectPdf(await pdfs.render(SMALL));
    const [pid] = browserPids();
    expect(pid, 'a Chromium process runs after the first PDF').toBeDefined();
    expect(await pdfs.openContexts(), 'the first PDF’s context is closed').toBe(0);
    expectPdf(await pdfs.render(SMALL, { footerText: 'tweede' }));
    expect(browserPids(), 'the second PDF used the same browser').toEqual([pid]);
    expect(pdfs.stats().launches).toBe(1);
    expect(await pdfs.openContexts()).toBe(0);
    await pdfs.close();
    await waitFor(() => browserPids().length === 0);
  }, 60_000);

  it('never prints more pages at once than its bound; the others wait their turn', async () => {
    const pdfs = renderer({ maxConcurrent: 2, maxQueue: 10 });
    expectPdf(await pdfs.render(SMALL)); // launched beforehand: the figures below are about pages
    let maxContexts = 0;
    let maxQueued = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        maxContexts = Math.max(maxContexts, await pdfs.openContexts());
        maxQueued = Math.max(maxQueued, pdfs.stats().queued);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => pdfs.render(doc(200 + i))));
    sampling = false;
    await sampler;
    results.forEach(expectPdf);
    expect(maxContexts, 'contexts open at once in Chromium').toBe(2);
    expect(maxQueued, 'requests waited in the queue').toBe(4);
    expect(pdfs.stats()).toMatchObject({ launches: 1, active: 0, queued: 0 });
    expect(browserPids()).toHaveLength(1);
  }, 90_000);

  it('refuses at once with queue_full when every page prints and the queue is full', async () => {
    const pdfs = renderer({ maxConcurrent: 1, maxQueue: 1 });
    const [first, second, third] = await Promise.allSettled([pdfs.render(SMALL), pdfs.render(SMALL), pdfs.render(SMALL)]);
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('fulfilled');
    expect(third.status).toBe('rejected');
    const error = (third as PromiseRejectedResult).reason as unknown;
    expect(error).toBeInstanceOf(PdfBusyError);
    expect((error as PdfBusyError).reason).toBe('queue_full');
    expect((error as PdfBusyError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(pdfs.stats()).toMatchObject({ refusedQueueFull: 1, refusedQueueTimeout: 0, active: 0, queued: 0 });
  }, 60_000);

  it('refuses with queue_timeout when no page comes free in time, and prints again afterwards', async () => {
    const pdfs = renderer({ maxConcurrent: 1, maxQueue: 5, queueTimeoutMs: 200 });
    expectPdf(await pdfs.render(SMALL));
    const [slow, waiting] = await Promise.allSettled([pdfs.render(LARGE), pdfs.render(SMALL)]);
    expect(slow.status).toBe('fulfilled');
    expect(waiting.status).toBe('rejected');
    expect((waiting as PromiseRejectedResult).reason).toBeInstanceOf(PdfBusyError);
    expect(((waiting as PromiseRejectedResult).reason as PdfBusyError).reason).toBe('queue_timeout');
    expectPdf(await pdfs.render(SMALL));
    expect(pdfs.stats()).toMatchObject({ launches: 1, refusedQueueTimeout: 1, active: 0, queued: 0 });
  }, 90_000);

  it('cuts off a print that takes too long, closes its page and keeps the browser', async () => {
    const pdfs = renderer();
    expectPdf(await pdfs.render(SMALL));
    const [pid] = browserPids();
    const started = performance.now();
    await expect(pdfs.render(LARGE, { timeoutMs: 300 })).rejects.toBeInstanceOf(PdfTimeoutError);
    expect(performance.now() - started, 'the caller hears of it near the limit, not when the print ends').toBeLessThan(6_000);
    expect(await pdfs.openContexts(), 'the cut-off print’s context is closed').toBe(0);
    expectPdf(await pdfs.render(SMALL));
    expect(browserPids(), 'the same browser printed the next PDF').toEqual([pid]);
    expect(pdfs.stats()).toMatchObject({ launches: 1, timedOut: 1, active: 0 });
  }, 90_000);

  it('launches a new Chromium for the next PDF when the browser was killed', async () => {
    const pdfs = renderer();
    expectPdf(await pdfs.render(SMALL));
    const [pid] = browserPids();
    process.kill(pid!, 'SIGKILL');
    // At once, before Playwright may even have noticed the crash.
    expectPdf(await pdfs.render(SMALL));
    const now = browserPids();
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(pid);
    expect(pdfs.stats().launches).toBe(2);
  }, 90_000);

  it('prints a PDF caught by a crash once more on a new browser', async () => {
    const pdfs = renderer();
    expectPdf(await pdfs.render(SMALL));
    const [pid] = browserPids();
    const printing = pdfs.render(LARGE);
    await waitFor(async () => (await pdfs.openContexts()) === 1);
    process.kill(pid!, 'SIGKILL');
    expectPdf(await printing);
    expect(pdfs.stats().launches, 'the print was repeated on a second browser').toBe(2);
    expect(browserPids()).not.toContain(pid);
  }, 90_000);
});
