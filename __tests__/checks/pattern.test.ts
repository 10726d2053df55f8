import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runOn } from '../run.js';

const cfg = (body: string) => `version: 1\nguardrails:\n  - id: p\n    check: pattern\n${body}`;

describe('pattern', () => {
  it('every forbidden match is a finding at its line and column', async () => {
    const { report } = await runOn(
      { 'app/a.py': 'import os\nprint("x")\n    print(2)\n', 'app/b.py': 'x = 1\n', 'other/c.py': 'print(3)\n' },
      cfg("    paths: ['app/**/*.py']\n    forbid: '^\\s*print\\('\n    message: Use logging\n"),
    );
    const f = report.findings.map((x) => [x.file, x.line, x.column, x.message]);
    expect(f).toEqual([
      ['app/a.py', 2, 1, 'Use logging (found `print(`)'],
      ['app/a.py', 3, 1, 'Use logging (found `print(`)'],
    ]);
    expect(report.result).toBe('fail');
    expect(report.guardrails[0]).toMatchObject({ status: 'fail', findings: 2, detail: '2 files searched' });
  });

  it('require: every selected file must contain the pattern', async () => {
    const { report } = await runOn({ 'src/a.ts': '// SPDX-License-Identifier: MIT\nexport {}\n', 'src/b.ts': 'export {}\n' }, cfg("    paths: ['src/**']\n    require: 'SPDX-License-Identifier'\n"));
    expect(report.findings.map((x) => [x.file, x.line])).toEqual([['src/b.ts', 1]]);
    expect(report.findings[0]!.message).toMatch(/does not contain the required pattern/);
  });

  it('flags and (?i)', async () => {
    const { report } = await runOn({ 'a.txt': 'Todo: x\nTODO y\n' }, cfg("    paths: [a.txt]\n    forbid: '(?i)todo'\n"));
    expect(report.findings).toHaveLength(2);
    const { report: r2 } = await runOn({ 'a.txt': 'Todo: x\nTODO y\n' }, cfg("    paths: [a.txt]\n    forbid: 'todo'\n    flags: i\n"));
    expect(r2.findings).toHaveLength(2);
  });

  it('a catastrophic pattern is stopped and reported as a finding naming the pattern and the file', async () => {
    const { report } = await runOn({ 'evil.txt': `${'a'.repeat(40)}!\n`, 'fine.txt': 'b\n' }, cfg("    forbid: '^(a+)+$'\n"), { regexBudgetMs: 300 });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ file: 'evil.txt', line: 1 });
    expect(report.findings[0]!.message).toMatch(/\/\^\(a\+\)\+\$\/ ran out of time on evil\.txt/);
  });

  it('a catastrophic pattern is given up after a few timeouts: the rest is counted as not checked, other patterns still run', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`f${String(i).padStart(2, '0')}.txt`] = `${'a'.repeat(40)}!\nTODO\n`;
    const { report } = await runOn(files, cfg("    paths: ['*.txt']\n    forbid: ['^(a+)+$', 'TODO']\n"), { regexBudgetMs: 1000 });
    const timedOut = report.findings.filter((f) => f.properties?.timedOut === true && !f.properties?.gaveUp && f.properties?.pattern !== 'TODO');
    const gaveUp = report.findings.filter((f) => f.properties?.gaveUp === true);
    expect(gaveUp).toHaveLength(1);
    expect(timedOut.length).toBeGreaterThanOrEqual(3);
    expect(timedOut.length + Number(gaveUp[0]!.properties!.notChecked)).toBe(20);
    expect(gaveUp[0]).toMatchObject({ file: 'infra/selfcheck/guardrails.yaml', line: 6, column: 14 });
    expect(gaveUp[0]!.message).toMatch(new RegExp(`gave up after ${timedOut.length} files timed out; ${20 - timedOut.length} files not checked`));
    // the other pattern judged every file
    expect(report.findings.filter((f) => f.properties?.pattern === 'TODO')).toHaveLength(20);
    expect(report.guardrails[0]!.detail).toMatch(/20 files searched; 1 pattern given up after timeouts/);
  });

  it('repeated identical matches keep distinct fingerprints that survive lines moving', async () => {
    const before = await runOn({ 'a.py': 'print(1)\nprint(1)\n' }, cfg("    forbid: 'print\\(1\\)'\n"));
    const after = await runOn({ 'a.py': '# header\n\nprint(1)\nx=2\nprint(1)\n' }, cfg("    forbid: 'print\\(1\\)'\n"));
    const fp = (r: typeof before) => r.report.findings.map((f) => f.fingerprint);
    expect(new Set(fp(before)).size).toBe(2);
    expect(fp(after)).toEqual(fp(before));
  });

  it('a match that is a credential is never shown, nor kept in the identity; the rest of the match is', async () => {
    // made at run time (the project scans itself for secrets), the same on every run
    const key = createHash('sha256').update('pattern-test-aws').digest('base64').slice(0, 40);
    const pass = createHash('sha256').update('pattern-test-smtp').digest('base64url').slice(0, 20);
    const { report } = await runOn(
      { 'config/aws.py': `AWS_SECRET_ACCESS_KEY = "${key}"\n`, '.env.production': `SMTP_PASS=${pass}\nPOOL_SIZE=3\n` },
      cfg("    paths: [config/**, .env.production]\n    forbid: ['[A-Za-z0-9/+]{40}', '^[A-Z_]+=.*$', 'AWS_SECRET_ACCESS_KEY = .*']\n"),
    );
    const messages = report.findings.map((f) => f.message).sort();
    expect(messages).toEqual([
      'Forbidden pattern /AWS_SECRET_ACCESS_KEY = .*/ found: `AWS_SECRET_ACCESS_KEY = "…"`',
      'Forbidden pattern /[A-Za-z0-9/+]{40}/ found: `… (40 characters, redacted)`',
      'Forbidden pattern /^[A-Z_]+=.*$/ found: `POOL_SIZE=3`',
      'Forbidden pattern /^[A-Z_]+=.*$/ found: `SMTP_PASS=…`',
    ]);
    const all = JSON.stringify(report);
    for (let i = 0; i + 8 <= key.length; i++) expect(all).not.toContain(key.slice(i, i + 8));
    for (let i = 0; i + 8 <= pass.length; i++) expect(all).not.toContain(pass.slice(i, i + 8));
    expect(report.findings.find((f) => f.message.includes('POOL_SIZE'))!.properties).toEqual({ pattern: '^[A-Z_]+=.*$', match: 'POOL_SIZE=3' });
    expect(report.findings.find((f) => f.message.includes('SMTP_PASS'))!.properties).toMatchObject({ match: 'SMTP_PASS=…', redacted: true });
  });

  it("a secret of the runner's environment found in a file is redacted too", async () => {
    const token = createHash('sha256').update('pattern-test-env').digest('hex').slice(0, 24);
    const { report } = await runOn({ 'notes.txt': `deploy with ${token} please\n` }, cfg("    paths: [notes.txt]\n    forbid: 'deploy with .*'\n"), {
      env: { PATH: process.env.PATH, DEPLOY_TOKEN: token },
    });
    expect(report.findings[0]!.message).toBe('Forbidden pattern /deploy with .*/ found: `deploy with … please`');
  });
});
