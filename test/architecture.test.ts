/**
 * Rule 1 of docs/architecture.md, checked on the syntax tree: every `loader` and `action` of a
 * route module in app/routes.ts (and of app/root.tsx) reaches an awaited
 * `requirePermission(request, …)`, in its own body or in a function it calls (same module,
 * imported, or returned by a factory such as `sectionLoader(def)`). A route with a project or a
 * report in its path (`:code`, `:reportId`) must reach a SCOPED check: `requirePermission` with
 * the `{ projectId, … }` scope as third argument. How calls are followed:
 * test/support/guard-analysis.ts.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import routes from '#app/routes';
import { fileHost, GuardAnalyzer, guardFailures, memoryHost, needsScopedGuard } from '#test/support/guard-analysis';

const ROOT = path.resolve(__dirname, '..');

type RouteEntry = { file: string; path?: string; index?: boolean; children?: RouteEntry[] };

/** Every route module with its full path ('' for the root and index routes). */
function routeModules(entries: RouteEntry[], parent = ''): Array<{ file: string; path: string }> {
  return entries.flatMap((entry) => {
    const full = [parent, entry.path ?? ''].filter(Boolean).join('/');
    return [{ file: path.posix.join('app', entry.file), path: full }, ...routeModules(entry.children ?? [], full)];
  });
}

const PERMISSIONS = `
  export async function requirePermission(request: Request, need: 'public'): Promise<null>;
  export async function requirePermission(request: Request, need: string, scope?: object): Promise<object>;
  export async function requirePermission(request: Request, need: string, scope: object = {}) { return { request, need, scope }; }
`;

/** Failures for the module 'app/routes/page.tsx' at `routePath`, with extra files beside it. */
function failuresOf(files: Record<string, string>, routePath = 'pagina') {
  const analyzer = new GuardAnalyzer(memoryHost({ 'app/utils/permissions.server.ts': PERMISSIONS, ...files }));
  const analyses = analyzer.analyseRouteModule('app/routes/page.tsx');
  return { analyses, failures: guardFailures(analyses, routePath) };
}

describe('the guard analysis (on synthetic sources)', () => {
  it('reports a loader without a guard, by file and export name', () => {
    const { failures } = failuresOf({
      'app/routes/page.tsx': `
        import { requirePermission } from '#app/utils/permissions.server';
        export async function loader({ request }) { return { ok: true }; }
        export async function action({ request }) { await requirePermission(request, 'signed-in'); return null; }
      `,
    });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^app\/routes\/page\.tsx loader: reaches no awaited requirePermission/);
  });

  it('finds a guard reached through an imported helper, a factory and a re-export', () => {
    const helpers = {
      'app/models/context.server.ts': `
        import { requirePermission as guard } from '../utils/permissions.server';
        export async function loadContext(request: Request, code: string) {
          const project = { id: code };
          await guard(request, 'read:project:own', { projectId: project.id });
          return project;
        }
      `,
      'app/report/engine.server.ts': `
        import { loadContext } from '#app/models/context';
        export function sectionLoader(def) {
          return async function loader({ request, params }) { return { ctx: await loadContext(request, params.code), def }; };
        }
        export const sectionAction = (def) => async ({ request, params }) => loadContext(request, params.code);
      `,
      'app/routes/page.server.ts': `export { sectionLoader as makeLoader, sectionAction } from '#app/report/engine.server';`,
    };
    const direct = failuresOf(
      {
        ...helpers,
        'app/routes/page.tsx': `
          import { loadContext } from '#app/models/context.server';
          export async function loader({ request, params }) { const p = await loadContext(request, params.code); return p; }
        `,
      },
      'projecten/:code',
    );
    expect(direct.failures).toEqual([]);
    expect(direct.analyses[0]!.guards[0]).toMatchObject({ at: 'app/models/context.server.ts:5', scoped: true, via: ['loadContext (app/models/context.server.ts)'] });

    const factory = failuresOf(
      {
        ...helpers,
        'app/routes/page.server.ts': `
          import { makeLoader, sectionAction } from './page.server.reexport';
          export const loader = makeLoader({ section: 'x' });
          export const action = sectionAction({ section: 'x' });
        `,
        'app/routes/page.server.reexport.ts': helpers['app/routes/page.server.ts'],
        'app/routes/page.tsx': `export { loader, action } from './page.server';\nexport default function Page() { return null; }`,
      },
      'projecten/:code/rapporten/:year',
    );
    expect(factory.analyses.map((a) => [a.name, a.definedIn, a.guards.length > 0])).toEqual([
      ['loader', 'app/routes/page.server.ts', true],
      ['action', 'app/routes/page.server.ts', true],
    ]);
    expect(factory.failures).toEqual([]);
  });

  it('follows a route factory whose result is destructured, to the function of each export', () => {
    const { analyses } = failuresOf({
      'app/report/route.server.ts': `
        import * as permissions from '#app/utils/permissions.server';
        export function sectionRoute(def) {
          async function loader({ request }) { return def; }
          return { loader, action: async ({ request }) => permissions.requirePermission(request, 'update:report:own', { projectId: 'p' }) };
        }
      `,
      'app/routes/page.tsx': `
        import { sectionRoute } from '../report/route.server';
        export const { loader, action } = sectionRoute({ section: 'x' });
      `,
    });
    expect(analyses.map((a) => [a.name, a.guards.map((g) => g.scoped)])).toEqual([
      ['loader', []],
      ['action', [true]],
    ]);
  });

  it('reports a :code route whose only check is unscoped', () => {
    const { failures } = failuresOf(
      {
        'app/routes/page.tsx': `
          import { requirePermission } from '#app/utils/permissions.server';
          export async function loader({ request, params }) {
            await requirePermission(request, 'signed-in');
            return { code: params.code };
          }
        `,
      },
      'projecten/:code',
    );
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^app\/routes\/page\.tsx loader: route 'projecten\/:code' names a project or report, so it must reach a scoped check/);
    expect(failures[0]).toContain("unscoped: app/routes/page.tsx:4 requirePermission(request, 'signed-in')");
  });

  it('does not count a look-alike: a local requirePermission, a guard that is not awaited, or one that never sees the request', () => {
    const { failures, analyses } = failuresOf({
      'app/routes/page.tsx': `
        import { requirePermission as real } from '#app/utils/permissions.server';
        async function requirePermission(request, need) { return null; }
        export async function loader({ request }) { await requirePermission(request, 'signed-in'); return null; }
        export const action = async ({ request }) => { real(request, 'signed-in'); await real(new Request('x'), 'signed-in'); return null; };
      `,
    });
    expect(failures).toHaveLength(2);
    expect(analyses[1]!.rejected.map((r) => r.reason)).toEqual(['the call is neither awaited nor returned', 'the first argument is not the request']);
  });

  it('knows which paths name a project or a report', () => {
    expect(['projecten/:code', 'beoordelen/:reportId', 'projecten/:code/rapporten/:year'].map(needsScopedGuard)).toEqual([true, true, true]);
    expect(['dashboard', 'beheer/gebruikers/:id', 'projecten/:codes', ''].map(needsScopedGuard)).toEqual([false, false, false, false]);
  });
});

describe('architecture: every loader and action passes through requirePermission', () => {
  const modules = [{ file: 'app/root.tsx', path: '' }, ...routeModules(routes as RouteEntry[])];
  const analyzer = new GuardAnalyzer(fileHost(ROOT));

  it('has route modules to check, with loaders and actions found in them', () => {
    expect(modules.length).toBeGreaterThan(5);
    const entryPoints = modules.flatMap((m) => analyzer.analyseRouteModule(m.file));
    expect(entryPoints.filter((e) => e.name === 'loader').length).toBeGreaterThan(modules.length / 2);
    expect(entryPoints.filter((e) => e.name === 'action').length).toBeGreaterThan(5);
  });

  it.each(modules)('$file ($path)', ({ file, path: routePath }) => {
    const failures = guardFailures(analyzer.analyseRouteModule(file), routePath);
    expect(failures, `\n  ${failures.join('\n  ')}\n`).toEqual([]);
  });
});
