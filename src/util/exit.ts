/**
 * Leave the process with `code` as soon as what was written to stdout and stderr is out, instead of
 * letting Node.js tear down a large run's heap first (tens of milliseconds after a run over 10⁵
 * files). Writes to pipes are asynchronous on some platforms: wait for each stream to drain. Only
 * for the doors (src/cli/start.ts, src/index.ts), once the run has awaited all its own work.
 */
export function exitWhenFlushed(code: number, streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr], exit: (code: number) => void = (c) => process.exit(c)): Promise<void> {
  process.exitCode = code;
  const pending = streams.filter((s) => s.writableLength > 0);
  return Promise.all(pending.map((s) => new Promise<void>((resolve) => s.once('drain', () => resolve())))).then(() => exit(code));
}
