import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions } from '#db/schema/index';
import { createWorker } from '#app/models/jobs/handlers.server';
import { IDLE_TIMEOUT_MS, hashToken } from '#app/utils/session.server';
import { setupTestDatabase } from '#test/support/db';
import { sessionCookieFor } from '#test/support/requests';

const database = setupTestDatabase();

describe('daily housekeeping', () => {
  it('removes sessions past their idle timeout and keeps live ones', async () => {
    const live = (await sessionCookieFor('ez@demo.ipcei.test')).split('=')[1]!;
    const stale = (await sessionCookieFor('admin@demo.ipcei.test')).split('=')[1]!;
    const longAgo = new Date(Date.now() - IDLE_TIMEOUT_MS - 60_000);
    await database().db.update(sessions).set({ lastSeenAt: longAgo }).where(eq(sessions.idHash, hashToken(stale)));

    const worker = createWorker({ db: () => database().db, log: () => {} });
    await worker.runOnce(new Date());

    const left = await database().db.select({ idHash: sessions.idHash }).from(sessions);
    expect(left.map((s) => s.idHash)).toContain(hashToken(live));
    expect(left.map((s) => s.idHash)).not.toContain(hashToken(stale));
  });
});
