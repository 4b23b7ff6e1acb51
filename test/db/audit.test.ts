import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '#db/client';
import { appendAudit, verifyAuditChain } from '#app/models/audit.server';
import { setupTestDatabase } from '#test/support/db';

const database = setupTestDatabase();

describe('audit chain', () => {
  it('chains entries and verifies them', async () => {
    const { db } = database();
    const actor = { userId: null, email: 'test@example.test', ipAddress: '127.0.0.1', requestId: 'r1' };
    await db.transaction((tx) => appendAudit(tx, actor, { action: 'test.one', entityType: 'test', details: { a: 1, b: [1, 2] } }));
    const head = await db.transaction((tx) => appendAudit(tx, actor, { action: 'test.two', entityType: 'test' }));
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: true, headHash: head });
  });

  it('writes nothing when the transaction is rolled back', async () => {
    const { db } = database();
    const before = (await verifyAuditChain(db)).entries;
    await expect(
      db.transaction(async (tx) => {
        await appendAudit(tx, { userId: null, email: null }, { action: 'test.rolled_back', entityType: 'test' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await verifyAuditChain(db)).entries).toBe(before);
  });

  it('names the first entry that was altered behind its back', async () => {
    const { db } = database();
    const [target] = await queryRows<{ seq: number }>(db, sql`select min(seq)::int as seq from audit_log where action = 'test.one'`);
    const seq = target!.seq;
    // What a superuser could do: switch the guard off, change a row, switch it on again.
    await db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
      await tx.execute(sql`update audit_log set details = '{"a": 2}' where seq = ${seq}`);
      await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    });
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual({ seq, reason: 'hash' });
  });
});
