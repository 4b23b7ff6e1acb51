import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { reportRevisions } from '#db/schema/index';
import { setupTestDatabase } from '#test/support/db';

/**
 * A submitted revision is the record of what was declared: the database refuses to change it and to
 * remove it (migration 0001, `report_revisions_no_change`), whoever asks, through the ORM or in SQL.
 */
const database = setupTestDatabase();

/** The database error (Drizzle wraps it), whatever the driver. */
async function dbError(run: () => Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await run();
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause ?? error;
    const e = cause as { code?: string; message: string };
    return { code: e.code, message: e.message };
  }
  throw new Error('expected the database to refuse this');
}

async function aRevision() {
  const [row] = await database().db.select().from(reportRevisions).limit(1);
  // A row-level trigger only fires on a row: without one these tests would prove nothing.
  if (!row) throw new Error('the seed has no submitted revision');
  return row;
}

async function stillThere(id: string) {
  const [row] = await database().db.select().from(reportRevisions).where(eq(reportRevisions.id, id));
  return row;
}

describe('submitted revisions are immutable', () => {
  it('refuses an UPDATE of a revision (insufficient_privilege) and leaves it as it was', async () => {
    const db = database().db;
    const revision = await aRevision();
    const viaOrm = await dbError(() => db.update(reportRevisions).set({ sha256: '0'.repeat(64) }).where(eq(reportRevisions.id, revision.id)));
    expect(viaOrm.code).toBe('42501');
    expect(viaOrm.message).toMatch(/report_revisions are immutable: UPDATE refused/);
    // Even an update that changes nothing, and one of the snapshot only.
    const noop = await dbError(() => db.execute(sql`update report_revisions set reference = reference where id = ${revision.id}::uuid`));
    expect(noop.message).toMatch(/UPDATE refused/);
    const snapshot = await dbError(() => db.execute(sql`update report_revisions set snapshot = '{}'::jsonb where id = ${revision.id}::uuid`));
    expect(snapshot.code).toBe('42501');
    expect(await stillThere(revision.id)).toEqual(revision);
  });

  it('refuses a DELETE of a revision (insufficient_privilege) and keeps it', async () => {
    const db = database().db;
    const revision = await aRevision();
    const viaOrm = await dbError(() => db.delete(reportRevisions).where(eq(reportRevisions.id, revision.id)));
    expect(viaOrm.code).toBe('42501');
    expect(viaOrm.message).toMatch(/report_revisions are immutable: DELETE refused/);
    const all = await dbError(() => db.execute(sql`delete from report_revisions`));
    expect(all.message).toMatch(/DELETE refused/);
    expect(await stillThere(revision.id)).toEqual(revision);
  });

  it('refuses a TRUNCATE of the revisions (insufficient_privilege) and keeps them', async () => {
    const db = database().db;
    const revision = await aRevision();
    const truncated = await dbError(() => db.execute(sql`truncate report_revisions cascade`));
    expect(truncated.code).toBe('42501');
    expect(truncated.message).toMatch(/report_revisions are immutable: TRUNCATE refused/);
    expect(await stillThere(revision.id)).toEqual(revision);
  });
});
