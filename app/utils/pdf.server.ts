import fs from 'node:fs';
import type { Browser } from 'playwright-core';

/**
 * Tagged, accessible PDFs printed by headless Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH)
 * from server-rendered HTML. One browser per process, started on first use, shared by all requests,
 * closed after a quiet period and on shutdown. playwright-core (~80 MB resident) is loaded only when
 * the first PDF is made, so exports in other formats do not pay for it. Each PDF gets its own context with JavaScript off and
 * every network request refused: the page is exactly the HTML we render, nothing else.
 */

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const IDLE_CLOSE_MS = 5 * 60_000;
/** At most this many pages print at once; the others wait (memory stays bounded). */
const MAX_CONCURRENT = 2;

export class PdfUnavailableError extends Error {}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** True when the Chromium executable is there (the export page offers PDF only then). */
export function hasChromium(): boolean {
  try {
    fs.accessSync(chromiumPath(), fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const holder = globalThis as typeof globalThis & { __ipceiPdfBrowser?: Promise<Browser> | null; __ipceiPdfHooks?: boolean };
let idleTimer: NodeJS.Timeout | undefined;
let active = 0;
const waiting: Array<() => void> = [];

function getBrowser(): Promise<Browser> {
  if (!holder.__ipceiPdfBrowser) {
    if (!hasChromium()) throw new PdfUnavailableError(`Chromium is not installed at ${chromiumPath()}`);
    const launching = import('playwright-core').then(({ chromium }) =>
      chromium.launch({
        executablePath: chromiumPath(),
        args: LAUNCH_ARGS,
        // Our own shutdown hooks close it; Playwright must not exit the process on a signal.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      }),
    );
    holder.__ipceiPdfBrowser = launching;
    launching.then(
      (browser) =>
        browser.on('disconnected', () => {
          if (holder.__ipceiPdfBrowser === launching) holder.__ipceiPdfBrowser = null;
        }),
      () => {
        if (holder.__ipceiPdfBrowser === launching) holder.__ipceiPdfBrowser = null;
      },
    );
    installShutdownHooks();
  }
  return holder.__ipceiPdfBrowser;
}

function installShutdownHooks() {
  if (holder.__ipceiPdfHooks) return;
  holder.__ipceiPdfHooks = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void closePdfBrowser());
}

async function acquire() {
  if (active >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  active++;
  if (idleTimer) clearTimeout(idleTimer);
}

function release() {
  active--;
  const next = waiting.shift();
  if (next) next();
  else if (active === 0) {
    idleTimer = setTimeout(() => void closePdfBrowser(), IDLE_CLOSE_MS);
    idleTimer.unref();
  }
}

export interface PdfOptions {
  /** Text in the page footer next to the page number. */
  footerText?: string;
  landscape?: boolean;
}

/** Prints a complete HTML document (with its own inline CSS) to a tagged PDF with an outline. */
export async function htmlToPdf(html: string, options: PdfOptions = {}): Promise<Buffer> {
  await acquire();
  try {
    const browser = await getBrowser();
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const page = await context.newPage();
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      return await page.pdf({
        format: 'A4',
        landscape: options.landscape ?? false,
        printBackground: true,
        tagged: true,
        outline: true,
        margin: { top: '18mm', bottom: '20mm', left: '15mm', right: '15mm' },
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: `<div style="font-size:8px;width:100%;padding:0 15mm;display:flex;justify-content:space-between;font-family:sans-serif"><span>${escapeHtml(
          options.footerText ?? '',
        )}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
      });
    } finally {
      await context.close().catch(() => {});
    }
  } finally {
    release();
  }
}

export async function closePdfBrowser() {
  const pending = holder.__ipceiPdfBrowser;
  holder.__ipceiPdfBrowser = null;
  if (idleTimer) clearTimeout(idleTimer);
  if (!pending) return;
  try {
    await (await pending).close();
  } catch {
    /* already gone */
  }
}

export function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
