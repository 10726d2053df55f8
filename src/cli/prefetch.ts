/**
 * What the CLI's door (src/cli.ts) starts before it loads the CLI: for `check`, git's walks of the
 * work tree that the listing will need (src/workspace/prefetch.ts), and the reads of git's index
 * and of the fact store (src/util/read-whole.ts). Its own bundle, dist/cli-prefetch.js
 * (the flags table and the git runner, not the CLI): the arguments are parsed by the CLI's own
 * parser, and anything it refuses, or any other command, starts nothing.
 */
import path from 'node:path';
import { parseFlags } from './commands.js';
import { readStoresAhead } from '../facts/store-file.js';
import { prefetchListing } from '../workspace/prefetch.js';

export function prefetch(argv: readonly string[], cwd: string): void {
  if (argv[0] !== 'check') return;
  try {
    const v = parseFlags('check', argv.slice(1));
    if (v.help) return;
    const cacheDir = v['cache-dir'];
    const cached = typeof cacheDir === 'string' && cacheDir !== '';
    if (cached) readStoresAhead(path.resolve(cwd, cacheDir));
    prefetchListing(path.resolve(cwd, (v.root as string | undefined) ?? '.'), cached);
  } catch {
    // a usage error: the CLI says so
  }
}
