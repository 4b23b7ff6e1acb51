import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import routes from '#app/routes';

type RouteEntry = { file: string; children?: RouteEntry[] };

function routeFiles(entries: RouteEntry[]): string[] {
  return entries.flatMap((entry) => [entry.file, ...routeFiles(entry.children ?? [])]);
}

/** The body of an exported `loader` or `action` function, or null when the module has none. */
function exportedFunctionBody(source: string, name: 'loader' | 'action'): string | null {
  const start = source.search(new RegExp(`export\\s+(async\\s+)?function\\s+${name}\\s*\\(`));
  if (start < 0) {
    if (new RegExp(`export\\s+(const|let)\\s+${name}\\b`).test(source)) return '/* arrow export: not allowed */';
    return null;
  }
  let depth = 0;
  let opened = false;
  for (let i = source.indexOf('{', source.indexOf(')', start)); i < source.length; i++) {
    if (source[i] === '{') {
      depth++;
      opened = true;
    } else if (source[i] === '}') {
      depth--;
      if (opened && depth === 0) return source.slice(start, i + 1);
    }
  }
  return source.slice(start);
}

describe('architecture', () => {
  const files = ['root.tsx', ...routeFiles(routes as RouteEntry[])];

  it('has route modules to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files)('every loader and action of %s passes through requirePermission', (file) => {
    const source = fs.readFileSync(path.join('app', file), 'utf8');
    for (const name of ['loader', 'action'] as const) {
      const body = exportedFunctionBody(source, name);
      if (body === null) continue;
      expect(body, `${file} ${name}`).toMatch(/await requirePermission\(request,/);
    }
  });
});
