import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '#db/client';
import * as download from '#app/routes/report/attachment-download';
import { setupTestDatabase } from '#test/support/db';
import { getRequest, thrownResponse } from '#test/support/requests';

const database = setupTestDatabase();

describe('attachments are downloads, never rendered inline', () => {
  it('serves every stored attachment with Content-Disposition: attachment, nosniff and a sandboxing CSP', async () => {
    const rows = await queryRows<{ id: string; code: string; year: number; projectId: string }>(
      database().db,
      sql`select a.id, p.code, r.year, p.id as "projectId" from attachments a join reports r on r.id = a.report_id join projects p on p.id = r.project_id`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const params = { code: row.code, year: String(row.year), attachmentId: row.id };
      const request = await getRequest(`/projecten/${row.code}/rapporten/${row.year}/bijlagen/${row.id}`, 'admin@demo.ipcei.test');
      const result = await download.loader({ request, params, context: {} }).catch((e: unknown) => e);
      const response = result instanceof Response ? result : null;
      expect(response, row.id).not.toBeNull();
      expect(response!.status).toBe(200);
      expect(response!.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"\r\n]*"/);
      expect(response!.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response!.headers.get('content-security-policy')).toContain('sandbox');
      expect(response!.headers.get('content-type')).not.toMatch(/^text\/html/);
    }
  });

  it('does not serve another project’s attachment to a partner', async () => {
    const [row] = await queryRows<{ id: string; code: string; year: number }>(
      database().db,
      sql`select a.id, p.code, r.year from attachments a join reports r on r.id = a.report_id join projects p on p.id = r.project_id where p.code <> 'ECC' limit 1`,
    );
    const request = await getRequest(`/projecten/${row!.code}/rapporten/${row!.year}/bijlagen/${row!.id}`, 'penvoerder.ecc@demo.ipcei.test');
    const response = await thrownResponse(() => download.loader({ request, params: { code: row!.code, year: String(row!.year), attachmentId: row!.id }, context: {} }));
    expect(response.status).toBe(404);
  });
});
