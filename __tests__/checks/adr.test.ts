import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { toSarif } from '../../src/report/sarif.js';
import { tmpRepo, write } from '../helpers.js';
import { runIn, runOn } from '../run.js';

const MADR = '---\nstatus: accepted\ndate: 2024-02-05\n---\n\n# Record architecture decisions\n';
const NYGARD = (n: number, title: string, status = 'Accepted') => `# ${n}. ${title}\n\nDate: 2024-02-12\n\n## Status\n\n${status}\n\n## Context\n\nText.\n`;
const NO_STATUS = '# 3. Split main into routers\n\nDate: 2024-05-20\n\n## Context\n\nText.\n';

const yaml = (extra = '') => `version: 1\nguardrails:\n  - id: adrs\n    check: adr\n    path: docs/adr\n${extra}`;
const brief = (r: { findings: { file: string; line: number; identity: string }[] }) => r.findings.map((f) => `${f.file}:${f.line} ${f.identity}`);

describe('adr: records are well-formed', () => {
  it('MADR and Nygard records pass; a record without a status is a finding at its title', async () => {
    const { report } = await runOn(
      {
        'docs/adr/0001-record-architecture-decisions.md': MADR,
        'docs/adr/0002-postgresql.md': NYGARD(2, 'PostgreSQL'),
        'docs/adr/0003-split-main.md': NO_STATUS,
        'docs/adr/README.md': '# Decisions\n',
        'docs/adr/adr-template.md': '# {title}\n\n## Status\n\n{proposed | accepted}\n',
      },
      yaml(),
    );
    expect(brief(report)).toEqual(['docs/adr/0003-split-main.md:1 no-status']);
    expect(report.findings[0]!.message).toBe(
      'ADR 0003 (3. Split main into routers) has no status, so it cannot be told apart from a proposal. Add a `## Status` section (Nygard) or `status:` in the front matter (MADR) with one of: proposed, accepted, rejected, deprecated, superseded.',
    );
    expect(report.guardrails[0]!.detail).toBe('3 records in docs/adr');
  });

  it('unknown statuses, superseded links, duplicate numbers, titles and dates', async () => {
    const { report } = await runOn(
      {
        'docs/adr/0001-a.md': NYGARD(1, 'A', 'Superseded by [5. E](0005-e.md)'),
        'docs/adr/0002-b.md': NYGARD(2, 'B', 'Superseded by [3. C](0003-c.md)'),
        'docs/adr/0003-c.md': NYGARD(3, 'C', 'Superseded by ADR-0009'),
        'docs/adr/0004-d.md': NYGARD(4, 'D', 'Superseded'),
        'docs/adr/0004-d-again.md': NYGARD(4, 'D again', 'Draft'),
        'docs/adr/0006-f.md': '---\nstatus: accepted\ndate: 5 May 2024\n---\n\nNo heading here.\n',
        'docs/adr/0007-g.md': '# 7. G\n\n## Status\n\nDeprecated\n',
        'docs/adr/0008-h.md': NYGARD(8, 'H', 'Superseded by ADR-2'),
      },
      yaml(),
    );
    expect(brief(report)).toEqual([
      'docs/adr/0001-a.md:7 superseded-by-missing:[5. E](0005-e.md)',
      'docs/adr/0003-c.md:7 superseded-by-missing:ADR-0009',
      'docs/adr/0004-d-again.md:7 unknown-status:draft',
      'docs/adr/0004-d.md:1 duplicate-number:4',
      'docs/adr/0004-d.md:7 superseded-by-nothing',
      'docs/adr/0006-f.md:1 no-title',
      'docs/adr/0006-f.md:3 bad-date',
      'docs/adr/0007-g.md:1 no-date',
    ]);
    const msg = (id: string) => report.findings.find((f) => f.identity.startsWith(id))!.message;
    expect(msg('superseded-by-missing:[5')).toContain('points at docs/adr/0005-e.md, which does not exist');
    expect(msg('superseded-by-missing:ADR')).toContain('there is no record number 0009');
    expect(msg('duplicate-number')).toContain('the next free number is 0009');
  });

  it('statuses can be replaced', async () => {
    const { report } = await runOn({ 'docs/adr/0001-a.md': NYGARD(1, 'A', 'Draft') }, yaml('    statuses: [draft, final]\n'));
    expect(report.findings).toEqual([]);
  });

  it('finds the usual folder when path is not given, and an empty path is a configuration error', async () => {
    const { report } = await runOn({ 'doc/adr/0001-a.md': NYGARD(1, 'A', 'Nope') }, 'version: 1\nguardrails:\n  - id: adrs\n    check: adr\n');
    expect(brief(report)).toEqual(['doc/adr/0001-a.md:7 unknown-status:nope']);
    await expect(runOn({ 'x.md': '' }, yaml())).rejects.toMatchObject({ name: 'ConfigError', line: 5, message: expect.stringContaining('docs/adr holds no files') });
    await expect(runOn({ 'x.md': '' }, 'version: 1\nguardrails:\n  - id: adrs\n    check: adr\n')).rejects.toMatchObject({
      name: 'ConfigError',
      message: expect.stringContaining('no architecture decision records found'),
    });
  });
});

/** A git repository: a base commit, then `change` applied and committed as the head. */
function prRepo(change: Record<string, string>): { root: string; base: string; head: string } {
  const root = tmpRepo(
    {
      'infra/selfcheck/guardrails.yaml': yaml('    changes-require-adr: ["backend/routes/**", "backend/alembic/versions/**"]\n'),
      'docs/adr/0001-record-architecture-decisions.md': MADR,
      'docs/adr/0002-postgresql.md': NYGARD(2, 'PostgreSQL'),
      'docs/adr/0003-split-main-into-routers.md': NYGARD(3, 'Split main'),
      'backend/routes/users.py': 'router = 1\n',
      'README.md': '# x\n',
    },
    { git: true },
  );
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: root, encoding: 'utf8' }).trim();
  const base = git('rev-parse', 'HEAD');
  for (const [f, c] of Object.entries(change)) write(root, f, c);
  git('add', '-A');
  git('commit', '-qm', 'change');
  return { root, base, head: git('rev-parse', 'HEAD') };
}
const prEvent = (base: string, head: string, body: string | null, name = 'pull_request') => ({
  name,
  payload: { pull_request: { number: 7, title: 'Move events', body, base: { sha: base }, head: { sha: head } } },
});

describe('adr: changes-require-adr', () => {
  it('a pull request that changes a guarded path without an ADR: one finding at the changed file telling what to write', async () => {
    const { root, base, head } = prRepo({ 'backend/routes/events.py': 'router = 2\n', 'README.md': '# y\n' });
    const report = await runIn(root, { event: prEvent(base, head, 'Moves the events routes.') });
    expect(brief(report)).toEqual(['backend/routes/events.py:1 adr-required']);
    expect(report.findings[0]!.message).toBe(
      'This pull request changes backend/routes/events.py (guarded by changes-require-adr: backend/routes/**, backend/alembic/versions/**) but adds or changes no decision record in docs/adr, and its description cites none. Record the decision as docs/adr/0004-<decision>.md, or name the decision this change follows in the pull request description, e.g. "Follows ADR-0003" or a link to docs/adr/0003-split-main-into-routers.md.',
    );
  });

  it('citing ADR-0003, linking its file, or changing a record satisfies it; citing a record that does not exist does not', async () => {
    const { root, base, head } = prRepo({ 'backend/routes/events.py': 'router = 2\n' });
    for (const body of ['Implements adr-3.', 'See ADR 0003', 'Per https://github.com/acme/pulse/blob/main/docs/adr/0003-split-main-into-routers.md']) {
      const report = await runIn(root, { event: prEvent(base, head, body) });
      expect(report.findings, body).toEqual([]);
      expect(report.guardrails[0]!.detail).toContain('the description cites ADR-0003');
    }
    const bad = await runIn(root, { event: prEvent(base, head, 'Follows ADR-0042') });
    expect(bad.findings[0]!.message).toContain('It cites ADR-0042, which is not in docs/adr.');
    const none = await runIn(root, { event: prEvent(base, head, null) });
    expect(none.findings).toHaveLength(1);

    const withAdr = prRepo({ 'backend/routes/events.py': 'router = 2\n', 'docs/adr/0004-events-router.md': NYGARD(4, 'Events router') });
    const ok = await runIn(withAdr.root, { event: prEvent(withAdr.base, withAdr.head, '') });
    expect(ok.findings).toEqual([]);
    expect(ok.guardrails[0]!.detail).toContain('the pull request changes docs/adr/0004-events-router.md');
  });

  it('unguarded changes pass; without an event it is not checked; pull_request_target is a pull request too', async () => {
    const { root, base, head } = prRepo({ 'README.md': '# y\n' });
    const r = await runIn(root, { event: prEvent(base, head, '', 'pull_request_target') });
    expect(r.findings).toEqual([]);
    expect(r.guardrails[0]!.detail).toBe('3 records in docs/adr; the pull request changes 1 file, none guarded');
    const local = await runIn(root);
    expect(local.guardrails[0]!.detail).toBe('3 records in docs/adr; changes-require-adr not checked: not run on a GitHub event (no pull request to compare)');
  });

  it('a base commit missing from the clone is a finding that asks for fetch-depth: 0', async () => {
    const { root, head } = prRepo({ 'backend/routes/events.py': 'router = 2\n' });
    const report = await runIn(root, { event: prEvent('1234567890abcdef1234567890abcdef12345678', head, '') });
    expect(brief(report)).toEqual(['infra/selfcheck/guardrails.yaml:6 changes-unknown']);
    expect(report.findings[0]!.message).toContain('the base commit 1234567890ab is not in this clone');
    expect(report.findings[0]!.message).toContain('`fetch-depth: 0`');
    // Not a code alert on guardrails.yaml: a tool execution notification (issue 15 item 5).
    const run = JSON.parse(toSarif(report, { category: 'c' }).json).runs[0];
    expect(run.results).toEqual([]);
    expect(run.invocations[0].toolExecutionNotifications.some((n: { message: { text: string } }) => n.message.text.includes('fetch-depth: 0'))).toBe(true);
  });
});
