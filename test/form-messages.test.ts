/**
 * Every message a form schema can produce is a translation key: an untranslated or empty message
 * in the error summary ("Fout:" alone, a link without words) cannot happen. The test imports every
 * module under app/ that uses zod, takes each exported schema (and each exported schema factory,
 * called for both languages), feeds it the inputs a browser — or someone hostile — can send as a
 * form (fields missing, empty, text where a list belongs, a list where text belongs, odd values)
 * and collects every message zod gives back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issuesToFieldErrors } from '#app/components/form/parse';
import { nl } from '#app/i18n/messages/index';

const ROOT = path.resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    // export-schema.server.ts describes the JSON the exports write (output, not a form).
    if (entry.name === 'export-schema.server.ts') return [];
    return /\.(ts|tsx)$/.test(entry.name) && /from 'zod'/.test(fs.readFileSync(full, 'utf8')) ? [full] : [];
  });
}

/** Form-like inputs for a schema: every field missing, empty, nonsense, a list, an object. */
function inputsFor(schema: z.ZodTypeAny): unknown[] {
  const keys = new Set<string>();
  const collect = (s: z.ZodTypeAny): void => {
    const def = s._def as { typeName?: string; schema?: z.ZodTypeAny; innerType?: z.ZodTypeAny; in?: z.ZodTypeAny; left?: z.ZodTypeAny; right?: z.ZodTypeAny };
    if (s instanceof z.ZodObject) for (const k of Object.keys(s.shape as object)) keys.add(k);
    for (const inner of [def.schema, def.innerType, def.in, def.left, def.right]) if (inner) collect(inner);
  };
  collect(schema);
  const odd = ['', ' ', 'x', '-1', '1.2.3', '99999999999999999999', '<script>', 'on'];
  // parseForm always hands a schema an object (formToObject), so the inputs are objects.
  const inputs: unknown[] = [{}];
  for (const value of [...odd, ['x'], [{}], { a: 'x' }]) inputs.push(Object.fromEntries([...keys].map((k) => [k, value])));
  for (const k of keys) for (const value of [...odd, ['x'], [{ x: 'y' }], { a: 'x' }]) inputs.push({ [k]: value });
  // Rows of lists with every field odd (cost lines, milestones, risks…).
  inputs.push(Object.fromEntries([...keys].map((k) => [k, [Object.fromEntries(['id', 'category', 'amount', 'hours', 'status', 'type', 'reach', 'url', 'date', 'plannedDate', 'achievedDate', 'forecastDate', 'description', 'likelihood', 'impact', 'mitigation', 'title', 'activityDate', 'audience', 'narrative'].map((f) => [f, 'x']))]])));
  inputs.push({ complete: 'on', version: '0' }, { version: 'x' }, { version: '-1' });
  return inputs;
}

/** A form schema reads an object of fields (possibly refined or transformed): others (z.custom over a snapshot) are not forms. */
function isFormSchema(schema: z.ZodTypeAny): boolean {
  const def = schema._def as { schema?: z.ZodTypeAny; innerType?: z.ZodTypeAny; in?: z.ZodTypeAny };
  if (schema instanceof z.ZodObject) return true;
  const inner = def.schema ?? def.innerType ?? def.in;
  return inner ? isFormSchema(inner) : false;
}

async function schemasOf(file: string): Promise<Array<{ name: string; schema: z.ZodTypeAny }>> {
  const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
  const found: Array<{ name: string; schema: z.ZodTypeAny }> = [];
  for (const [name, value] of Object.entries(mod)) {
    if (value instanceof z.ZodType) {
      if (isFormSchema(value)) found.push({ name, schema: value });
    }
    else if (typeof value === 'function' && /schema$/i.test(name)) {
      for (const locale of ['nl', 'en']) {
        try {
          const made = (value as (...args: unknown[]) => unknown)(locale, { hourlyRateCents: 10_000, budgetCents: { personnel: 0, equipment: 0, materials: 0, third_party: 0, other: 0 } });
          if (made instanceof z.ZodType && isFormSchema(made)) found.push({ name: `${name}(${locale})`, schema: made });
        } catch {
          // a factory with other parameters: its schema is covered where it is used
        }
      }
    }
  }
  return found;
}

describe('form schema messages', () => {
  it('the check itself catches a message that is not a translation key', async () => {
    const bad = z.object({ count: z.coerce.number().int() });
    const messages = (await bad.safeParseAsync({ count: 'x' })).error!.issues.map((i) => i.message);
    expect(messages.some((m) => !Object.hasOwn(nl, m))).toBe(true);
  });

  it('the form system never shows a message that is not a key, even for a schema that has one', () => {
    const errors = issuesToFieldErrors([{ code: 'custom', path: ['count'], message: 'Expected number, received nan' }]);
    expect(Object.hasOwn(nl, errors.count!)).toBe(true);
  });

  it('every message of every schema in app/ is a translation key', async () => {
    const files = sourceFiles(path.join(ROOT, 'app'));
    expect(files.length).toBeGreaterThan(5);
    const problems: string[] = [];
    let schemas = 0;
    for (const file of files) {
      for (const { name, schema } of await schemasOf(file)) {
        schemas++;
        for (const input of inputsFor(schema)) {
          const result = await schema.safeParseAsync(input);
          if (result.success) continue;
          for (const issue of result.error.issues) {
            if (!Object.hasOwn(nl, issue.message)) problems.push(`${path.relative(ROOT, file)} ${name} ${issue.path.join('.') || '(form)'}: ${JSON.stringify(issue.message)} for ${JSON.stringify(input)?.slice(0, 80)}`);
          }
        }
      }
    }
    expect(schemas).toBeGreaterThan(20);
    expect([...new Set(problems.map((p) => p.replace(/ for .*$/, '')))], problems.slice(0, 5).join('\n')).toEqual([]);
  });
});
