import type { z } from 'zod';
import type { FieldErrors } from '#app/components/forms';
import { issuesToFieldErrors } from '#app/utils/forms';

/**
 * Form fields named like `lines.2.amount` → `{ lines: [, , { amount }] }`: the same nested shape
 * react-hook-form builds from the same names in the browser, so one zod schema reads both.
 * Only numeric segments make arrays; holes are removed (a row the browser did not send is no row).
 * Keys are limited to a safe alphabet, so nothing like `__proto__` can be built.
 */
export function formToObject(entries: Iterable<[string, FormDataEntryValue]>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of entries) {
    if (typeof value !== 'string') continue; // files are handled by the attachment upload only
    if (!/^[A-Za-z][A-Za-z0-9_]*(\.(?:[0-9]{1,3}|[A-Za-z][A-Za-z0-9_]*))*$/.test(name)) continue;
    const path = name.split('.');
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < path.length; i++) {
      const key = path[i]!;
      const last = i === path.length - 1;
      const container = node as Record<string, unknown>;
      if (last) {
        container[key] = value;
      } else {
        const nextIsIndex = /^[0-9]+$/.test(path[i + 1]!);
        if (container[key] === undefined || typeof container[key] !== 'object') container[key] = nextIsIndex ? [] : {};
        node = container[key] as Record<string, unknown>;
      }
    }
  }
  return compact(root) as Record<string, unknown>;
}

function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  }
  return value;
}

/** Parses submitted form data with a section schema: data, or errors keyed by field path. */
export async function parseSectionForm<S extends z.ZodTypeAny>(
  raw: Record<string, unknown>,
  schema: S,
): Promise<{ ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors }> {
  const result = await schema.safeParseAsync(raw);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: issuesToFieldErrors(result.error.issues) };
}

/** react-hook-form's nested error object → `{ 'lines.2.amount': key }`. */
export function flattenErrors(errors: unknown, prefix = '', out: FieldErrors = {}): FieldErrors {
  if (!errors || typeof errors !== 'object') return out;
  const message = (errors as { message?: unknown }).message;
  if (typeof message === 'string' && prefix) {
    out[prefix] ??= message as FieldErrors[string];
  }
  for (const [key, value] of Object.entries(errors)) {
    if (key === 'message' || key === 'type' || key === 'ref' || key === 'types' || key === 'root') continue;
    flattenErrors(value, prefix ? `${prefix}.${key}` : key, out);
  }
  return out;
}

/** Flat `{ 'a.0.b': value }` of any JSON value: for the conflict page and the revision compare. */
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
