import { describe, expect, it } from 'vitest';
import * as root from '#app/root';
import { setupTestDatabase } from '#test/support/db';

setupTestDatabase();

describe('the error page reference', () => {
  it('is the request id the server gave the request (not "-"), for the error page to quote', async () => {
    const request = new Request('http://localhost:3000/programma', { headers: { 'x-request-id': 'req-4711' } });
    const data = (await root.loader({ request, params: {}, context: {} })) as { requestId: string | null };
    expect(data.requestId).toBe('req-4711');
  });
});
