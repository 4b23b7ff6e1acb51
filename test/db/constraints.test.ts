import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows, type Db } from '#db/client';
import { auditLog, costLines, organisations, payments, programmes, projectMemberships, projectPartners, projects, reports, users } from '#db/schema/index';
import { setupTestDatabase } from '#test/support/db';

const database = setupTestDatabase();

/** The database error (Drizzle wraps it), whatever the driver. */
async function dbError(run: () => Promise<unknown>): Promise<{ code?: string; message: string; constraint?: string }> {
  try {
    await run();
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause ?? error;
    const e = cause as { code?: string; message: string; constraint?: string; constraint_name?: string };
    return { code: e.code, message: e.message, constraint: e.constraint ?? e.constraint_name };
  }
  throw new Error('expected the database to refuse this');
}

async function ids(db: Db, code: string, organisation: string) {
  const [row] = await db
    .select({ projectId: projects.id, organisationId: organisations.id, granted: projectPartners.grantedCents })
    .from(projectPartners)
    .innerJoin(projects, eq(projects.id, projectPartners.projectId))
    .innerJoin(organisations, eq(organisations.id, projectPartners.organisationId))
    .where(and(eq(projects.code, code), eq(organisations.name, organisation)));
  if (!row) throw new Error(`no partner ${organisation} in ${code}`);
  return row;
}

describe('database constraints', () => {
  it('allows one report per project per year', async () => {
    const db = database().db;
    const [report] = await db.select().from(reports).limit(1);
    const error = await dbError(() =>
      db.insert(reports).values({ projectId: report!.projectId, year: report!.year, dueDate: report!.dueDate }),
    );
    expect(error.code).toBe('23505');
  });

  it('makes e-mail addresses unique regardless of case', async () => {
    const db = database().db;
    const error = await dbError(() =>
      db.insert(users).values({ email: 'ADMIN@demo.ipcei.test', name: 'Copy', status: 'invited' }),
    );
    expect(error.code).toBe('23505');
  });

  it('keeps personnel costs equal to hours × hourly rate', async () => {
    const db = database().db;
    const { projectId, organisationId } = await ids(db, 'ECOFED', 'TNO');
    const [report] = await db.select().from(reports).where(and(eq(reports.projectId, projectId), eq(reports.year, 2025)));
    const line = { reportId: report!.id, projectId, organisationId, category: 'personnel' as const };
    expect((await dbError(() => db.insert(costLines).values({ ...line, hours: 10, hourlyRateCents: 10_000, amountCents: 100_001 }))).code).toBe('23514');
    expect((await dbError(() => db.insert(costLines).values({ ...line, amountCents: 5_000 }))).code).toBe('23514');
    expect((await dbError(() => db.insert(costLines).values({ ...line, category: 'equipment', amountCents: -1 }))).code).toBe('23514');
  });

  it('refuses costs of an organisation that is not a partner of the report’s project', async () => {
    const db = database().db;
    const ecc = await ids(db, 'ECC', 'Leaseweb');
    const tno = await ids(db, 'ECOFED', 'TNO');
    const [report] = await db.select().from(reports).where(and(eq(reports.projectId, ecc.projectId), eq(reports.year, 2025)));
    const error = await dbError(() =>
      db.insert(costLines).values({ reportId: report!.id, projectId: ecc.projectId, organisationId: tno.organisationId, category: 'other', amountCents: 1 }),
    );
    expect(error.code).toBe('23503');
  });

  it('never lets the granted total exceed the programme cap', async () => {
    const db = database().db;
    const [cap] = await db.select({ cap: programmes.subsidyCapCents }).from(programmes);
    const [granted] = await queryRows<{ total: string }>(db, sql`select sum(granted_cents)::text as total from project_partners`);
    const headroom = cap!.cap - Number(granted!.total);
    const tno = await ids(db, 'ECOFED', 'TNO');
    const where = and(eq(projectPartners.projectId, tno.projectId), eq(projectPartners.organisationId, tno.organisationId));
    const error = await dbError(() => db.update(projectPartners).set({ grantedCents: tno.granted + headroom + 1 }).where(where));
    expect(error.message).toMatch(/exceeds the programme cap/);
    // Exactly up to the cap is fine.
    await db.update(projectPartners).set({ grantedCents: tno.granted + headroom }).where(where);
    await db.update(projectPartners).set({ grantedCents: tno.granted }).where(where);
  });

  it('never lets payments exceed what a partner was granted', async () => {
    const db = database().db;
    const tno = await ids(db, 'ECOFED', 'TNO');
    const [paid] = await queryRows<{ total: string }>(
      db,
      sql`select coalesce(sum(amount_cents), 0)::text as total from payments where project_id = ${tno.projectId} and organisation_id = ${tno.organisationId}`,
    );
    const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'admin@demo.ipcei.test'));
    const error = await dbError(() =>
      db.insert(payments).values({
        projectId: tno.projectId,
        organisationId: tno.organisationId,
        amountCents: tno.granted - Number(paid!.total) + 1,
        paidOn: '2026-01-15',
        reference: 'TEST-OVERPAY',
        createdBy: admin!.id,
      }),
    );
    expect(error.message).toMatch(/exceed the granted amount/);
  });

  it('lets a penvoerder act only for the project’s lead organisation', async () => {
    const db = database().db;
    const infoSupport = await ids(db, 'ECOFED', 'Info Support');
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'partner.infosupport@demo.ipcei.test'));
    const error = await dbError(() =>
      db
        .update(projectMemberships)
        .set({ role: 'penvoerder' })
        .where(and(eq(projectMemberships.userId, user!.id), eq(projectMemberships.projectId, infoSupport.projectId))),
    );
    expect(error.message).toMatch(/lead organisation/);
  });

  it('keeps the audit log append-only', async () => {
    const db = database().db;
    expect((await dbError(() => db.update(auditLog).set({ action: 'tampered' }))).message).toMatch(/append-only/);
    expect((await dbError(() => db.delete(auditLog))).message).toMatch(/append-only/);
  });

  it('keeps submitted revisions immutable', async () => {
    const db = database().db;
    expect((await dbError(() => db.execute(sql`update report_revisions set sha256 = repeat('0', 64)`))).message).toMatch(/immutable/);
  });

  it('requires approval stamps on an approved report', async () => {
    const db = database().db;
    const [draft] = await db.select().from(reports).where(eq(reports.status, 'draft')).limit(1);
    expect((await dbError(() => db.update(reports).set({ status: 'approved' }).where(eq(reports.id, draft!.id)))).code).toBe('23514');
  });
});
