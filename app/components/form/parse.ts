import type { z } from 'zod';
import { isTranslationKey } from '#app/i18n/index';
import type { FieldErrors } from './field';
import { CONTROL_CHARACTER, CONTROL_CHARACTER_MESSAGE } from './schema';

/**
 * Reading a submitted form, the same way in the browser and on the server. Field names may be flat
 * (`email`) or nested (`lines.2.amount` → `{ lines: [, , { amount }] }`: the shape react-hook-form
 * builds from the same names), so one zod schema reads both sides.
 */

const SEGMENT = /^[A-Za-z][A-Za-z0-9_-]*$/;
const INDEX = /^[0-9]{1,3}$/;

/**
 * Form entries → a plain object. Only numeric segments make arrays; holes are removed (a row the
 * browser did not send is no row). Names outside a safe alphabet are ignored, so nothing like
 * `__proto__` can be built (containers are fresh objects; an own `constructor` key is plain data). Files are left out (uploads are read from the FormData itself).
 */
export function formToObject(entries: Iterable<[string, FormDataEntryValue]>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of entries) {
    if (typeof value !== 'string') continue;
    const path = name.split('.');
    // Every segment starts with a letter (so `__proto__` is never one) or is a row index.
    if (!SEGMENT.test(path[0]!) || path.some((p) => !(SEGMENT.test(p) || INDEX.test(p)))) continue;
    let node: Record<string, unknown> = root;
    for (let i = 0; i < path.length; i++) {
      const key = path[i]!;
      if (i === path.length - 1) {
        node[key] = value;
      } else {
        const nextIsIndex = INDEX.test(path[i + 1]!);
        const existing = node[key];
        if (existing === undefined || typeof existing !== 'object' || Array.isArray(existing) !== nextIsIndex) node[key] = nextIsIndex ? [] : {};
        node = node[key] as Record<string, unknown>;
      }
    }
  }
  return compact(root) as Record<string, unknown>;
}

function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  return value;
}

/**
 * zod issues → `{ 'lines.2.amount': key }`. Schemas put translation keys in their messages
 * (test/form-messages.test.ts checks every one); should zod still produce one of its own English
 * messages, the field gets the general "check this field" message instead of an empty link.
 */
export function issuesToFieldErrors(issues: readonly z.ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const name = issue.path.join('.') || '_form';
    errors[name] ??= isTranslationKey(issue.message) ? issue.message : 'errors.form.invalidValue';
  }
  return errors;
}

export type Parsed<S extends z.ZodTypeAny> = { ok: true; data: z.infer<S>; raw: Record<string, unknown> } | { ok: false; errors: FieldErrors; raw: Record<string, unknown> };

/**
 * The one server parser: FormData (or an object already read from it) through the form's zod
 * schema — the same schema the browser used. `raw` is what the user sent, to show it again.
 */
export async function parseForm<S extends z.ZodTypeAny>(input: FormData | Record<string, unknown>, schema: S): Promise<Parsed<S>> {
  const raw = input instanceof FormData ? formToObject(input) : input;
  const control = controlCharacterErrors(raw);
  const result = await schema.safeParseAsync(raw);
  if (result.success && Object.keys(control).length === 0) return { ok: true, data: result.data, raw };
  return { ok: false, errors: { ...(result.success ? {} : issuesToFieldErrors(result.error.issues)), ...control }, raw };
}

/**
 * Every field (of any schema, built from the blocks of ./schema or not) that holds a control
 * character other than tab and newlines: `{ 'lines.2.description': 'errors.form.controlCharacter' }`.
 */
export function controlCharacterErrors(raw: unknown): FieldErrors {
  const errors: FieldErrors = {};
  for (const [name, value] of Object.entries(flatten(raw))) {
    if (CONTROL_CHARACTER.test(value)) errors[name] = CONTROL_CHARACTER_MESSAGE;
  }
  return errors;
}

/** react-hook-form's nested error object → `{ 'lines.2.amount': key }`. */
export function flattenErrors(errors: unknown, prefix = '', out: FieldErrors = {}): FieldErrors {
  if (!errors || typeof errors !== 'object') return out;
  const message = (errors as { message?: unknown }).message;
  if (typeof message === 'string' && prefix) out[prefix] ??= isTranslationKey(message) ? message : 'errors.form.invalidValue';
  for (const [key, value] of Object.entries(errors)) {
    if (key === 'message' || key === 'type' || key === 'ref' || key === 'types' || key === 'root') continue;
    flattenErrors(value, prefix ? `${prefix}.${key}` : key, out);
  }
  return out;
}

/** Flat `{ 'a.0.b': value }` of any JSON value: for the conflict panel and the revision compare. */
export function flatten(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(value)) {
    value.forEach((v, i) => flatten(v, prefix ? `${prefix}.${i}` : String(i), out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out[prefix] = value === null || value === undefined ? '' : String(value);
  }
  return out;
}
