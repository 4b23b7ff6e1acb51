import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The figures of the last browser-test run (written by test/e2e/global-setup.ts when the e2e project
 * ends): how many pages axe checked and what it found. The accessibility statement shows them, so
 * its status rests on the tests rather than on a claim.
 */
export const A11Y_RESULTS_FILE = path.join('docs', 'accessibility', 'test-results.json');

const ResultsSchema = z.object({
  testedAt: z.string().datetime(),
  pagesChecked: z.number().int().nonnegative(),
  violations: z.number().int().nonnegative(),
  wcag22Findings: z.number().int().nonnegative(),
  command: z.string(),
});
export type A11yResults = z.infer<typeof ResultsSchema>;

/** The last recorded results, or null when there are none (or the file is not readable). */
export function readA11yResults(root: string = process.cwd()): A11yResults | null {
  try {
    const text = fs.readFileSync(path.join(root, A11Y_RESULTS_FILE), 'utf8');
    const parsed = ResultsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
