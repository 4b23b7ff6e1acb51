import { and, eq } from 'drizzle-orm';
import { getDb } from '#db/client';
import { projects, reports } from '#db/schema/index';
import { thrownResponse } from '#test/support/requests';

export const ACCOUNTS = {
  reviewerA: 'reviewer.a@demo.ipcei.test',
  reviewerB: 'reviewer.b@demo.ipcei.test',
  ez: 'ez@demo.ipcei.test',
  admin: 'admin@demo.ipcei.test',
  penvoerderMisd: 'penvoerder.misd@demo.ipcei.test',
  partnerMisd: 'partner.deerns@demo.ipcei.test',
  penvoerderEcc: 'penvoerder.ecc@demo.ipcei.test',
  partnerEcofed: 'partner.infosupport@demo.ipcei.test',
} as const;

export async function reportId(project: string, year: number): Promise<string> {
  const [row] = await getDb()
    .select({ id: reports.id })
    .from(reports)
    .innerJoin(projects, eq(projects.id, reports.projectId))
    .where(and(eq(projects.code, project), eq(reports.year, year)));
  if (!row) throw new Error(`no report ${project} ${year}`);
  return row.id;
}

export async function reportRow(id: string) {
  const [row] = await getDb().select().from(reports).where(eq(reports.id, id));
  return row!;
}

export const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

/** What a loader or action answered: the status, and the data (for `data()` results) or the thrown Response. */
export async function outcome<T>(run: () => Promise<T>): Promise<{ status: number; data: T extends { data: infer D } ? D : T; location: string | null }> {
  try {
    const result = (await run()) as unknown;
    if (result && typeof result === 'object' && 'init' in result && 'data' in result) {
      const r = result as { data: never; init: { status?: number } | null };
      return { status: r.init?.status ?? 200, data: r.data, location: null };
    }
    return { status: 200, data: result as never, location: null };
  } catch (error) {
    if (!(error instanceof Response)) throw error;
    return { status: error.status, data: undefined as never, location: error.headers.get('location') };
  }
}

export { thrownResponse };
