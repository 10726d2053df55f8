// Row: cold start of the bundled CLI and a full check on the reference example, against bare Node.
import path from 'node:path';
import { fmtMs, row, timeCommand } from './lib.mjs';

export async function coldStart(repo) {
  const node = process.execPath;
  const cli = path.join(repo, 'dist/cli.js');
  const bare = timeCommand(node, ['-e', '0'], {}, 15);
  const version = timeCommand(node, [cli, '--version'], {}, 15);
  const check = timeCommand(node, [cli, 'check', '--root', path.join(repo, 'examples/reference-system'), '--fail-on', 'none', '--no-commands'], {}, 7);
  if (check.status !== 0) throw new Error(`check failed: ${check.stderr}`);
  return [
    row([
      'cold start: `cli.js --version`',
      fmtMs(version.ms),
      `bare \`node -e 0\`: ${fmtMs(bare.ms)}`,
      `${(version.ms / bare.ms).toFixed(2)}× bare node`,
      version.ms < 150 ? 'target < 150 ms: met' : 'target < 150 ms: MISSED',
    ]),
    row(['full `check` on examples/reference-system', fmtMs(check.ms), `bare node: ${fmtMs(bare.ms)}`, `${(check.ms / bare.ms).toFixed(2)}× bare node`, '']),
  ];
}
