import { afterEach, beforeEach, vi } from 'vitest';

// A console.error during a test fails it: errors must be expected and asserted, not ignored.
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error was called: ${args.map(String).join(' ')}`);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});
