import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runAction, runCli } from './runner.js';
import { tmpDir } from '../helpers.js';

const FIXTURE = path.join(REPO, '__tests__/fixtures/js-monorepo');
const TEMPLATE = 'packages/generator/templates/store.ts';

/** The fixture as a pull request's checkout: its own git repository, no node_modules anywhere. */
function checkout(): string {
  const dir = tmpDir('la-js-tree-');
  cpSync(FIXTURE, dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'init');
  return dir;
}

interface Json {
  guardrails: { id: string; status: string; detail?: string }[];
  findings: { ruleId: string; file: string; line: number; properties?: { cycle?: string[]; members?: string[] } }[];
  notices: string[];
}

describe('a pnpm monorepo with an uninstalled tsconfig base, a Jinja .ts and Vue components (bundled)', () => {
  it('CLI check: no guardrail could-not-run; the cycle across workspace packages and the .vue cycle are found; the template is named', () => {
    const dir = checkout();
    const out = path.join(tmpDir('la-js-tree-report-'), 'report.json'); // outside the checkout: never scanned
    const r = runCli(['check', '--root', dir, '--json', out], REPO);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(/internal error|could not run/);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Json;
    expect(report.guardrails.map((g) => `${g.id} ${g.status}`)).toEqual([
      'no-cycles-web pass',
      'no-cycles-mobile pass',
      'no-cycles-admin fail',
      'no-cycles-packages fail',
      'packages-not-importing-apps pass',
      'web-uses-the-design-system pass',
    ]);
    const cycles = Object.fromEntries(report.findings.map((f) => [f.ruleId, f.properties!.members]));
    expect(cycles['no-cycles-packages']).toEqual(['packages/ui/src/button.tsx', 'packages/ui/src/index.ts', 'packages/utils/src/format.ts', 'packages/utils/src/index.ts']);
    expect(cycles['no-cycles-admin']).toEqual(['apps/admin/src/components/TodoItem.vue', 'apps/admin/src/components/TodoList.vue']);
    expect(report.notices.filter((n) => n.includes(TEMPLATE))).toEqual([
      `no-cycles-packages: 1 file could not be parsed and was left out of the import graph, the rest was judged: ${TEMPLATE} (syntax error at 1:2: Expression expected.).`,
      `packages-not-importing-apps: 1 file could not be parsed and was left out of the import graph, the rest was judged: ${TEMPLATE} (syntax error at 1:2: Expression expected.).`,
    ]);
    expect(report.notices.some((n) => n.startsWith('apps/mobile/tsconfig.json extends "expo/tsconfig.base"'))).toBe(true);
  });

  it('CLI check --only a web guardrail reads only apps/web: no word about the other apps', () => {
    const dir = checkout();
    const r = runCli(['check', '--root', dir, '--only', 'no-cycles-web'], REPO);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/expo|templates|admin/);
  });

  it('CLI suggest exits 0, says what it could not read, and claims nothing about a folder holding the template', () => {
    const dir = checkout();
    const r = runCli(['suggest', '--root', dir], REPO);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(`notice: 1 file could not be parsed, so no folder holding one is suggested: ${TEMPLATE}.`);
    expect(r.stderr).toMatch(/notice: apps\/mobile\/tsconfig.json extends "expo\/tsconfig.base"/);
    expect(r.stdout).toMatch(/id: no-cycles-packages-ui\n/);
    expect(r.stdout).not.toMatch(/paths: \["packages\/\*\*"\]|packages\/generator/);
  });

  it('Action: the summary names the template and the uninstalled base; failed-guardrails are the two real cycles', () => {
    const dir = checkout();
    const a = runAction(dir, {});
    expect(a.status, a.stderr).toBe(1);
    expect(JSON.parse(a.outputs['failed-guardrails']!)).toEqual(['no-cycles-admin', 'no-cycles-packages']);
    expect(a.summary).toContain(TEMPLATE);
    expect(a.summary).toContain('expo/tsconfig.base');
    expect(a.summary + a.stdout).not.toMatch(/could not run|internal error/);
  });

  it('hostile: a file name in a notice forms no workflow command, in the Action or the CLI', () => {
    const dir = checkout();
    const evil = '::error file=app.ts,line=1::forged';
    writeFileSync(path.join(dir, 'packages/generator/templates', `${evil}.ts`), '{{ broken }} import {\n');
    execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', 'add', '-A'], { cwd: dir });
    execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', 'commit', '-qm', 'evil'], { cwd: dir });
    const a = runAction(dir, {});
    expect(a.summary).toContain('forged');
    expect(a.stdout.split('\n').filter((l) => /^::error file=app\.ts/.test(l.trim()))).toEqual([]);
    expect(a.annotations.some((x) => x.message.startsWith('forged'))).toBe(false);
    const c = runCli(['check', '--root', dir, '--fail-on', 'none'], REPO, { GITHUB_ACTIONS: 'true' });
    expect(c.stdout).toContain('forged');
    expect((c.stdout + c.stderr).split('\n').filter((l) => /^::error file=app\.ts/.test(l.trim()))).toEqual([]);
  });
});
