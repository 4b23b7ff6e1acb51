import { and, asc, eq } from 'drizzle-orm';
import { getDb } from '#db/client';
import { milestones, organisations, projects, reports, workPackages } from '#db/schema/index';
import { postRequest, sessionCookieFor } from '#test/support/requests';

export const BASE = 'http://localhost:3000';

export type RouteModule = {
  loader?: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;
  action?: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;
};

export interface Answer {
  status: number;
  data?: Record<string, unknown> & { errors?: Record<string, string>; conflict?: { mine: unknown; current: unknown } };
  location?: string | null;
  response?: Response;
}

/** Runs a loader or action and answers uniformly: status, data, redirect location. */
export async function run(call: () => Promise<unknown>): Promise<Answer> {
  try {
    const result = await call();
    if (result instanceof Response) return { status: result.status, location: result.headers.get('location'), response: result };
    const r = result as { type?: string; data?: Record<string, unknown>; init?: { status?: number } };
    if (r && r.type === 'DataWithResponseInit') return { status: r.init?.status ?? 200, data: r.data };
    return { status: 200, data: result as Record<string, unknown> };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, location: error.headers.get('location'), response: error };
    throw error;
  }
}

export const params = (code: string, year: number, extra: Record<string, string> = {}) => ({ code, year: String(year), ...extra });

export async function post(route: RouteModule, path: string, p: Record<string, string>, fields: Record<string, string>, email: string) {
  const request = await postRequest(path, fields, email);
  return run(() => route.action!({ request, params: p, context: {} }));
}

export async function get(route: RouteModule, path: string, p: Record<string, string>, email: string) {
  const headers = new Headers({ cookie: await sessionCookieFor(email) });
  const request = new Request(`${BASE}${path}`, { headers });
  return run(() => route.loader!({ request, params: p, context: {} }));
}

export async function multipart(route: RouteModule, path: string, p: Record<string, string>, form: FormData, email: string) {
  const headers = new Headers({ cookie: await sessionCookieFor(email), origin: BASE });
  const request = new Request(`${BASE}${path}`, { method: 'POST', headers, body: form });
  return run(() => route.action!({ request, params: p, context: {} }));
}

export async function reportOf(code: string, year: number) {
  const [row] = await getDb()
    .select({ id: reports.id, projectId: projects.id, status: reports.status })
    .from(reports)
    .innerJoin(projects, eq(projects.id, reports.projectId))
    .where(and(eq(projects.code, code), eq(reports.year, year)));
  if (!row) throw new Error(`no report ${code} ${year}`);
  return row;
}

export async function orgId(name: string) {
  const [row] = await getDb().select({ id: organisations.id }).from(organisations).where(eq(organisations.name, name));
  if (!row) throw new Error(`no organisation ${name}`);
  return row.id;
}

export async function workPackagesOf(projectId: string) {
  return getDb().select({ id: workPackages.id }).from(workPackages).where(eq(workPackages.projectId, projectId)).orderBy(asc(workPackages.position));
}

export async function milestonesOf(projectId: string) {
  return getDb().select({ id: milestones.id, plannedDate: milestones.plannedDate }).from(milestones).where(eq(milestones.projectId, projectId)).orderBy(asc(milestones.position));
}
