import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '#db/schema/index';
import * as auditRoute from '#app/routes/admin/audit';
import * as exportRoute from '#app/routes/admin/audit-export';
import { appendAudit, verifyAuditChain } from '#app/models/audit.server';
import { neutraliseCell } from '#app/models/admin-audit.server';
import { todayInAmsterdam } from '#app/rules/dates';
import { setupTestDatabase } from '#test/support/db';
import { getRequest, thrownResponse } from '#test/support/requests';

const database = setupTestDatabase();
const ADMIN = 'admin@demo.ipcei.test';
const args = (request: Request) => ({ request, params: {}, context: {} });

async function view(query: string) {
  return auditRoute.loader(args(await getRequest(`/beheer/audit?${query}`, ADMIN)));
}

describe('audit log viewer', () => {
  it('filters by who, what, which record and time', async () => {
    await database().db.transaction((tx) =>
      appendAudit(tx, { userId: null, email: 'tester@example.nl', ipAddress: '10.0.0.1', requestId: 'r1' }, {
        action: 'test.thing_done',
        entityType: 'report',
        entityId: 'rec-42',
        details: { note: '=HYPERLINK("http://evil.example")', other: '+31 6 1234', tab: '\tx' },
      }),
    );
    const byWho = await view('wie=TESTER@example');
    expect(byWho.rows.map((r) => r.action)).toEqual(['test.thing_done']);
    const byWhat = await view('wat=thing_done');
    expect(byWhat.total).toBe(1);
    const byRecord = await view('soort=report&record=rec-42');
    expect(byRecord.rows).toHaveLength(1);
    expect(byRecord.entityTypes).toContain('report');
    // The filter reads days in the Netherlands, so "today" is the Dutch day (not UTC's, which differs around midnight).
    const today = todayInAmsterdam();
    const inRange = await view(`wat=thing_done&van=${today}&tot=${today}`);
    expect(inRange.total).toBe(1);
    const outOfRange = await view('wat=thing_done&van=2020-01-01&tot=2020-12-31');
    expect(outOfRange.total).toBe(0);
    // A literal % is searched for as text, not as a wildcard.
    expect((await view('wat=%25')).total).toBe(0);
    const bad = await view('van=gisteren');
    expect(bad.errors).toEqual({ from: 'errors.admin.audit.date' });
    // A day that does not exist is refused too, not handed to the database.
    expect((await view('van=2025-02-30&tot=2025-13-01')).errors).toEqual({ from: 'errors.admin.audit.date', to: 'errors.admin.audit.date' });
  });

  it('pages through long results, newest first', async () => {
    const first = await view('');
    expect(first.rows.length).toBeLessThanOrEqual(100);
    if (first.nextBefore !== null) {
      const next = await view(`voor=${first.nextBefore}`);
      expect(next.rows[0]!.seq).toBeLessThan(first.nextBefore);
    }
    const seqs = first.rows.map((r) => r.seq);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
  });

  it('exports CSV for Dutch Excel with formula cells neutralised, and records the export', async () => {
    const response = (await exportRoute.loader(args(await getRequest('/beheer/audit/export?wat=thing_done', ADMIN)))) as Response;
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="auditlog-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(text.startsWith('\uFEFFseq;tijdstip;wie;actie;soort_record;record_id;project_id;details;ip_adres;request_id;hash\r\n')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(';tester@example.nl;test.thing_done;report;rec-42;');
    // The details cell is JSON (starts with {), quoted because it holds quotes; the formula stays inside it as text.
    expect(lines[1]).toMatch(/;"\{[^;]*""note"":""=HYPERLINK\(\\""http:\/\/evil\.example\\""\)""[^;]*\}";10\.0\.0\.1;/);
    const [exported] = await database().db.select().from(auditLog).where(eq(auditLog.action, 'admin.audit_exported'));
    expect(exported!.details).toMatchObject({ rows: 1, filters: { action: 'thing_done' } });
    expect((await verifyAuditChain(database().db)).ok).toBe(true);
  });

  it('neutralises every cell that a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(neutraliseCell(`${start}SUM(A1)`)).toBe(`'${start}SUM(A1)`);
    expect(neutraliseCell('gewoon')).toBe('gewoon');
  });

  it('a cell starting with a formula character is neutralised in the export', async () => {
    await database().db.transaction((tx) =>
      appendAudit(tx, { userId: null, email: '=cmd@example.nl', ipAddress: null, requestId: null }, { action: '@evil', entityType: '-x', entityId: '+1' }),
    );
    const response = (await exportRoute.loader(args(await getRequest('/beheer/audit/export?wat=evil', ADMIN)))) as Response;
    const line = new TextDecoder().decode(await response.arrayBuffer()).trim().split('\r\n')[1]!;
    expect(line.split(';').slice(2, 6)).toEqual(["'=cmd@example.nl", "'@evil", "'-x", "'+1"]);
  });

  it('is for administrators only', async () => {
    const response = await thrownResponse(async () => exportRoute.loader(args(await getRequest('/beheer/audit/export', 'ez@demo.ipcei.test'))));
    expect(response.status).toBe(403);
  });
});
