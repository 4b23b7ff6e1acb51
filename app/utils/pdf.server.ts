import fs from 'node:fs';
import type { Browser } from 'playwright-core';

/**
 * Tagged, accessible PDFs printed by headless Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH)
 * from server-rendered HTML.
 *
 * One Chromium per process: launched on the first PDF, then kept running and shared by every request
 * (launching costs seconds; a PDF on the running browser a fraction of that). playwright-core
 * (~80 MB resident) is loaded only then, so exports in other formats never pay for it. Each PDF gets
 * a context of its own — JavaScript off, every network request refused, closed afterwards — so
 * nothing of one user's document is left for the next: the page is exactly the HTML we render.
 *
 * Load is bounded: at most `maxConcurrent` pages print at once; up to `maxQueue` more wait their turn,
 * each for at most `queueTimeoutMs`. Beyond that a request is refused at once with `PdfBusyError`,
 * and a print that takes longer than `renderTimeoutMs` is cut off (its context closed, the browser
 * kept) with `PdfTimeoutError`; the export routes answer both with 503 and Retry-After. When Chromium
 * crashes or disconnects the next PDF launches a new one; a PDF caught by the crash is printed once
 * more on the new browser. `closePdfBrowser()` closes it on shutdown.
 *
 * The process's renderer lives on `globalThis`: the server entry and the app build each have their
 * own copy of this module, and both must reach the same browser (and `closePdfBrowser()` the one the
 * app started).
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
const LAUNCH_TIMEOUT_MS = 30_000;
/** How long closing a timed-out print's context may take before the browser counts as stuck. */
const CLOSE_TIMEOUT_MS = 5_000;

/** No Chromium on this server: the dossier holds the HTML print view instead, summaries answer 503. */
export class PdfUnavailableError extends Error {}

/** A PDF refused for now because of load (route: 503 with `Retry-After: retryAfterSeconds`). */
export class PdfOverloadError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Every page is printing and the queue is full (`queue_full`), or the wait for a page ran out (`queue_timeout`). */
export class PdfBusyError extends PdfOverloadError {
  constructor(
    readonly reason: 'queue_full' | 'queue_timeout',
    message: string,
    retryAfterSeconds: number,
  ) {
    super(message, retryAfterSeconds);
  }
}

/** The print itself took longer than its time limit and was cut off. */
export class PdfTimeoutError extends PdfOverloadError {}

export interface PdfSettings {
  /** Pages printing at once. */
  maxConcurrent: number;
  /** Requests that may wait for a page; one more is refused at once. 0: no waiting. */
  maxQueue: number;
  /** How long a request waits for a page before it is refused. */
  queueTimeoutMs: number;
  /** How long one print (page, content, PDF) may take. */
  renderTimeoutMs: number;
}

export const PDF_DEFAULTS: Readonly<PdfSettings> = { maxConcurrent: 2, maxQueue: 10, queueTimeoutMs: 30_000, renderTimeoutMs: 60_000 };

/** The environment variables of the settings, their allowed ranges (integers). */
export const PDF_ENV: Record<keyof PdfSettings, { name: string; min: number; max: number }> = {
  maxConcurrent: { name: 'PDF_MAX_CONCURRENT', min: 1, max: 16 },
  maxQueue: { name: 'PDF_MAX_QUEUE', min: 0, max: 1000 },
  queueTimeoutMs: { name: 'PDF_QUEUE_TIMEOUT_MS', min: 100, max: 600_000 },
  renderTimeoutMs: { name: 'PDF_RENDER_TIMEOUT_MS', min: 100, max: 600_000 },
};

/** The settings from the environment (unset or empty: the default); a wrong value throws an error naming the variable. */
export function pdfSettings(env: Record<string, string | undefined> = process.env): PdfSettings {
  const settings = { ...PDF_DEFAULTS };
  for (const key of Object.keys(PDF_ENV) as Array<keyof PdfSettings>) {
    const { name, min, max } = PDF_ENV[key];
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
      throw new Error(`Invalid configuration:\n  ${name}=${JSON.stringify(raw)}: must be a whole number from ${min} to ${max}`);
    }
    settings[key] = value;
  }
  return settings;
}

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

export interface PdfOptions {
  /** Text in the page footer next to the page number. */
  footerText?: string;
  landscape?: boolean;
  /** This print's time limit instead of the renderer's `renderTimeoutMs`. */
  timeoutMs?: number;
}

export interface PdfRendererStats {
  /** Chromium launches so far (1 while it keeps running). */
  launches: number;
  /** Pages printing now. */
  active: number;
  /** Requests waiting for a page. */
  queued: number;
  /** Refused: queue full / wait ran out; prints cut off by their time limit. */
  refusedQueueFull: number;
  refusedQueueTimeout: number;
  timedOut: number;
  maxConcurrent: number;
  maxQueue: number;
}

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface RunningBrowser {
  browser: Promise<Browser>;
  /** Set by `close()`: a print that fails because of it is not tried again. */
  closing: boolean;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * One Chromium, its bounded pool of pages and the queue in front of it. The app uses the one of the
 * process (`htmlToPdf`); tests make their own with small limits.
 */
export class PdfRenderer {
  readonly settings: Readonly<PdfSettings>;
  readonly #executablePath: () => string;
  #running: RunningBrowser | null = null;
  #active = 0;
  readonly #queue: Waiter[] = [];
  readonly #counts = { launches: 0, refusedQueueFull: 0, refusedQueueTimeout: 0, timedOut: 0 };
  /** Moving average of a print's duration, for Retry-After. */
  #averageMs = 2_000;

  constructor(settings: Partial<PdfSettings> = {}, executablePath: () => string = chromiumPath) {
    this.settings = { ...PDF_DEFAULTS, ...settings };
    if (this.settings.maxConcurrent < 1) throw new Error('maxConcurrent must be at least 1');
    this.#executablePath = executablePath;
  }

  stats(): PdfRendererStats {
    return { ...this.#counts, active: this.#active, queued: this.#queue.length, maxConcurrent: this.settings.maxConcurrent, maxQueue: this.settings.maxQueue };
  }

  /** The browser contexts Chromium holds now, as Playwright sees them (0 when no browser runs). */
  async openContexts(): Promise<number> {
    const running = this.#running;
    if (!running) return 0;
    const browser = await running.browser.catch(() => null);
    return browser?.isConnected() ? browser.contexts().length : 0;
  }

  /** Prints a complete HTML document (with its own inline CSS) to a tagged PDF with an outline. */
  async render(html: string, options: PdfOptions = {}): Promise<Buffer> {
    await this.#acquire();
    try {
      let running = await this.#browser();
      const started = performance.now();
      let pdf: Buffer;
      try {
        pdf = await this.#print(running, html, options);
      } catch (error) {
        // Chromium crashed or went away under this print (not our own close, not a time limit):
        // print it once more on a new browser.
        if (error instanceof PdfOverloadError || running.closing || !(await this.#disconnects(running))) throw error;
        this.#forget(running);
        running = await this.#browser();
        pdf = await this.#print(running, html, options);
      }
      this.#averageMs = 0.8 * this.#averageMs + 0.2 * (performance.now() - started);
      return pdf;
    } finally {
      this.#release();
    }
  }

  /** Closes the browser (in-flight prints fail); the next PDF launches a new one. */
  async close(): Promise<void> {
    const running = this.#running;
    this.#running = null;
    if (!running) return;
    running.closing = true;
    try {
      await (await running.browser).close();
    } catch {
      /* never started, or already gone */
    }
  }

  async #print(running: RunningBrowser, html: string, options: PdfOptions): Promise<Buffer> {
    const browser = await running.browser;
    const limit = options.timeoutMs ?? this.settings.renderTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PdfTimeoutError(`the PDF took longer than ${limit} ms and was cut off`, this.#retryAfter(0))), limit);
    });
    const opening = browser.newContext({ javaScriptEnabled: false, offline: true });
    const work = (async () => {
      const page = await (await opening).newPage();
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load', timeout: 0 });
      await page.emulateMedia({ media: 'print' });
      return page.pdf({
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
    })();
    work.catch(() => {}); // after a time limit it fails when its context is closed below
    try {
      return await Promise.race([work, timeout]);
    } catch (error) {
      if (error instanceof PdfTimeoutError) this.#counts.timedOut++;
      throw error;
    } finally {
      clearTimeout(timer);
      // Closing the context ends whatever it is still doing (a cut-off print) and frees its renderer.
      // One Chromium cannot open or close within CLOSE_TIMEOUT_MS is stuck: the next PDF gets a new one.
      const closed = await Promise.race([
        opening.then(
          (context) => context.close().then(() => true, () => true),
          () => true,
        ),
        delay(CLOSE_TIMEOUT_MS).then(() => false),
      ]);
      if (!closed && this.#running === running) void this.close();
    }
  }

  #browser(): Promise<RunningBrowser> {
    if (!this.#running) {
      const executablePath = this.#executablePath();
      try {
        fs.accessSync(executablePath, fs.constants.X_OK);
      } catch {
        return Promise.reject(new PdfUnavailableError(`Chromium is not installed at ${executablePath}`));
      }
      const running: RunningBrowser = {
        closing: false,
        browser: import('playwright-core').then(({ chromium }) =>
          chromium.launch({
            executablePath,
            args: LAUNCH_ARGS,
            timeout: LAUNCH_TIMEOUT_MS,
            // The server's shutdown closes it (closePdfBrowser); Playwright must not exit the process on a signal.
            handleSIGINT: false,
            handleSIGTERM: false,
            handleSIGHUP: false,
          }),
        ),
      };
      this.#counts.launches++;
      this.#running = running;
      running.browser.then(
        (browser) => browser.on('disconnected', () => this.#forget(running)),
        () => this.#forget(running),
      );
    }
    const running = this.#running;
    return running.browser.then(() => running);
  }

  /** Drops a browser that crashed or disconnected, so that the next PDF launches a new one. */
  #forget(running: RunningBrowser) {
    if (this.#running === running) this.#running = null;
  }

  /** True when the browser has disconnected, or does so within a second (a crash is noticed a moment after the print fails). */
  async #disconnects(running: RunningBrowser): Promise<boolean> {
    const browser = await running.browser.catch(() => null);
    if (!browser?.isConnected()) return true;
    const gone = new Promise<boolean>((resolve) => browser.once('disconnected', () => resolve(true)));
    return Promise.race([gone, delay(1_000).then(() => !browser.isConnected())]);
  }

  #acquire(): Promise<void> {
    if (this.#active < this.settings.maxConcurrent) {
      this.#active++;
      return Promise.resolve();
    }
    const { maxQueue, queueTimeoutMs } = this.settings;
    if (this.#queue.length >= maxQueue) {
      this.#counts.refusedQueueFull++;
      return Promise.reject(
        new PdfBusyError('queue_full', `all ${this.settings.maxConcurrent} PDF pages are printing and ${maxQueue} requests are waiting`, this.#retryAfter(this.#queue.length)),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          const index = this.#queue.indexOf(waiter);
          if (index === -1) return;
          this.#queue.splice(index, 1);
          this.#counts.refusedQueueTimeout++;
          reject(new PdfBusyError('queue_timeout', `no PDF page came free within ${queueTimeoutMs} ms`, this.#retryAfter(this.#queue.length)));
        }, queueTimeoutMs),
      };
      this.#queue.push(waiter);
    });
  }

  #release() {
    const next = this.#queue.shift();
    if (next) {
      // The page passes straight to the next in line: `active` stays the same.
      clearTimeout(next.timer);
      next.resolve();
    } else {
      this.#active--;
    }
  }

  /** Seconds until a page is likely free for a request that now finds `ahead` others waiting. */
  #retryAfter(ahead: number) {
    const seconds = Math.ceil(((ahead / this.settings.maxConcurrent + 1) * this.#averageMs) / 1000);
    return Math.min(Math.max(seconds, 1), 120);
  }
}

const holder = globalThis as typeof globalThis & { __ipceiPdfRenderer?: PdfRenderer };

/** The process's renderer, made on first use with the settings of the environment (PDF_*). */
function processRenderer(): PdfRenderer {
  holder.__ipceiPdfRenderer ??= new PdfRenderer(pdfSettings());
  return holder.__ipceiPdfRenderer;
}

/** Prints a complete HTML document (with its own inline CSS) to a tagged PDF with an outline, on the process's Chromium. */
export function htmlToPdf(html: string, options: PdfOptions = {}): Promise<Buffer> {
  return processRenderer().render(html, options);
}

/** Figures of the process's renderer (benchmarks, diagnostics). */
export function pdfBrowserStats(): PdfRendererStats {
  return processRenderer().stats();
}

/** Closes the process's Chromium, if one runs: on shutdown (the next PDF would launch a new one). */
export async function closePdfBrowser(): Promise<void> {
  await holder.__ipceiPdfRenderer?.close();
}

export function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
