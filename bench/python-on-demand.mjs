// Row: facts on demand (issue 16 item 6). A generated Python tree of 10 packages of 900 modules and a
// shared `common/` package (~9,050 modules); `check` with a no-cycles guardrail on one package
// (`paths: pkg3/**`) against the same guardrail on the whole tree, through the bundled CLI. The
// package's findings must be identical to the whole-tree run's findings in that package.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatePackageTree } from '../__tests__/fixtures/python/generate-packages.mjs';
import { fmtMs, row, timeCommand } from './lib.mjs';

export async function pythonOnDemand(repo) {
  const cli = path.join(repo, 'dist/cli.js');
  const { root, files } = generatePackageTree(path.join(os.tmpdir(), 'la-gen-py-packages'), { packages: 10, perPackage: 900, common: 40 });
  const work = mkdtempSync(path.join(os.tmpdir(), 'la-bench-on-demand-'));
  const run = (name, paths) => {
    const config = path.join(work, `${name}.yaml`);
    const json = path.join(work, `${name}.json`);
    writeFileSync(config, `version: 1\nguardrails:\n  - id: cycles\n    check: no-cycles\n    language: python\n${paths ? `    paths: ["${paths}"]\n` : ''}`);
    const t = timeCommand(process.execPath, [cli, 'check', '--root', root, '--config', config, '--json', json, '--fail-on', 'none', '--no-commands'], {}, 5);
    if (t.status !== 0) throw new Error(`check failed: ${t.stderr}`);
    const findings = JSON.parse(readFileSync(json, 'utf8')).findings.map((f) => `${f.location?.file ?? f.file}:${f.location?.line ?? f.line} ${f.message}`);
    return { ms: t.ms, findings };
  };
  const one = run('package', 'pkg3/**');
  const whole = run('whole', null);
  rmSync(work, { recursive: true, force: true });
  const restricted = whole.findings.filter((f) => f.startsWith('pkg3/'));
  const same = JSON.stringify(one.findings) === JSON.stringify(restricted) && one.findings.length > 0;
  return [
    row([
      `facts on demand: no-cycles on one 900-module package of a ${files}-file Python tree`,
      fmtMs(one.ms),
      `the same guardrail on the whole tree: ${fmtMs(whole.ms)}`,
      `${(whole.ms / one.ms).toFixed(2)}× less`,
      `findings in the package ${same ? 'identical' : 'DIFFERENT'} to the whole-tree run's (${one.findings.length} vs ${restricted.length} of ${whole.findings.length})`,
    ]),
  ];
}
