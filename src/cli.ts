#!/usr/bin/env node
/** The CLI door: hand argv to the CLI and set the exit code. */
import { main } from './cli/main.js';

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env, isTTY: Boolean(process.stdout.isTTY) }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`internal error: ${String(e)}\n`);
    process.exitCode = 2;
  },
);
