import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { sink, tmpRepo, write } from '../helpers.js';

async function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const out = sink();
  const err = sink();
  const code = await main(args, { stdout: out.stream, stderr: err.stream, cwd, env: { PATH: process.env.PATH, SOURCE_DATE_EPOCH: '1735689600', ...env }, isTTY: false });
  return { code, out: out.text(), err: err.text() };
}

const yaml = `version: 1
guardrails:
  - id: no-print
    check: pattern
    paths: ["**/*.py"]
    forbid: 'print\\('
`;

describe('living-architecture baseline update', () => {
  it('writes the file, then check --fail-on new passes on it and fails on a new finding', async () => {
    const root = tmpRepo({ 'infra/selfcheck/guardrails.yaml': yaml, 'a.py': 'print(1)\n' });
    const u = await cli(['baseline', 'update', '--root', root], '/');
    expect(u).toMatchObject({ code: 0, out: `Wrote ${path.relative('/', root)}/infra/selfcheck/guardrails-baseline.json: 1 finding (1 new), 0 fixed since the last update.\n` });
    const file = JSON.parse(readFileSync(path.join(root, 'infra/selfcheck/guardrails-baseline.json'), 'utf8'));
    expect(file.findings).toEqual([expect.objectContaining({ rule: 'no-print', file: 'a.py', firstSeen: '2025-01-01', timesSeen: 1 })]);
    expect((await cli(['check', '--fail-on', 'new'], root)).code).toBe(0);
    write(root, 'b.py', 'print(2)\n');
    const c = await cli(['check', '--fail-on', 'new'], root);
    expect(c.code).toBe(1);
    expect(c.out).toContain('baseline infra/selfcheck/guardrails-baseline.json: 1 new, 0 regressed, 1 recurring, 0 fixed');
    // The terminal report says which findings are new against the baseline.
    expect(c.out).toMatch(/ {4}b\.py:1:1 {2}error {2}new {2}Forbidden pattern/);
    expect(c.out).toMatch(/ {4}a\.py:1:1 {2}error {2}Forbidden pattern/);
  });

  it('--baseline names the file for both commands; a missing named file is exit 2 for check', async () => {
    const root = tmpRepo({ 'infra/selfcheck/guardrails.yaml': yaml, 'a.py': 'print(1)\n' });
    expect((await cli(['baseline', 'update', '--baseline', 'ci/base.json'], root)).out).toBe('Wrote ci/base.json: 1 finding (1 new), 0 fixed since the last update.\n');
    write(root, 'a.py', 'x = 1\n');
    const c = await cli(['check', '--baseline', 'ci/base.json', '--format', 'json'], root);
    expect(JSON.parse(c.out).baseline).toMatchObject({ file: 'ci/base.json', counts: { fixed: 1 }, fixed: [expect.objectContaining({ file: 'a.py' })] });
    const again = await cli(['baseline', 'update', '--baseline', 'ci/base.json'], root, { SOURCE_DATE_EPOCH: '1735776000' });
    expect(again.out).toBe('Updated ci/base.json: 0 findings, 1 fixed since the last update.\n');
    expect(JSON.parse(readFileSync(path.join(root, 'ci/base.json'), 'utf8')).fixed).toEqual([expect.objectContaining({ fixedOn: '2025-01-02' })]);
    const missing = await cli(['check', '--baseline', 'nope.json'], root);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^error: nope\.json: baseline file not found/);
  });

  it('a broken baseline stops with exit 2 and leaves the file as it was; usage mistakes are exit 2', async () => {
    const root = tmpRepo({ 'infra/selfcheck/guardrails.yaml': yaml, 'a.py': 'print(1)\n' });
    const broken = '{ "version": 1, "findings": [], "fixed": [], "extra": true }\n';
    writeFileSync(path.join(root, 'infra/selfcheck/guardrails-baseline.json'), broken);
    const r = await cli(['baseline', 'update'], root);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: infra\/selfcheck\/guardrails-baseline\.json:1:46: unknown key 'extra'/); // column of "extra"
    expect(readFileSync(path.join(root, 'infra/selfcheck/guardrails-baseline.json'), 'utf8')).toBe(broken);
    expect((await cli(['baseline', 'frob'], root)).err).toMatch(/unknown baseline command 'frob'/);
    expect((await cli(['baseline', 'update', '--bogus'], root)).code).toBe(2);
    expect((await cli(['baseline', '--help'], root)).out).toMatch(/^living-architecture baseline update/);
  });
});
