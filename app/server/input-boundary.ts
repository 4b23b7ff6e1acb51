import type { ServerBuild } from '@remix-run/node';
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { createTranslator, type TranslationKey } from '#app/i18n/index';
import { MAX_ATTACHMENT_BYTES } from '#app/rules/limits';
import { logger } from '#app/utils/logger.server';
import { resolveLocale } from '#app/utils/locale.server';

/**
 * The one input boundary in front of every route (issue 14: hostile input never reaches a 500).
 *
 * 1. Before a body is read (Express, `inputBoundary()`): a state-changing request must declare its
 *    length (411 otherwise; Node then reads no more than that), stay within the limit of its kind of
 *    route (413, refused from the header, the body is never read), and be a form: URL-encoded, or
 *    multipart with a valid boundary (415 / 400). The same check runs again inside the action
 *    wrapper, so a direct call (tests) meets it too.
 * 2. Around every route's loader and action (`withInputBoundary(build)`, applied to the server
 *    build): an action's form body must be readable (400 instead of `request.formData()` throwing),
 *    and a database refusal of a value (SQLSTATE class 22, data exception — NUL in text, integer out of
 *    range, malformed uuid — or a check/not-null constraint) is a 4xx with a message, never a 500.
 *    The transaction it happened in has rolled back, so nothing was saved. Such a hit is logged as a
 *    warning: it means a form schema let something through that it should name itself.
 *
 * New routes get both by default: the limits go by URL, the wrapper by the build's route table.
 */

const MiB = 1024 * 1024;

/** An ordinary form post. The largest legitimate ones (a 1,000-line cost part, 200 risks with full texts) stay well below. */
export const FORM_BODY_LIMIT = 2 * MiB;

/**
 * Routes that take a file, with their own limit: the file's own limit (enforced by the route) plus a
 * margin for the multipart framing and the other fields. `streams`: the route parses the multipart
 * body itself while streaming, so the wrapper must not read it first.
 */
export const UPLOAD_ROUTES: { pattern: RegExp; limit: number; streams: boolean }[] = [
  // Report attachments (MAX_ATTACHMENT_BYTES).
  { pattern: /^\/projecten\/[^/]+\/rapporten\/[^/]+\/bijlagen$/, limit: MAX_ATTACHMENT_BYTES + MiB, streams: true },
  // A partner's cost import (MAX_COST_IMPORT_BYTES = 5 MiB, app/report/sections/cost-import.server.ts).
  { pattern: /^\/projecten\/[^/]+\/rapporten\/[^/]+\/kosten\/[^/]+\/importeren$/, limit: 5 * MiB + MiB, streams: true },
  // The administrator's budget and milestone import on the project page (MAX_IMPORT_BYTES = 2 MiB, app/models/import.server.ts).
  { pattern: /^\/beheer\/projecten\/[^/]+$/, limit: 2 * MiB + MiB, streams: false },
];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);
/** RFC 2046: 1–70 characters of bchars, not ending in a space. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

/** The route kind of a URL path (single-fetch `.data` requests belong to their page). */
export function bodyRule(pathname: string): { limit: number; streams: boolean } {
  const path = pathname.replace(/\.data$/, '').replace(/(.)\/+$/, '$1');
  const upload = UPLOAD_ROUTES.find((u) => u.pattern.test(path));
  return upload ? { limit: upload.limit, streams: upload.streams } : { limit: FORM_BODY_LIMIT, streams: false };
}

export interface BodyRefusal {
  status: 400 | 411 | 413 | 415;
  messageKey: TranslationKey;
}

/** The parts of a request this check reads; from Express or from a Web Request. */
export interface DeclaredBody {
  method: string;
  pathname: string;
  contentType: string | null;
  contentLength: string | null;
  transferEncoding: string | null;
}

/** The media type and boundary of a Content-Type header (parameters case-insensitive, value maybe quoted). */
function mediaType(header: string) {
  const [type = '', ...parameters] = header.split(';');
  let boundary: string | null = null;
  for (const parameter of parameters) {
    const match = /^\s*([A-Za-z-]+)\s*=\s*(?:"([^"]*)"|([^\s";]*))\s*$/.exec(parameter);
    if (match && match[1]!.toLowerCase() === 'boundary') boundary = match[2] ?? match[3] ?? '';
  }
  return { type: type.trim().toLowerCase(), boundary };
}

/** What is wrong with a request's declared body before any of it is read, or null. */
export function refuseDeclaredBody(body: DeclaredBody): BodyRefusal | null {
  if (SAFE_METHODS.has(body.method.toUpperCase())) return null;
  const length = body.contentLength?.trim() ?? null;
  const hasBody = (length !== null && length !== '0') || body.transferEncoding !== null;
  if (!hasBody) return null;
  // Without a declared length a body could be any size; browsers always declare it for forms.
  if (length === null) return { status: 411, messageKey: 'errors.request.lengthRequired' };
  if (!/^[0-9]{1,15}$/.test(length)) return { status: 400, messageKey: 'errors.request.malformed' };
  if (Number(length) > bodyRule(body.pathname).limit) return { status: 413, messageKey: 'errors.request.tooLarge' };
  const { type, boundary } = mediaType(body.contentType ?? '');
  if (!FORM_TYPES.has(type)) return { status: 415, messageKey: 'errors.request.unsupportedType' };
  if (type === 'multipart/form-data' && (boundary === null || !BOUNDARY.test(boundary))) return { status: 400, messageKey: 'errors.request.malformed' };
  return null;
}

function declaredBodyOf(request: Request): DeclaredBody {
  return {
    method: request.method,
    pathname: new URL(request.url).pathname,
    contentType: request.headers.get('content-type'),
    contentLength: request.headers.get('content-length'),
    transferEncoding: request.headers.get('transfer-encoding'),
  };
}

/** A refusal as the pages read them: JSON `{ messageKey }` (as app/report/context.server's `refusal`). */
export function inputRefusal(status: number, messageKey: TranslationKey): Response {
  return new Response(JSON.stringify({ messageKey }), { status, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}

/**
 * Express: refuses a body a route cannot read before it is read (replaces the earlier
 * `formBodiesOnly`). The answer is one translated sentence; after a 411 or 413 the connection is
 * closed, so the rest of the body is never received.
 */
export function inputBoundary() {
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const refused = refuseDeclaredBody({
      method: req.method,
      pathname: req.path,
      contentType: req.get('content-type') ?? null,
      contentLength: req.get('content-length') ?? null,
      transferEncoding: req.get('transfer-encoding') ?? null,
    });
    if (!refused) return next();
    const cookie = req.get('cookie');
    const locale = resolveLocale(new Request('http://localhost/', { headers: cookie ? { cookie } : {} }), null);
    if (refused.status === 411 || refused.status === 413) res.set('Connection', 'close');
    res.status(refused.status).type('text/plain').send(createTranslator(locale).t(refused.messageKey));
  };
}

/** Where a value the database refused is reported (the fuzz test counts them; production logs them). */
type InputErrorListener = (event: { kind: 'loader' | 'action'; url: string; sqlState: string; constraint?: string }) => void;
let inputErrorListener: InputErrorListener = (event) => logger.warn(event, 'input refused by the database, not by a form schema');
export function onInputError(listener: InputErrorListener): () => void {
  const previous = inputErrorListener;
  inputErrorListener = listener;
  return () => void (inputErrorListener = previous);
}

/** SQLSTATE and constraint of a PostgreSQL error on both drivers (possibly wrapped in `cause`). */
function sqlStateOf(error: unknown): { code: string; constraint?: string } | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const e = current as { code?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
      const constraint = typeof e.constraint === 'string' ? e.constraint : typeof e.constraint_name === 'string' ? e.constraint_name : undefined;
      return { code: e.code, constraint };
    }
    current = e.cause;
  }
  return null;
}

/** A database refusal of an input value as a 4xx, or null for every other error (those stay 500s). */
export function inputErrorResponse(error: unknown, kind: 'loader' | 'action', url: string): Response | null {
  const state = sqlStateOf(error);
  if (!state) return null;
  // 22: data exception (22021 NUL / bad encoding, 22003 out of range, 22P02 malformed uuid or number, 22007/22008 dates);
  // 23514 check, 23502 not null: a value the schema should have refused.
  const valueError = state.code.startsWith('22') || state.code === '23514' || state.code === '23502';
  if (!valueError) return null;
  inputErrorListener({ kind, url, sqlState: state.code, ...(state.constraint ? { constraint: state.constraint } : {}) });
  if (kind === 'loader') return state.code === '22P02' ? new Response('Not Found', { status: 404 }) : inputRefusal(400, 'errors.request.invalidValue');
  if (state.code === '22021' || state.code === '22P05') return inputRefusal(400, 'errors.form.controlCharacter');
  return inputRefusal(400, 'errors.request.invalidValue');
}

/** Throws the refusal for an action's body that cannot be read as a form (before the action reads it). */
export async function assertReadableForm(request: Request): Promise<void> {
  const declared = declaredBodyOf(request);
  const refused = refuseDeclaredBody(declared);
  if (refused) throw inputRefusal(refused.status, refused.messageKey);
  if (SAFE_METHODS.has(request.method.toUpperCase()) || !request.body) return;
  const { type } = mediaType(declared.contentType ?? '');
  // An upload route streams its own multipart body; every other body is small enough to read twice.
  if (type === 'multipart/form-data' && bodyRule(declared.pathname).streams) return;
  try {
    await request.clone().formData();
  } catch {
    throw inputRefusal(400, 'errors.request.malformed');
  }
}

/** A Content-Disposition value's parameters, read properly (quoted strings may hold `;`, `=` and `\"`). */
function dispositionParameters(value: string): [string, string][] | null {
  const out: [string, string][] = [];
  const pattern = /;\s*([A-Za-z0-9!#$&+.^_`|~*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s"]*))\s*/gy;
  const head = /^\s*form-data\s*/i.exec(value);
  if (!head) return null;
  pattern.lastIndex = head[0].length;
  while (pattern.lastIndex < value.length) {
    const match = pattern.exec(value);
    if (!match) return null;
    out.push([match[1]!.toLowerCase(), match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!]);
  }
  return out;
}

/** `;`, `=`, `"`, `\` and `%` of a file or field name as percent escapes (read back by cleanFilename). */
const escapeName = (name: string) =>
  // Browsers send `"` and line breaks in a file name as %22, %0D, %0A (HTML's form encoding): read those first.
  name.replace(/%(22|0D|0A)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/[%;="\\\r\n]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

/**
 * The upload parser of Remix splits a part's Content-Disposition on every `;` and `=`, so a file
 * named `Rapport; versie=2.pdf` (which browsers send as is) made it throw — a 500. The part headers
 * of an upload are rewritten here with those characters escaped (the routes' `cleanFilename` reads
 * them back); the file bytes are not touched. The body was bounded by its declared length already.
 */
export async function normaliseUploadHeaders(request: Request, boundary: string): Promise<Request> {
  const body = Buffer.from(await request.arrayBuffer());
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const next = Buffer.from(`\r\n--${boundary}`, 'latin1');
  const out: Buffer[] = [];
  let position = 0;
  let at = body.indexOf(delimiter);
  while (at !== -1 && body[at + delimiter.length] !== 0x2d) {
    const headersStart = at + delimiter.length + 2;
    const headersEnd = body.indexOf('\r\n\r\n', headersStart, 'latin1');
    if (headersEnd === -1) break;
    const lines = body.toString('utf8', headersStart, headersEnd).split('\r\n');
    const rewritten = lines.map((line) => {
      const colon = line.indexOf(':');
      if (colon === -1 || line.slice(0, colon).trim().toLowerCase() !== 'content-disposition') return line;
      const parameters = dispositionParameters(line.slice(colon + 1));
      if (!parameters) throw inputRefusal(400, 'errors.request.malformed');
      const kept = parameters.filter(([key]) => key === 'name' || key === 'filename');
      return `Content-Disposition: form-data${kept.map(([key, value]) => `; ${key}="${escapeName(value)}"`).join('')}`;
    });
    out.push(body.subarray(position, headersStart), Buffer.from(rewritten.join('\r\n'), 'utf8'));
    position = headersEnd;
    at = body.indexOf(next, headersEnd);
    if (at !== -1) at += 2;
  }
  out.push(body.subarray(position));
  const rewrittenBody = Buffer.concat(out);
  const headers = new Headers(request.headers);
  headers.set('content-length', String(rewrittenBody.byteLength));
  return new Request(request.url, { method: request.method, headers, body: rewrittenBody, signal: request.signal });
}

type DataFunction = (args: { request: Request; params: Record<string, string | undefined>; context: unknown }) => unknown;

function guard(fn: DataFunction, kind: 'loader' | 'action'): DataFunction {
  return async (args) => {
    if (kind === 'action') {
      await assertReadableForm(args.request);
      const { type, boundary } = mediaType(args.request.headers.get('content-type') ?? '');
      if (type === 'multipart/form-data' && boundary && args.request.body && bodyRule(new URL(args.request.url).pathname).streams) {
        args = { ...args, request: await normaliseUploadHeaders(args.request, boundary) };
      }
    }
    try {
      return await fn(args);
    } catch (error) {
      if (error instanceof Response) throw error;
      throw inputErrorResponse(error, kind, new URL(args.request.url).pathname) ?? error;
    }
  };
}

/** A route module with its loader and action behind the boundary (everything else as it was). */
export function guardRouteModule<M extends object>(module: M): M {
  const m = module as { loader?: DataFunction; action?: DataFunction };
  return { ...module, ...(m.loader ? { loader: guard(m.loader, 'loader') } : {}), ...(m.action ? { action: guard(m.action, 'action') } : {}) } as M;
}

const guarded = new WeakMap<ServerBuild, ServerBuild>();

/** The server build with every route's loader and action behind the boundary. */
export function withInputBoundary(build: ServerBuild): ServerBuild {
  const cached = guarded.get(build);
  if (cached) return cached;
  const routes: ServerBuild['routes'] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    if (route) routes[id] = { ...route, module: guardRouteModule(route.module) };
  }
  const result = { ...build, routes };
  guarded.set(build, result);
  return result;
}
