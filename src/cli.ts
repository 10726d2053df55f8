#!/usr/bin/env node
/**
 * The CLI door. Bundled as dist/cli.js, a few lines that import nothing but the version check:
 * on a Node.js older than 22 it says so in one line and exits 2, before the bundle
 * (dist/cli-main.js, from src/cli/start.ts) is loaded and could fail in some obscure way. Then
 * it starts git's walks of the tree a `check` will list (dist/cli-prefetch.js) and loads the CLI.
 */
import module from 'node:module';
import { nodeTooOld } from './cli/node-version.js';

const tooOld = nodeTooOld(process.versions.node);
if (tooOld) {
  process.stderr.write(`error: ${tooOld}\n`);
  process.exitCode = 2;
} else {
  // Cache compiled code between runs from here, so that the CLI's own bundle is cached too (a
  // module cannot cache its own compilation: it is compiled before its first line runs).
  module.enableCompileCache?.();
  // git's walks of the work tree start now, on the core that loading the CLI leaves idle (src/cli/prefetch.ts).
  try {
    (await import('./cli/prefetch.js')).prefetch(process.argv.slice(2), process.cwd());
  } catch {
    // without it the listing starts them itself
  }
  await import('./cli/start.js');
}
