import { afterAll, describe, expect, it } from 'vitest';
import { setDatabase, type Database } from '#db/client';
import { loadSession, sessionCookieName } from '#app/utils/session.server';

/** A database whose every query fails the way the driver fails (wrapped by Drizzle). */
function failingDatabase(error: Error): Database {
  const chain = { from: () => chain, innerJoin: () => chain, where: () => chain, limit: () => Promise.reject(error) };
  return { db: { select: () => chain }, driver: 'postgres', location: 'test', ping: async () => false, close: async () => {} } as unknown as Database;
}
const request = new Request('http://localhost:3000/programma', { headers: { cookie: `${sessionCookieName()}=${'a'.repeat(43)}` } });
afterAll(() => setDatabase(undefined));

describe('database outage', () => {
  it.each(['55000', '57P01', 'ECONNREFUSED', '08006'])('answers 503 (the "temporarily unavailable" page) when the database is away (%s)', async (code) => {
    const driverError = Object.assign(new Error('database away'), { code });
    setDatabase(failingDatabase(Object.assign(new Error('Failed query: select …'), { cause: driverError })));
    const thrown = await loadSession(request).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(503);
  });

  it('does not hide other errors as an outage', async () => {
    setDatabase(failingDatabase(Object.assign(new Error('column does not exist'), { code: '42703' })));
    await expect(loadSession(request)).rejects.toThrow('column does not exist');
  });
});
