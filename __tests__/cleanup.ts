/**
 * Work to do when the running test file ends (temporary folders, helper processes). Test files
 * share their worker's modules (vitest.config.ts), so a helper module is evaluated once per
 * worker and an `afterAll` at its top level would only belong to the first file that imported it;
 * __tests__/setup.ts, which runs for every file, runs what was registered here at that file's end.
 */
const pending: (() => unknown)[] = [];

export function atFileEnd(fn: () => unknown): void {
  pending.push(fn);
}

export async function runFileEnd(): Promise<void> {
  for (const fn of pending.splice(0)) await fn();
}
