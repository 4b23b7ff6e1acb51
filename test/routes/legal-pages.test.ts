import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { A11Y_RESULTS_FILE, readA11yResults } from '#app/models/accessibility-results.server';
import * as accessibilityRoute from '#app/routes/site/accessibility';
import * as privacyRoute from '#app/routes/site/privacy';
import { getRequest } from '#test/support/requests';

const args = (request: Request) => ({ request, params: {}, context: {} });

function tempRoot(contents?: string) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'a11y-results-'));
  if (contents !== undefined) {
    fs.mkdirSync(path.dirname(path.join(root, A11Y_RESULTS_FILE)), { recursive: true });
    fs.writeFileSync(path.join(root, A11Y_RESULTS_FILE), contents);
  }
  return root;
}

describe('accessibility statement and privacy statement', () => {
  it('are public pages (no session needed)', async () => {
    const statement = await accessibilityRoute.loader(args(await getRequest('/toegankelijkheid')));
    expect(statement.statementDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await expect(privacyRoute.loader(args(await getRequest('/privacy')))).resolves.toBeNull();
  });

  it('read the figures of the last browser-test run, and nothing from a missing or malformed file', () => {
    const results = {
      testedAt: '2026-11-22T15:00:00.000Z',
      pagesChecked: 42,
      violations: 0,
      wcag22Findings: 1,
      command: 'npx vitest run --project e2e',
    };
    expect(readA11yResults(tempRoot(JSON.stringify(results)))).toEqual(results);
    expect(readA11yResults(tempRoot())).toBeNull();
    expect(readA11yResults(tempRoot('{ not json'))).toBeNull();
    expect(readA11yResults(tempRoot(JSON.stringify({ ...results, pagesChecked: -1 })))).toBeNull();
  });
});
