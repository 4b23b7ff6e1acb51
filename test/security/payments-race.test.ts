import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { openPostgres, queryRows } from '#db/client';
import { auditLog, organisations, payments, projectPartners, projects, users } from '#db/schema/index';
import * as paymentsRoute from '#app/routes/admin/payments';
import { setupTestDatabase } from '#test/support/db';
import { postRequest } from '#test/support/requests';

/**
 * Advances to one partner never add up to more than its grant, however many are recorded at once
 * and from however many processes: the database's trigger locks the partner's row before it adds up
 * the payments (migration 0001, `payments_check_granted`), so concurrent advances are checked one
 * after the other. PGlite runs one statement at a time, so only a PostgreSQL server can show the
 * race: without that row lock each transaction sees only its own new payment and all of them pass.
 */
const database = setupTestDatabase();
const onServer = Boolean(process.env.TEST_DATABASE_URL);
const ADMIN = 'admin@demo.ipcei.test';
const args = (request: Request) => ({ request, params: {}, context: {} });

async function partner(projectCode: string, name: string) {
  const [row] = await database()
    .db.select({ projectId: projectPartners.projectId, organisationId: projectPartners.organisationId, grantedCents: projectPartners.grantedCents })
    .from(projectPartners)
    .innerJoin(projects, eq(projects.id, projectPartners.projectId))
    .innerJoin(organisations, eq(organisations.id, projectPartners.organisationId))
    .where(and(eq(projects.code, projectCode), eq(organisations.name, name)));
  if (!row) throw new Error(`${name} is not a partner of ${projectCode}`);
  return row;
}

async function paidTo(projectId: string, organisationId: string) {
  const [row] = await database()
    .db.select({ paid: sql<number>`coalesce(sum(${payments.amountCents}), 0)::bigint`.mapWith(Number) })
    .from(payments)
    .where(and(eq(payments.projectId, projectId), eq(payments.organisationId, organisationId)));
  return row!.paid;
}

/** Cents as a Dutch amount the form reads ("1234567,89"). */
const dutch = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

/** The constraint a refused insert names (Drizzle wraps the driver's error). */
function constraintOf(error: unknown) {
  const cause = ((error as { cause?: unknown }).cause ?? error) as { code?: string; constraint_name?: string; constraint?: string };
  return { code: cause.code, constraint: cause.constraint_name ?? cause.constraint };
}

describe('concurrent advances to one partner', () => {
  it.skipIf(!onServer)('never pay beyond the grant when 12 advances are recorded at once through separate connections and pools on the server', async () => {
    const template = inject('dbTemplate');
    if (template.kind !== 'postgres') throw new Error('not on a server');
    const [current] = await queryRows<{ name: string }>(database().db, sql`select current_database() as name`);
    const url = new URL(template.adminUrl);
    url.pathname = `/${current!.name}`;
    // Two more pools on this test's database: other app processes recording advances at the same time.
    const pools = await Promise.all(Array.from({ length: 2 }, () => openPostgres(url.toString(), { max: 3 })));
    try {
      const bit = await partner('ECOFED', 'BIT');
      const before = await paidTo(bit.projectId, bit.organisationId);
      const left = bit.grantedCents - before;
      // Each advance fits what is left on its own; exactly two of them fit together.
      const amount = Math.floor(left / 2);
      expect(amount).toBeGreaterThan(0);
      expect(3 * amount).toBeGreaterThan(left);
      const [admin] = await database().db.select({ id: users.id }).from(users).where(eq(users.email, ADMIN));
      const auditBefore = await database().db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.action, 'payment.record'));

      // Six through the page (the app's own pool: up to five connections at once) ...
      const requests = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          postRequest('/beheer/betalingen', { intent: 'payment', project: 'ECOFED', partner: bit.organisationId, amount: dutch(amount), paidOn: '2025-06-02', reference: `VS-RACE-PAGE-${i}` }, ADMIN),
        ),
      );
      const viaPage = requests.map((request) =>
        (paymentsRoute.action(args(request)) as Promise<unknown>).then((result) =>
          result instanceof Response
            ? { status: result.status, errors: undefined }
            : { status: (result as { init: { status: number } }).init.status, errors: (result as { data: { errors: Record<string, string> } }).data.errors },
        ),
      );
      // ... and six from the other processes, each holding its transaction open a moment after the insert.
      const viaPools = Array.from({ length: 6 }, (_, i) =>
        pools[i % pools.length]!.db
          .transaction(async (tx) => {
            await tx.insert(payments).values({
              projectId: bit.projectId,
              organisationId: bit.organisationId,
              kind: 'advance',
              amountCents: amount,
              paidOn: '2025-06-02',
              reference: `VS-RACE-POOL-${i}`,
              createdBy: admin!.id,
            });
            await tx.execute(sql`select pg_sleep(0.2)`);
          })
          .then(
            () => ({ ok: true as const }),
            (error: unknown) => ({ ok: false as const, ...constraintOf(error) }),
          ),
      );
      const [pageAnswers, poolAnswers] = await Promise.all([Promise.all(viaPage), Promise.all(viaPools)]);

      const after = await paidTo(bit.projectId, bit.organisationId);
      expect(after).toBeLessThanOrEqual(bit.grantedCents);
      const recorded = pageAnswers.filter((a) => a.status === 302).length + poolAnswers.filter((a) => a.ok).length;
      expect(recorded).toBe(2);
      expect(after).toBe(before + 2 * amount);
      // Every refusal is the grant's, with its own message on the page.
      for (const refused of pageAnswers.filter((a) => a.status !== 302)) {
        expect(refused).toEqual({ status: 409, errors: { amount: 'errors.dashboard.amount.exceedsGranted' } });
      }
      for (const refused of poolAnswers.filter((a) => !a.ok)) {
        expect(refused).toEqual({ ok: false, code: '23514', constraint: 'payments_within_grant' });
      }
      // One audit entry per advance the page recorded, none for a refused one.
      const auditAfter = await database().db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.action, 'payment.record'));
      expect(auditAfter[0]!.n - auditBefore[0]!.n).toBe(pageAnswers.filter((a) => a.status === 302).length);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  });

  it('refuses, one after the other, the advance that no longer fits (PGlite and server)', async () => {
    const amsix = await partner('ECOFED', 'AMS-IX');
    const left = amsix.grantedCents - (await paidTo(amsix.projectId, amsix.organisationId));
    const amount = Math.floor(left / 2);
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const result = (await paymentsRoute.action(
        args(await postRequest('/beheer/betalingen', { intent: 'payment', project: 'ECOFED', partner: amsix.organisationId, amount: dutch(amount), paidOn: '2025-06-02', reference: `VS-SEQ-${i}` }, ADMIN)),
      )) as unknown;
      answers.push(result instanceof Response ? result.status : (result as { init: { status: number }; data: { errors: Record<string, string> } }));
    }
    expect(answers.slice(0, 2)).toEqual([302, 302]);
    expect(answers[2]).toMatchObject({ init: { status: 409 }, data: { errors: { amount: 'errors.dashboard.amount.exceedsGranted' } } });
    expect(await paidTo(amsix.projectId, amsix.organisationId)).toBeLessThanOrEqual(amsix.grantedCents);
  });
});
