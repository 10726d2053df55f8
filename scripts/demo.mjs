#!/usr/bin/env node
// `npm run demo`: the bundled CLI on the reference system, whose planted violations make the gate
// fail (exit 1) — that is the point of the demo, so it is reported and not treated as an error.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = [path.join(root, 'dist/cli.js'), 'check', '--root', path.join(root, 'examples/reference-system'), ...process.argv.slice(2)];
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
if (r.status === 1) {
  console.log('\nThe gate failed (exit code 1), as it should: the reference system has planted violations.');
  console.log('See examples/reference-system/README.md for the list, and try: node dist/cli.js --help');
  process.exit(0);
}
process.exit(r.status ?? 2);
