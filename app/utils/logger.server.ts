import { pino, stdTimeFunctions, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * Structured application logs (JSON lines on stdout) with pino. Every HTTP request gets a child
 * logger carrying its request id (the same id the error page shows and the audit log stores).
 *
 * Never logged: passwords, MFA codes and secrets, recovery codes, session tokens, cookies,
 * Authorization headers (ASVS 5.0 V16.2.5, BIO2 8.15). The redaction below removes them wherever
 * they appear in a logged object, and `safeUrl` drops query strings (they may carry tokens).
 */
export const REDACT_PATHS = [
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'code',
  'recoveryCode',
  'totpSecret',
  'secret',
  'token',
  'sessionId',
  'idHash',
  'cookie',
  'authorization',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.passwordHash',
  '*.code',
  '*.recoveryCode',
  '*.totpSecret',
  '*.secret',
  '*.token',
  '*.sessionId',
  '*.idHash',
  '*.cookie',
  '*.authorization',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  'headers["set-cookie"]',
];

function level() {
  if (process.env.LOG_LEVEL) return process.env.LOG_LEVEL;
  if (process.env.VITEST) return 'silent';
  return 'info';
}

export function createLogger(destination?: DestinationStream, options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: level(),
      base: { service: 'ipcei-portal' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: stdTimeFunctions.isoTime,
      ...options,
    },
    destination,
  );
}

/** The process-wide logger. */
export let logger: Logger = createLogger();

/** Tests swap in a logger writing to memory. */
export function setLogger(next: Logger) {
  const previous = logger;
  logger = next;
  return previous;
}

/** A request's path without its query string (which may hold tokens or personal data). */
export function safeUrl(url: string) {
  const index = url.indexOf('?');
  return index < 0 ? url : `${url.slice(0, index)}?…`;
}

interface RequestLike {
  method: string;
  originalUrl?: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}
interface ResponseLike {
  statusCode: number;
  on(event: 'finish' | 'close', listener: () => void): unknown;
}

/**
 * Express middleware: one line per request when it ends (method, path without query, status,
 * duration, request id). Runs after the middleware that assigns the request id.
 */
export function requestLogger() {
  return (req: RequestLike, res: ResponseLike, next: () => void) => {
    const started = process.hrtime.bigint();
    const requestId = String(req.headers['x-request-id'] ?? '');
    let done = false;
    const finish = (aborted: boolean) => {
      if (done) return;
      done = true;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const status = res.statusCode;
      const line = { requestId, method: req.method, path: safeUrl(req.originalUrl ?? req.url), status, ms: Math.round(ms * 10) / 10, aborted };
      if (status >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request');
    };
    res.on('finish', () => finish(false));
    res.on('close', () => finish(true));
    next();
  };
}

/**
 * postgres.js 3.4.x can throw from a timer (`connection.js` nextWrite on a socket that is already
 * gone) when the server terminates connections under load: an uncaught exception that would stop
 * the whole portal although the pool reconnects by itself. Only that error is logged and survived;
 * anything else still stops the process (after logging it), as Node would by default.
 */
export function isDriverSocketRace(error: unknown) {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  return error instanceof TypeError && /postgres[\\/]src[\\/]connection\.js/.test(stack) && /reading '(write|end|destroy)'/.test(error.message);
}

export function installCrashGuard() {
  process.on('uncaughtException', (error) => {
    if (isDriverSocketRace(error)) {
      logger.error({ err: error }, 'database driver error after a lost connection; the pool reconnects');
      return;
    }
    logger.fatal({ err: error }, 'uncaught exception');
    console.error(error);
    process.exit(1);
  });
}
