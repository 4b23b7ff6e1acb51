/**
 * The input boundary (app/server/input-boundary.ts) on its own: body limits and content types in
 * front of the routes (a real Express server on loopback), the action wrapper, upload file names,
 * the path-parameter helpers, the schema blocks and the administration's constraint mapper.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from '@remix-run/node';
import { z } from 'zod';
import { csrfGuard } from '#app/server/middleware';
import { bodyRule, FORM_BODY_LIMIT, guardRouteModule, inputBoundary, normaliseUploadHeaders, refuseDeclaredBody, withInputBoundary } from '#app/server/input-boundary';
import { parseConfig } from '#app/utils/config.server';
import { checkParams, codeParam, uuidParam, yearParam } from '#app/utils/params.server';
import { parseForm } from '#app/components/form/parse';
import { requiredText, text, version } from '#app/components/form/schema';
import { cleanFilename, contentDisposition } from '#app/models/report-attachments.server';
import { constraintMessage, translateProgrammeDbError } from '#app/models/admin-programme.server';
import { MAX_ATTACHMENT_BYTES } from '#app/rules/limits';
import { MAX_IMPORT_BYTES } from '#app/models/import.server';
import { MAX_COST_IMPORT_BYTES } from '#app/report/sections/cost-import.server';
import { nl } from '#app/i18n/messages/index';

let bytesHandled = 0;
const app = express();
app.use(csrfGuard(parseConfig({ APP_MODE: 'demo' })));
app.use(inputBoundary());
app.all('*', (req, res) => {
  // Stands in for the Remix handler: reads the whole body, so a refused one must never get here.
  let n = 0;
  req.on('data', (c: Buffer) => (n += c.length));
  req.on('end', () => {
    bytesHandled += n;
    res.status(200).type('text/plain').send(`read ${n}`);
  });
});
const server = app.listen(0, '127.0.0.1');
let port = 0;
beforeAll(async () => {
  await new Promise((r) => (server.listening ? r(null) : server.once('listening', r)));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => void server.close());

function send(path: string, headers: Record<string, string>, body?: string) {
  return fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers, body });
}

describe('before a body is read (Express)', () => {
  it('refuses a 100 MB form body to /inloggen with 413 without reading it', async () => {
    const declared = 100 * 1024 * 1024;
    global.gc?.();
    const before = process.memoryUsage().rss;
    const handledBefore = bytesHandled;
    const result = await new Promise<{ status: number; text: string; written: number }>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, path: '/inloggen', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(declared) } });
      let written = 0;
      let done = false;
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      const pump = () => {
        while (!done && written < declared) {
          written += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', pump);
        }
      };
      request.on('response', (response) => {
        done = true;
        let text = '';
        response.on('data', (c: Buffer) => (text += c.toString()));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, text, written });
          request.destroy();
        });
      });
      request.on('error', (error) => (done ? undefined : reject(error)));
      pump();
    });
    const growth = process.memoryUsage().rss - before;
    console.log(`[input-boundary] 100 MB body to /inloggen: ${result.status}, ${Math.round(result.written / 1024 / 1024)} MB written by the client before the answer, rss growth ${(growth / 1024 / 1024).toFixed(1)} MB`);
    expect(result.status).toBe(413);
    expect(result.text).toBe(nl['errors.request.tooLarge']);
    expect(bytesHandled).toBe(handledBefore);
    expect(growth).toBeLessThan(30 * 1024 * 1024);
  });

  it('refuses a body of undeclared length (chunked) with 411', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, path: '/inloggen', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' } });
      request.on('response', (r) => {
        resolve(r.statusCode ?? 0);
        r.resume();
      });
      request.on('error', reject);
      request.write('email=a');
      request.end();
    });
    expect(status).toBe(411);
  });

  it.each([
    ['text/plain', 'email=a', 415, 'errors.request.unsupportedType'],
    ['application/json', '{"email":"a"}', 415, 'errors.request.unsupportedType'],
    ['multipart/form-data', '--x--\r\n', 400, 'errors.request.malformed'],
    ['multipart/form-data; boundary=', '--x--\r\n', 400, 'errors.request.malformed'],
  ] as const)('refuses %s with %i and a translated message', async (type, body, status, key) => {
    const response = await send('/inloggen', { 'content-type': type }, body);
    expect(response.status).toBe(status);
    expect(await response.text()).toBe(nl[key]);
  });

  it('answers in English when the page language is English', async () => {
    const response = await send('/inloggen', { 'content-type': 'application/json', cookie: 'lang=en' }, '{}');
    expect(await response.text()).toBe('This address only accepts forms. Use the form on the page.');
  });

  it('lets forms through: URL-encoded, multipart with a boundary, an upload within its own limit, and an empty POST', async () => {
    expect((await send('/inloggen', { 'content-type': 'application/x-www-form-urlencoded' }, 'email=a')).status).toBe(200);
    expect((await send('/inloggen', { 'content-type': 'multipart/form-data; boundary="x y"' }, '--x y--\r\n')).status).toBe(200);
    expect((await send('/uitloggen', {})).status).toBe(200);
    const big = 'a'.repeat(FORM_BODY_LIMIT + 10);
    expect((await send('/projecten/ECOFED/rapporten/2025/voortgang', { 'content-type': 'application/x-www-form-urlencoded' }, big)).status).toBe(413);
    expect((await send('/projecten/ECOFED/rapporten/2025/bijlagen', { 'content-type': 'multipart/form-data; boundary=x' }, big)).status).toBe(200);
  });

  it('gives every upload route room for its file and no more than a margin', () => {
    expect(bodyRule('/projecten/ECOFED/rapporten/2025/bijlagen').limit).toBeGreaterThan(MAX_ATTACHMENT_BYTES + 64 * 1024);
    expect(bodyRule('/projecten/ECOFED/rapporten/2025/bijlagen.data').limit).toBe(bodyRule('/projecten/ECOFED/rapporten/2025/bijlagen').limit);
    expect(bodyRule('/projecten/ECOFED/rapporten/2025/kosten/x/importeren').limit).toBeGreaterThan(MAX_COST_IMPORT_BYTES + 64 * 1024);
    expect(bodyRule('/beheer/projecten/ECOFED').limit).toBeGreaterThan(MAX_IMPORT_BYTES + 64 * 1024);
    for (const p of ['/projecten/ECOFED/rapporten/2025/bijlagen', '/projecten/ECOFED/rapporten/2025/kosten/x/importeren', '/beheer/projecten/ECOFED']) {
      expect(bodyRule(p).limit).toBeLessThan(MAX_ATTACHMENT_BYTES + 2 * 1024 * 1024);
    }
    // A 1,000-line cost part (six fields a line) fits the ordinary limit with room to spare.
    const lines = Array.from({ length: 1000 }, (_, i) => ['category', 'description', 'amount', 'employeeRef', 'hours', 'annualWage'].map((f) => `lines.${i}.${f}=${encodeURIComponent(f === 'description' ? 'Inhuur cloud-engineer, sprint 14 (externe partij)' : '123.456,78')}`).join('&')).join('&');
    expect(lines.length).toBeLessThan(FORM_BODY_LIMIT / 2);
    expect(refuseDeclaredBody({ method: 'POST', pathname: '/x', contentType: 'application/x-www-form-urlencoded', contentLength: '12abc', transferEncoding: null })?.status).toBe(400);
  });
});

describe('around every loader and action (the build wrapper)', () => {
  type Fn = (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<unknown>;
  const echo = guardRouteModule<{ action: Fn; loader: Fn }>({
    action: async ({ request }: { request: Request }) => Object.fromEntries(await request.formData()),
    loader: async () => {
      throw Object.assign(new Error('invalid input syntax for type uuid'), { code: '22P02' });
    },
  });
  const call = async (run: () => Promise<unknown>) => {
    try {
      return await run();
    } catch (error) {
      return error;
    }
  };
  it('refuses an unreadable form body with 400 and a message key, before the action reads it', async () => {
    const answer = (await call(() => echo.action({ request: new Request('http://x/a', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\nfoo\r\n' }), params: {}, context: {} }))) as Response;
    expect(answer).toBeInstanceOf(Response);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ messageKey: 'errors.request.malformed' });
  });
  it('turns a database refusal of a value into a 4xx (a malformed uuid in a loader: 404; NUL in an action: 400)', async () => {
    expect(((await call(() => echo.loader({ request: new Request('http://x/a'), params: {}, context: {} }))) as Response).status).toBe(404);
    const nul = guardRouteModule<{ action: Fn }>({
      action: async () => {
        throw Object.assign(new Error('wrapped'), { cause: { code: '22021', message: 'invalid byte sequence for encoding "UTF8": 0x00' } });
      },
    });
    const answer = (await call(() => nul.action({ request: new Request('http://x/a', { method: 'POST' }), params: {}, context: {} }))) as Response;
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ messageKey: 'errors.form.controlCharacter' });
  });
  it('leaves other errors alone (they stay 500s and are logged)', async () => {
    const bug = guardRouteModule<{ loader: Fn }>({
      loader: async () => {
        throw new TypeError('a bug');
      },
    });
    expect(await call(() => bug.loader({ request: new Request('http://x/a'), params: {}, context: {} }))).toBeInstanceOf(TypeError);
  });
  it('wraps every route of a build', () => {
    const action = async () => null;
    const build = { routes: { a: { id: 'a', path: 'a', module: { action, default: () => null } } } } as never;
    const wrapped = withInputBoundary(build) as unknown as { routes: { a: { module: { action: unknown; default: unknown } } } };
    expect(wrapped.routes.a.module.action).not.toBe(action);
    expect(typeof wrapped.routes.a.module.default).toBe('function');
    expect(withInputBoundary(build)).toBe(wrapped);
  });
});

describe('upload file names', () => {
  it.each(['Rapport; versie=2.pdf', 'a"b.pdf', "it's (1).pdf", '100%.pdf', 'naïve=ja;.pdf', 'x"; name="evil.pdf'])('reads %j intact through the upload parser and sends it back safely', async (name) => {
    const browserName = name.replace(/"/g, '%22');
    const body = `--x\r\nContent-Disposition: form-data; name="file"; filename="${browserName}"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 ;=\r\n--x--\r\n`;
    const request = await normaliseUploadHeaders(new Request('http://x/', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body }), 'x');
    const form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler());
    const file = form.get('file') as File;
    expect(await file.text()).toBe('%PDF-1.4 ;=');
    const stored = cleanFilename(file.name);
    expect(stored).toBe(name.replace(/"/g, '_'));
    const disposition = contentDisposition(stored);
    expect(() => new Headers({ 'content-disposition': disposition })).not.toThrow();
    const star = /filename\*=UTF-8''([^;\s]+)$/.exec(disposition)![1]!;
    expect(star).toMatch(/^[A-Za-z0-9!#$&+.^_`|~%-]+$/);
    expect(decodeURIComponent(star)).toBe(stored);
    expect(/filename="([^"]*)"/.exec(disposition)![1]).not.toMatch(/[;%\\]/);
  });
});

describe('path parameters', () => {
  const status = (run: () => unknown) => {
    try {
      run();
      return 200;
    } catch (error) {
      return error instanceof Response ? error.status : 500;
    }
  };
  it.each(['------------------------------------', 'gggggggg-gggg-gggg-gggg-gggggggggggg', "1' OR '1'='1", '', '00000000-0000-0000-0000-00000000000'])('a non-UUID %j is a 404', (value) => {
    expect(status(() => uuidParam({ reportId: value }, 'reportId'))).toBe(404);
  });
  it('reads good values and refuses bad years, codes and unknown parameter names', () => {
    expect(uuidParam({ id: '3F2504E0-4F89-41D3-9A0C-0305E82C3301' }, 'id')).toBe('3F2504E0-4F89-41D3-9A0C-0305E82C3301');
    expect(yearParam({ year: '2025' })).toBe(2025);
    expect(codeParam({ code: 'ECOFED' })).toBe('ECOFED');
    for (const year of ['99999', '1e3', '0x10', '-1', '1999', '2101', '２０２５']) expect(status(() => yearParam({ year }))).toBe(404);
    for (const code of ['ecofed', 'A', 'X'.repeat(21), "E' --"]) expect(status(() => codeParam({ code }))).toBe(404);
    expect(status(() => checkParams({ code: 'ECOFED', year: '2025', organisationId: 'x'.repeat(36) }))).toBe(404);
    expect(status(() => checkParams({ somethingNew: 'a' }))).toBe(404);
    expect(status(() => checkParams({ code: 'ECOFED', year: '2025', revision: '3', '*': 'a/b' }))).toBe(200);
  });
});

describe('schema blocks', () => {
  const schema = z.object({ note: text(100, 'errors.report.text.tooLongShort'), name: requiredText(100, 'errors.admin.name.required'), version, raw: z.string().optional() });
  it.each(['a\u0000b', '\u0007', '\u001b[31m', 'a\u000bb', '\u0085'])('refuses the control character in %j with its own message', async (value) => {
    const parsed = await parseForm({ note: value, name: value, version: '1' }, schema);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors).toMatchObject({ note: 'errors.form.controlCharacter', name: 'errors.form.controlCharacter' });
  });
  it('keeps tabs and newlines', async () => {
    const parsed = await parseForm({ note: 'a\tb\r\nc\nd', name: 'x', version: '0' }, schema);
    expect(parsed.ok).toBe(true);
  });
  it('covers fields not built from the blocks (parseForm)', async () => {
    const parsed = await parseForm({ name: 'x', version: '1', raw: 'a\u0000' }, schema);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors).toEqual({ raw: 'errors.form.controlCharacter' });
  });
  it.each(['9999999999999999999', '-1', '1e309', '0x10', '1e3', ' 5', '1.0', '2147483648', ''])('refuses the version %j with its message', async (value) => {
    const parsed = await parseForm({ name: 'x', version: value }, schema);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.version).toBe('errors.report.version');
  });
  it('reads a good version', async () => {
    const parsed = await parseForm({ name: 'x', version: '2147483647' }, schema);
    expect(parsed.ok && parsed.data.version).toBe(2147483647);
  });
});

describe("the administration's constraint mapper", () => {
  it('turns a check constraint into a field message (project_partners_rate_ck → the hourly rate)', () => {
    const error = Object.assign(new Error('Failed query'), { cause: { code: '23514', constraint: 'project_partners_rate_ck' } });
    expect(() => translateProgrammeDbError(error)).toThrow(expect.objectContaining({ messageKey: 'errors.admin.partner.hourlyRate', status: 400, field: 'hourlyRateEuros' }));
    expect(constraintMessage('programmes_productive_hours_ck')).toMatchObject({ field: 'productiveHoursPerYear', status: 400 });
    expect(constraintMessage('no_such_constraint')).toBeNull();
    expect(constraintMessage('constructor')).toBeNull();
  });
  it('rethrows what it does not know', () => {
    const error = new Error('connection lost');
    expect(() => translateProgrammeDbError(error)).toThrow(error);
  });
});
