import type { AddressInfo } from 'node:net';
import { like, sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb, openPostgres, queryRows, type Database, type Db } from '#db/client';
import { emailOutbox } from '#db/schema/index';
import { createQueueWorker } from '#app/models/jobs/queue.server';
import { smtpTransport, type MailTransport } from '#app/models/mail.server';
import { setupTestDatabase } from '#test/support/db';

/**
 * Outbox leases that hold (issue 15): two workers (on the server: two connection pools, as two
 * portal processes) and a real SMTP server on loopback that accepts slowly, with a lease shorter
 * than a pass. Each row's lease is renewed from the database clock right before its message is
 * sent, and the "sent" update carries the claim token, so a worker whose lease ran out neither
 * sends nor marks the row.
 */
const database = setupTestDatabase();

const ACCEPT_MS = 120;
const LEASE_MS = 1_000;
const received: string[] = [];
let smtp: SMTPServer;
let smtpUrl = '';

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push(raw.match(/^Message-ID: (.*)$/im)?.[1]?.trim() ?? '');
        // A slow mail server: acceptance takes a while, so a pass outlasts the lease.
        setTimeout(callback, ACCEPT_MS);
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

beforeEach(async () => {
  received.length = 0;
  await getDb().delete(emailOutbox);
});

async function backlog(tag: string, n: number) {
  await getDb()
    .insert(emailOutbox)
    .values(Array.from({ length: n }, (_, i) => ({ dedupeKey: `${tag}-${i}`, toAddress: `p${i}@example.nl`, locale: 'nl' as const, subject: `${tag} ${i}`, bodyText: 'Tekst' })));
}

/** A second "process" on the server (its own pool); on PGlite the same database. */
async function secondProcess(): Promise<{ db: Db; close: () => Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  const current = database();
  if (current.driver !== 'postgres' || !url) return { db: current.db, close: async () => {} };
  // The test database's own URL: the same server, the database this file was given.
  const [row] = await queryRows<{ name: string }>(current.db, sql`select current_database() as name`);
  const name = row!.name;
  const own = new URL(url);
  own.pathname = `/${name}`;
  const other: Database = await openPostgres(own.toString(), { max: 3 });
  return { db: other.db, close: () => other.close() };
}

const copies = () => {
  const count = new Map<string, number>();
  for (const id of received) count.set(id, (count.get(id) ?? 0) + 1);
  return count;
};

describe('outbox leases', () => {
  it('a long pass and a second worker polling, a slow mail server, a pass longer than the lease: every mail exactly once', async () => {
    await backlog('lease', 50);
    const second = await secondProcess();
    const transportA = smtpTransport(smtpUrl, 'portaal@example.nl');
    const transportB = smtpTransport(smtpUrl, 'portaal@example.nl');
    try {
      // A works through the backlog in one long pass (three batches of 20, longer than the lease);
      // B, another process, starts a fresh pass every 200 ms, as a running worker does.
      const a = createQueueWorker({ handlers: {}, transport: transportA, leaseMs: LEASE_MS, db: () => database().db });
      const b = createQueueWorker({ handlers: {}, transport: transportB, leaseMs: LEASE_MS, db: () => second.db });
      const started = Date.now();
      let aDone = false;
      const passA = a.runOnce().finally(() => {
        aDone = true;
      });
      let sentByB = 0;
      while (!aDone) {
        await new Promise((r) => setTimeout(r, 200));
        sentByB += (await b.runOnce()).mailSent;
      }
      const ra = await passA;
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThan(LEASE_MS); // the scenario really outlasts the lease
      expect(ra.mailSent + sentByB).toBe(50);
      expect(received).toHaveLength(50);
      expect([...copies().values()].every((n) => n === 1)).toBe(true);
      const rows = await getDb().select().from(emailOutbox).where(like(emailOutbox.dedupeKey, 'lease-%'));
      expect(rows.every((r) => r.status === 'sent' && r.claimToken === null)).toBe(true);
      console.log(`[leases] 50 mails, 2 workers, lease ${LEASE_MS} ms, pass ${elapsed} ms: ${received.length} delivered (A ${ra.mailSent}, B ${sentByB}), ${received.length - copies().size} duplicates`);
    } finally {
      transportA.close();
      transportB.close();
      await second.close();
    }
  }, 60_000);

  it('a worker killed mid-send: nothing lost, at most the one documented copy (same Message-ID), delay bounded by the lease', async () => {
    await backlog('killed', 10);
    const real = smtpTransport(smtpUrl, 'portaal@example.nl');
    // The "killed" process: hands its first message to the mail server, then never comes back
    // (as if it died between the server's acceptance and its "sent" update).
    let handedOver = 0;
    const dying: MailTransport = {
      kind: 'smtp',
      async send(mail) {
        handedOver++;
        await real.send(mail);
        await new Promise(() => {});
      },
      close() {},
    };
    const second = await secondProcess();
    try {
      const killed = createQueueWorker({ handlers: {}, transport: dying, leaseMs: LEASE_MS, db: () => database().db });
      void killed.runOnce();
      await expect.poll(() => received.length, { timeout: 5_000 }).toBe(1);
      const crashAt = Date.now();
      // Another process takes over once the leases have run out (by the database clock).
      const survivor = createQueueWorker({ handlers: {}, transport: real, leaseMs: LEASE_MS, db: () => second.db });
      let delivered = 0;
      while (Date.now() - crashAt < 10_000 && delivered < 10) {
        delivered += (await survivor.runOnce()).mailSent;
        if (delivered < 10) await new Promise((r) => setTimeout(r, 100));
      }
      const delay = Date.now() - crashAt;
      expect(delivered).toBe(10);
      expect(handedOver).toBe(1);
      // Every message arrived; the one accepted by the server before the crash arrived twice, with one Message-ID.
      const counts = copies();
      expect(counts.size).toBe(10);
      expect([...counts.values()].filter((n) => n === 2)).toHaveLength(1);
      expect([...counts.values()].every((n) => n <= 2)).toBe(true);
      // Bounded by the lease (plus the survivor's own sending time), not by a ten-minute lease.
      expect(delay).toBeLessThan(LEASE_MS + 10 * ACCEPT_MS + 3_000);
      console.log(`[leases] killed mid-send: 10/10 delivered, ${received.length - counts.size} documented copy, taken over after ${delay} ms (lease ${LEASE_MS} ms)`);
    } finally {
      real.close();
      await second.close();
    }
  }, 60_000);
});
