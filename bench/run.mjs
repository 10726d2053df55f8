#!/usr/bin/env node
// `npm run bench`: every row measured in this process or its children on this machine, printed as a
// Markdown table. Times are medians; ratios compare against the reference run in the same script.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { coldStart } from './cold-start.mjs';
import { incremental } from './incremental.mjs';
import { jsGraph } from './js-graph.mjs';
import { mapRows } from './map.mjs';
import { migrations } from './migrations.mjs';
import { production } from './production.mjs';
import { pythonGraph } from './python-graph.mjs';
import { pythonOnDemand } from './python-on-demand.mjs';
import { secrets } from './secrets.mjs';
import { secretsReal } from './secrets-real.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const rows = [
  ['cold-start', coldStart],
  ['incremental', incremental],
  ['js-graph', jsGraph],
  ['map', mapRows],
  ['migrations', migrations],
  ['production', production],
  ['python-graph', pythonGraph],
  ['python-on-demand', pythonOnDemand],
  ['secrets', secrets],
  ['secrets-real', secretsReal],
];

console.log(`Node ${process.version}, ${(await import('node:os')).cpus().length} cores\n`);
console.log('| what | ours | reference | ratio | note |');
console.log('|---|---|---|---|---|');
for (const [name, fn] of rows) {
  if (only.length && !only.includes(name)) continue;
  for (const line of await fn(repo)) console.log(line);
}
