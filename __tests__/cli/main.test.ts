import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { VERSION } from '../../src/version.js';
import { sink, tmpRepo } from '../helpers.js';

async function cli(args: string[], cwd: string) {
  const out = sink();
  const err = sink();
  const code = await main(args, { stdout: out.stream, stderr: err.stream, cwd, env: { PATH: process.env.PATH }, isTTY: false });
  return { code, out: out.text(), err: err.text() };
}

const good = `version: 1
guardrails:
  - id: no-print
    severity: warning
    check: pattern
    paths: ["**/*.py"]
    forbid: 'print\\('
  - id: size
    check: max-lines
    paths: ["**/*.py"]
    max: 2
`;

describe('CLI', () => {
  it('--version and --help', async () => {
    expect(await cli(['--version'], '.')).toMatchObject({ code: 0, out: `${VERSION}\n` });
    const h = await cli(['--help'], '.');
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/living-architecture check/);
    expect((await cli([], '.')).code).toBe(2);
  });

  it('VERSION matches package.json', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  });

  it('exit 0 on pass, 1 on fail, per fail-on', async () => {
    const root = tmpRepo({ 'infra/selfcheck/guardrails.yaml': good, 'a.py': 'print(1)\n' });
    expect((await cli(['check'], root)).code).toBe(0); // one warning, fail-on error
    expect((await cli(['check', '--fail-on', 'warning'], root)).code).toBe(1);
    expect((await cli(['check', '--fail-on', 'none'], root)).code).toBe(0);
    const big = tmpRepo({ 'infra/selfcheck/guardrails.yaml': good, 'a.py': 'x\ny\nz\n' });
    const r = await cli(['check'], big);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL 1 error/);
  });

  it('--only runs the named guardrails; an unknown id is a usage error with a suggestion', async () => {
    const root = tmpRepo({ 'infra/selfcheck/guardrails.yaml': good, 'a.py': 'x\ny\nz\n' });
    const r = await cli(['check', '--only', 'no-print', '--format', 'json'], root);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).guardrails.map((g: { id: string }) => g.id)).toEqual(['no-print']);
    const bad = await cli(['check', '--only', 'no-prnt'], root);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/'only' names 'no-prnt'.*\n  hint: did you mean 'no-print'\?/);
  });

  it('writes SARIF, JSON and summary relative to the current directory', async () => {
    const root = tmpRepo({ 'repo/infra/selfcheck/guardrails.yaml': good, 'repo/a.py': 'print(1)\n' });
    const r = await cli(['check', '--root', 'repo', '--sarif', 'out/r.sarif', '--json', 'out/r.json', '--summary', 'out/s.md'], root);
    expect(r.code).toBe(0);
    for (const f of ['out/r.sarif', 'out/r.json', 'out/s.md']) expect(existsSync(path.join(root, f))).toBe(true);
  });

  it('a bad config: one message with file:line:column, exit 2, no stack, nothing written', async () => {
    const root = tmpRepo({ 'g.yaml': 'version: 1\nguardrails:\n  - id: a\n    check: max-lines\n    max: many\n' });
    const r = await cli(['check', '--config', 'g.yaml', '--sarif', 'x.sarif', '--json', 'x.json'], root);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: g.yaml:5:10: guardrail 'a': 'max' must be a whole number, not "many"\n`);
    expect(existsSync(path.join(root, 'x.sarif'))).toBe(false);
    expect(existsSync(path.join(root, 'x.json'))).toBe(false);
  });

  it('usage errors', async () => {
    const root = tmpRepo({});
    expect((await cli(['check', '--fail-on', 'sometimes'], root)).err).toMatch(/--fail-on must be one of error, warning, note, new, none/);
    expect((await cli(['check', '--bogus'], root)).code).toBe(2);
    expect((await cli(['frobnicate'], root)).err).toMatch(/unknown command 'frobnicate'/);
    expect((await cli(['check', '--root', 'nope'], root)).err).toMatch(/is not a directory/);
    const missing = await cli(['check', '--config', 'missing.yaml'], root);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.err).toMatch(/missing\.yaml: guardrails file not found/);
  });
});
