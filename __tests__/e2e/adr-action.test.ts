import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpRepo, write } from '../helpers.js';
import { runAction } from './runner.js';

const GUARDRAILS = `version: 1
guardrails:
  - id: adr-for-routes
    title: Route changes follow a recorded decision
    check: adr
    path: docs/adr
    changes-require-adr: ["backend/routes/**"]
`;
const ADR = (n: number, title: string) => `# ${n}. ${title}\n\nDate: 2024-05-20\n\n## Status\n\nAccepted\n\n## Context\n\nText.\n`;

/** A real repository with two commits: the base, and a head that changes `change`. */
function pullRequest(change: Record<string, string>, base: Record<string, string> = {}): { root: string; base: string; head: string } {
  const root = tmpRepo(
    {
      'infra/selfcheck/guardrails.yaml': GUARDRAILS,
      'docs/adr/0001-record-architecture-decisions.md': ADR(1, 'Record architecture decisions'),
      'docs/adr/0003-split-main-into-routers.md': ADR(3, 'Split main into routers'),
      'backend/routes/users.py': 'router = "users"\n',
      'backend/main.py': 'app = 1\n',
      ...base,
    },
    { git: true },
  );
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: root, encoding: 'utf8' }).trim();
  const baseSha = git('rev-parse', 'HEAD');
  for (const [f, c] of Object.entries(change)) write(root, f, c);
  git('add', '-A');
  git('commit', '-qm', 'the pull request');
  return { root, base: baseSha, head: git('rev-parse', 'HEAD') };
}

const event = (base: string, head: string, body: string) => ({
  action: 'opened',
  number: 12,
  pull_request: { number: 12, title: 'Move the events routes', body, base: { sha: base, ref: 'main' }, head: { sha: head, ref: 'events-router' } },
});

describe('dist/index.js on a pull request: changes-require-adr', () => {
  it('a guarded path changed without an ADR: the step fails with an annotation on the changed file telling what to write', () => {
    const pr = pullRequest({ 'backend/routes/events.py': 'router = "events"\n', 'backend/main.py': 'app = 2\n' });
    const r = runAction(pr.root, {}, { event: event(pr.base, pr.head, 'Moves the events handlers out of main.py.') });
    expect(r.status, r.stderr + r.stdout).toBe(1);
    expect(r.outputs).toMatchObject({ result: 'fail', errors: '1', 'failed-guardrails': '["adr-for-routes"]' });
    const a = r.annotations.filter((x) => x.level === 'error' && x.props.file);
    expect(a).toHaveLength(1);
    expect(a[0]!.props).toMatchObject({ file: 'backend/routes/events.py', line: '1' });
    expect(a[0]!.message).toContain(
      'This pull request changes backend/routes/events.py (guarded by changes-require-adr: backend/routes/**) but adds or changes no decision record in docs/adr, and its description cites none.',
    );
    expect(a[0]!.message).toContain(
      'Record the decision as docs/adr/0004-<decision>.md, or name the decision this change follows in the pull request description, e.g. "Follows ADR-0003" or a link to docs/adr/0003-split-main-into-routers.md.',
    );
  });

  it('the same change whose description cites ADR-0003, or links the record, passes', () => {
    const pr = pullRequest({ 'backend/routes/events.py': 'router = "events"\n' });
    for (const body of ['Second step of ADR-0003: events move to their router.', 'See [the decision](https://github.com/acme/pulse/blob/main/docs/adr/0003-split-main-into-routers.md).']) {
      const r = runAction(pr.root, {}, { event: event(pr.base, pr.head, body) });
      expect(r.status, r.stderr + r.stdout).toBe(0);
      expect(r.outputs).toMatchObject({ result: 'pass', errors: '0', 'failed-guardrails': '[]' });
      const report = JSON.parse(readFileSync(path.resolve(pr.root, r.outputs['report-file']!), 'utf8'));
      expect(report.guardrails[0].detail).toBe('2 records in docs/adr; guarded files changed; the description cites ADR-0003');
    }
  });

  it('a clone without the base commit: the finding asks for fetch-depth: 0', () => {
    const pr = pullRequest({ 'backend/routes/events.py': 'router = "events"\n' });
    const r = runAction(pr.root, {}, { event: event('0123456789abcdef0123456789abcdef01234567', pr.head, '') });
    expect(r.status).toBe(1);
    const a = r.annotations.find((x) => x.props.file === 'infra/selfcheck/guardrails.yaml');
    expect(a?.message).toContain('the base commit 0123456789ab is not in this clone');
    expect(a?.message).toContain('`fetch-depth: 0`');
  });
});

describe('dist/index.js on pull_request_target: command guardrails', () => {
  const withCommand = `${GUARDRAILS}  - id: live-check\n    check: command\n    run: touch command-ran\n`;

  it('are refused when the pull request changes the guardrails file or any other file, and run when the checkout is the base branch’s', () => {
    const changed = pullRequest({ 'infra/selfcheck/guardrails.yaml': withCommand }, {});
    const refused = runAction(changed.root, { only: 'live-check' }, { eventName: 'pull_request_target', event: event(changed.base, changed.head, '') });
    expect(refused.status, refused.stderr).toBe(0);
    expect(existsSync(path.join(changed.root, 'command-ran'))).toBe(false);
    expect(refused.summary).toContain('the guardrails file infra/selfcheck/guardrails.yaml is not');

    // The guardrails file is the base branch's, another file is not: what the command runs may be the fork's.
    const same = pullRequest({ 'README.md': 'docs\n' }, { 'infra/selfcheck/guardrails.yaml': withCommand });
    const other = runAction(same.root, { only: 'live-check' }, { eventName: 'pull_request_target', event: event(same.base, same.head, '') });
    expect(other.status, other.stderr).toBe(0);
    expect(existsSync(path.join(same.root, 'command-ran'))).toBe(false);
    expect(other.summary).toContain('1 file: README.md');

    execFileSync('git', ['checkout', '-q', same.base], { cwd: same.root });
    const ran = runAction(same.root, { only: 'live-check' }, { eventName: 'pull_request_target', event: event(same.base, same.head, '') });
    expect(ran.status, ran.stderr).toBe(0);
    expect(existsSync(path.join(same.root, 'command-ran'))).toBe(true);
  });
});
