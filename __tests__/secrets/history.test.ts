import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyRangeOf, parsePatch, unquotePath } from '../../src/secrets/history.js';
import { sha256 } from '../../src/util/hash.js';
import type { Report } from '../../src/types.js';
import { tmpRepo, write } from '../helpers.js';
import { runIn } from '../run.js';
import { rng, SECRET_KINDS } from './corpus.js';

// Secrets are made at run time; nothing credential-shaped is committed with the tests.
const make = (rule: string, seed = 1): string => SECRET_KINDS.find((k) => k.rule === rule)!.make(rng(seed));
const ghp = make('github-pat', 3);
const akia = make('aws-access-token', 4);

const YAML = (extra = ''): string => `version: 1
guardrails:
  - id: no-secrets
    check: secrets
${extra}`;

const gitIn =
  (root: string) =>
  (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: root, encoding: 'utf8' }).trim();

/** A base commit, then a commit adding a key, then one removing it: the working tree is clean. */
function leakedAndRemoved(extra: Record<string, string> = {}, yaml = YAML()): { root: string; base: string; add: string; head: string } {
  const root = tmpRepo({ 'infra/selfcheck/guardrails.yaml': yaml, 'app/config.py': 'DEBUG = False\n', ...extra }, { git: true });
  const git = gitIn(root);
  const base = git('rev-parse', 'HEAD');
  write(root, 'app/config.py', `DEBUG = False\nGITHUB_TOKEN = "${ghp}"\n`);
  git('add', '-A');
  git('commit', '-qm', 'add a token');
  const add = git('rev-parse', 'HEAD');
  write(root, 'app/config.py', 'DEBUG = False\nimport os\nGITHUB_TOKEN = os.environ["GITHUB_TOKEN"]\n');
  git('add', '-A');
  git('commit', '-qm', 'oops, remove it');
  return { root, base, add, head: git('rev-parse', 'HEAD') };
}

const pr = (base: string, head: string) => ({ name: 'pull_request', payload: { pull_request: { number: 1, base: { sha: base }, head: { sha: head } } } });
const push = (before: string, after: string, extra: Record<string, unknown> = {}) => ({ name: 'push', payload: { before, after, ...extra } });
const brief = (r: Report): string[] => r.findings.map((f) => `${f.file}:${f.line}:${f.column} ${String(f.properties?.secretRule)} ${String(f.properties?.commit ?? 'tree')}`);

describe('secrets in history', () => {
  it('finds a token committed and removed in the same pull request, names its commit, never prints it', async () => {
    const { root, base, add, head } = leakedAndRemoved();
    const report = await runIn(root, { event: pr(base, head) });
    expect(brief(report)).toEqual([`app/config.py:2:17 github-pat ${add.slice(0, 7)}`]);
    const f = report.findings[0]!;
    expect(f.message).toContain(`committed in ${add.slice(0, 7)}`);
    expect(f.properties).toMatchObject({ commit: add.slice(0, 7), commitSha: add, history: true, secretHash: sha256(ghp).slice(0, 32) });
    expect(f.identity).toBe(`history:github-pat:${sha256(ghp).slice(0, 32)}`);
    expect(JSON.stringify(report)).not.toContain(ghp.slice(4));
    expect(report.guardrails[0]!.detail).toMatch(/history: 2 commits of the pull request [0-9a-f]{7}\.\.[0-9a-f]{7} read/);
  });

  it('without an event (a local run) or with history: false, only the working tree is scanned', async () => {
    const { root, base, head } = leakedAndRemoved();
    expect((await runIn(root)).findings).toEqual([]);
    writeFileSync(path.join(root, 'infra/selfcheck/guardrails.yaml'), YAML('    history: false\n'));
    expect((await runIn(root, { event: pr(base, head) })).findings).toEqual([]);
  });

  it('a secret still in the working tree is reported once, by the working-tree scan', async () => {
    const root = tmpRepo({ 'infra/selfcheck/guardrails.yaml': YAML(), 'a.txt': 'x\n' }, { git: true });
    const git = gitIn(root);
    const base = git('rev-parse', 'HEAD');
    write(root, 'keys.env', `AWS_ACCESS_KEY_ID=${akia}\n`);
    git('add', '-A');
    git('commit', '-qm', 'key');
    write(root, 'keys.env', `# moved down\nAWS_ACCESS_KEY_ID=${akia}\n`);
    git('add', '-A');
    git('commit', '-qm', 'move');
    const report = await runIn(root, { event: pr(base, git('rev-parse', 'HEAD')) });
    expect(brief(report)).toEqual(['keys.env:2:19 aws-access-token tree']);
  });

  it('push: before..after, a new branch from the commits the payload lists, a force push whose before is unknown', async () => {
    const { root, base, add, head } = leakedAndRemoved();
    const want = [`app/config.py:2:17 github-pat ${add.slice(0, 7)}`];
    expect(brief(await runIn(root, { event: push(base, head) }))).toEqual(want);
    const zero = '0'.repeat(40);
    expect(brief(await runIn(root, { event: push(zero, head, { commits: [{ id: add }, { id: head }] }) }))).toEqual(want);
    expect(brief(await runIn(root, { event: push(zero, head, { commits: [] }) }))).toEqual([]);
    const unknown = 'f'.repeat(40);
    expect(brief(await runIn(root, { event: push(unknown, head, { forced: true, commits: [{ id: add }, { id: head }] }) }))).toEqual(want);
    const r = await runIn(root, { event: push(unknown, head) });
    expect(r.notices.join('\n')).toMatch(/secrets removed in the push fffffff\.\.[0-9a-f]{7} cannot be proven absent: the base commit fffffff is not in this clone; check out with `fetch-depth: 0`/);
  });

  it('a shallow clone cannot see the range: one notice, no failure', async () => {
    const { root, base, head } = leakedAndRemoved();
    const clone = tmpRepo({});
    rmSync(clone, { recursive: true });
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${root}`, clone]);
    const r = await runIn(clone, { event: pr(base, head) });
    expect(r.findings).toEqual([]);
    const n = r.notices.filter((x) => x.includes('cannot be proven'));
    expect(n).toHaveLength(1);
    expect(n[0]).toMatch(/the base commit [0-9a-f]{7} is not in this clone \(a shallow clone: actions\/checkout fetches a single commit by default\); check out with `fetch-depth: 0`/);
  });

  it('a history finding can be allowed by its fingerprint or secret hash (what a baseline stores: no secret)', async () => {
    const { root, base, head } = leakedAndRemoved();
    const first = await runIn(root, { event: pr(base, head) });
    const fp = first.findings[0]!.fingerprint!;
    writeFileSync(path.join(root, 'infra/selfcheck/guardrails.yaml'), YAML(`    allow:\n      fingerprints: ["${fp}"]\n`));
    expect((await runIn(root, { event: pr(base, head) })).findings).toEqual([]);
    writeFileSync(path.join(root, 'infra/selfcheck/guardrails.yaml'), YAML(`    allow:\n      fingerprints: ["${String(first.findings[0]!.properties!.secretHash)}"]\n`));
    expect((await runIn(root, { event: pr(base, head) })).findings).toEqual([]);
  });

  it('limits: commits beyond max-commits and patches beyond max-mib are cut with a notice', async () => {
    const { root, base, head } = leakedAndRemoved({}, YAML('    history:\n      max-commits: 1\n'));
    const r = await runIn(root, { event: pr(base, head) });
    expect(r.findings).toEqual([]); // the token's commit is the older of two
    expect(r.notices.join('\n')).toContain('was cut (only the 1 most recent of 2 commits were read)');
    const big = leakedAndRemoved({}, YAML('    history:\n      max-mib: 0.01\n'));
    const git = gitIn(big.root);
    write(big.root, 'big.txt', 'word '.repeat(100_000));
    git('add', '-A');
    git('commit', '-qm', 'big');
    const r2 = await runIn(big.root, { event: pr(big.base, git('rev-parse', 'HEAD')) });
    expect(r2.notices.join('\n')).toMatch(/the patches passed 0\.01 MiB: reading stopped in commit [0-9a-f]{7}, later commits were not read/);
    expect(brief(r2)).toEqual([`app/config.py:2:17 github-pat ${big.add.slice(0, 7)}`]);
  });

  it('a .gitattributes of the pull request marking files binary (-diff) does not hide what they add', async () => {
    const { root, base, add, head } = leakedAndRemoved({ '.gitattributes': '*.py -diff\n' });
    const report = await runIn(root, { event: pr(base, head) });
    expect(brief(report)).toEqual([`app/config.py:2:17 github-pat ${add.slice(0, 7)}`]);
  });

  it('the rules of a rules-file apply to history too (scanned in a worker under the time budget)', async () => {
    const toml = 'title = "x"\n[[rules]]\nid = "acme-token"\ndescription = "Acme token"\nregex = \'\'\'acme_[0-9a-f]{32}\'\'\'\nkeywords = ["acme_"]\n';
    const root = tmpRepo({ 'infra/selfcheck/guardrails.yaml': YAML('    rules-file: .gitleaks.toml\n'), '.gitleaks.toml': toml, 'a.txt': 'x\n' }, { git: true });
    const git = gitIn(root);
    const base = git('rev-parse', 'HEAD');
    const token = `acme_${sha256('h14').slice(0, 32)}`;
    write(root, 'billing.py', `KEY = "${token}"\n`);
    git('add', '-A');
    git('commit', '-qm', 'add');
    write(root, 'billing.py', 'KEY = None\n');
    git('add', '-A');
    git('commit', '-qm', 'remove');
    const r = await runIn(root, { event: pr(base, git('rev-parse', 'HEAD')) });
    expect(brief(r)).toEqual([`billing.py:1:8 acme-token ${git('rev-parse', '--short=7', 'HEAD~1')}`]);
    expect(JSON.stringify(r)).not.toContain(token);
  });

  it('run in a folder of the repository (working-directory): paths relative to it, files outside left out', async () => {
    const root = tmpRepo({ 'svc/infra/selfcheck/guardrails.yaml': YAML(), 'svc/a.txt': 'x\n', 'other/b.txt': 'y\n' }, { git: true });
    const git = gitIn(root);
    const base = git('rev-parse', 'HEAD');
    write(root, 'svc/app.env', `TOKEN=${ghp}\n`);
    write(root, 'other/app.env', `TOKEN=${ghp}\n`);
    git('add', '-A');
    git('commit', '-qm', 'both');
    rmSync(path.join(root, 'svc/app.env'));
    rmSync(path.join(root, 'other/app.env'));
    git('add', '-A');
    git('commit', '-qm', 'gone');
    const r = await runIn(path.join(root, 'svc'), { event: pr(base, git('rev-parse', 'HEAD')) });
    expect(r.findings.map((f) => f.file)).toEqual(['app.env']);
  });

  it('hostile file names and commit messages: quoted names decoded, messages never read', async () => {
    const root = tmpRepo({ 'infra/selfcheck/guardrails.yaml': YAML(), 'a.txt': 'x\n' }, { git: true });
    const git = gitIn(root);
    const base = git('rev-parse', 'HEAD');
    const name = 'evil\n::error::forged\t"x".env';
    write(root, name, `TOKEN=${ghp}\n`);
    git('add', '-A');
    git('commit', '-qm', `::warning::forged\n+++ b/fake.txt\n@@ -0,0 +1 @@\n+${akia}`);
    rmSync(path.join(root, name));
    git('add', '-A');
    git('commit', '-qm', 'remove');
    const r = await runIn(root, { event: pr(base, git('rev-parse', 'HEAD')) });
    expect(r.findings.map((f) => f.file)).toEqual([name]);
    expect(JSON.stringify(r)).not.toContain(akia);
    expect(JSON.stringify(r)).not.toContain('forged\\n+++');
  });
});

describe('history configuration', () => {
  it('a history value that is neither a boolean nor limits is a configuration error naming its line', async () => {
    const { root, base, head } = leakedAndRemoved({}, YAML('    history: yes please\n'));
    await expect(runIn(root, { event: pr(base, head) })).rejects.toMatchObject({ name: 'ConfigError', line: 5 });
    writeFileSync(path.join(root, 'infra/selfcheck/guardrails.yaml'), YAML('    history:\n      max-commit: 3\n'));
    await expect(runIn(root, { event: pr(base, head) })).rejects.toMatchObject({ name: 'ConfigError' });
  });
});

describe('history parsing', () => {
  it('takes hunk lines by count, so content cannot pass for a commit or a file header', () => {
    const sha = 'a'.repeat(40);
    const text = [
      `\u0001${sha}`,
      '',
      'diff --git a/x b/x',
      '--- a/x',
      '+++ b/x',
      '@@ -1 +1,3 @@ def f():',
      '-old',
      '++++ b/other',
      '+\u0001' + 'b'.repeat(40),
      '+@@ -0,0 +1 @@',
      '\\ No newline at end of file',
      '',
    ].join('\n');
    const { hunks, commits } = parsePatch(text);
    expect(commits).toEqual([sha]);
    expect(hunks).toEqual([{ commit: sha, file: 'x', start: 1, lines: ['+++ b/other', '\u0001' + 'b'.repeat(40), '@@ -0,0 +1 @@'] }]);
  });

  it('drops added content with NUL bytes (binary read as text)', () => {
    const sha = 'c'.repeat(40);
    const text = [`\u0001${sha}`, 'diff --git a/x b/x', '+++ b/x', '@@ -0,0 +1,2 @@', '+ok', '+a\u0000b', 'diff --git a/y b/y', '+++ b/y', '@@ -0,0 +1 @@', '+fine', ''].join('\n');
    expect(parsePatch(text).hunks.map((h) => h.file)).toEqual(['y']);
  });

  it('decodes git-quoted paths', () => {
    expect(unquotePath('"b/a\\nb\\t\\"c\\"\\\\\\303\\251"')).toBe('b/a\nb\t"c"\\é');
    expect(unquotePath('b/plain name')).toBe('b/plain name');
  });

  it('ranges from events', () => {
    const a = '1'.repeat(40);
    const b = '2'.repeat(40);
    expect(historyRangeOf(pr(a, b))).toMatchObject({ revs: [`${a}..${b}`], event: 'pull_request' });
    expect(historyRangeOf(push(a, b))).toMatchObject({ revs: [`${a}..${b}`], event: 'push' });
    expect(historyRangeOf(push('0'.repeat(40), b, { commits: [{ id: a }] }))).toMatchObject({ revs: [b, '--not', `${a}^@`] });
    expect(historyRangeOf(push('0'.repeat(40), b, { commits: [{ id: '--output=/tmp/x' }] }))).toHaveProperty('none');
    expect(historyRangeOf({ name: 'schedule', payload: {} })).toHaveProperty('none');
    expect(historyRangeOf(undefined)).toHaveProperty('none');
  });
});
