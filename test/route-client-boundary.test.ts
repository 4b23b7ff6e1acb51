/**
 * The build's rule, checked in a second instead of a build: Remix removes `loader`, `action` and
 * `headers` from a route module for the browser bundle, and fails the build ("Server-only module
 * referenced by client") when anything else the browser keeps — the component, `handle`, `meta`,
 * a schema, a helper they use — still needs a value from a `*.server` module. Constants and
 * helpers the component needs belong in a module without `.server` (or in the route itself).
 *
 * The check follows references between a route's top-level declarations, starting from every
 * export the browser keeps, and fails on a `.server` value import it can reach.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverValuesReachableFromClient } from '#test/support/route-boundary';

const ROOT = path.resolve(__dirname, '..');

function routeFiles(): string[] {
  const dir = path.join(ROOT, 'app', 'routes');
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((name) => /\.(tsx|ts)$/.test(name));
  return [path.join(ROOT, 'app', 'root.tsx'), ...files.map((name) => path.join(dir, name))];
}

describe('app/routes holds route modules only', () => {
  it('every file under app/routes is a route of app/routes.ts (shared pieces live in app/components or app/report)', async () => {
    const { default: routes } = await import('#app/routes');
    const declared = new Set((routes as Array<{ file: string }>).map((r) => path.join(ROOT, 'app', r.file)));
    const strays = routeFiles()
      .slice(1)
      .filter((file) => !declared.has(file));
    expect(strays.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});

describe('route modules keep server code out of the browser bundle', () => {
  it('finds a server value used by the component, directly or through a helper, and allows it in loader/action', () => {
    const sample = `
      import { data } from '@remix-run/node';
      import { getThing, LIMIT, type Thing } from '#app/models/thing.server';
      import { can } from '#app/utils/permissions.server';
      import { helperOnlyForAction } from '#app/models/other.server';
      export async function loader() { return getThing(can()); }
      function forAction() { return helperOnlyForAction(); }
      export async function action() { return forAction(); }
      function describeLimit() { return LIMIT; }
      export default function Page({ data }) {
        const t: Thing | null = null;
        return <p title={data.getThing} getThing={1}>{describeLimit()}{String(t)}{({ getThing: 1 }).getThing}</p>;
      }
    `;
    expect(serverValuesReachableFromClient('sample.tsx', sample).map((f) => f.name)).toEqual(['LIMIT']);
  });

  it('no route module reaches a .server value from code the browser keeps', () => {
    const findings = routeFiles().flatMap((file) => serverValuesReachableFromClient(path.relative(ROOT, file), fs.readFileSync(file, 'utf8')));
    const message = findings.map((f) => `  ${f.file}: ${f.name} from '${f.module}'`).join('\n');
    expect(findings, `the build would fail with "Server-only module referenced by client":\n${message}`).toEqual([]);
  });
});
