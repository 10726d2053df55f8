import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeGitHub } from '../github/fake-github.js';
import { tmpRepo, write } from '../helpers.js';
import { runAction, runCli } from './runner.js';

const guardrails = `version: 1
guardrails:
  - id: no-print
    title: No print debugging
    goals: [user-authentication]
    check: pattern
    paths: ["**/*.py"]
    forbid: 'print\\('
  - id: small-modules
    severity: warning
    check: max-lines
    paths: ["**/*.py"]
    max: 6
`;

const BASELINE = 'infra/selfcheck/guardrails-baseline.json';
const DAY1 = { SOURCE_DATE_EPOCH: '1735689600' }; // 2025-01-01

let pristine: string | undefined;

/**
 * A repository with two findings and a baseline of them written by the bundled CLI: built once,
 * each test gets a copy (its .git too) to change.
 */
function fixture(): string {
  pristine ??= build();
  const copy = tmpRepo({});
  cpSync(pristine, copy, { recursive: true });
  return copy;
}

function build(): string {
  const ws = tmpRepo(
    {
      'infra/selfcheck/guardrails.yaml': guardrails,
      'backend/auth.py': 'import os\nprint("token")\n',
      'backend/events.py': 'def f():\n    print("debug")\n',
    },
    { git: true },
  );
  const r = runCli(['baseline', 'update'], ws, DAY1);
  expect(r.stderr).not.toMatch(/error/);
  expect(r.stdout).toBe(`Wrote ${BASELINE}: 2 findings (2 new), 0 fixed since the last update.\n`);
  expect(r.status).toBe(0);
  return ws;
}

/** The change between the two runs: auth.py's print moves down, events.py's is fixed, jobs.py adds one. */
function change(ws: string): void {
  write(ws, 'backend/auth.py', '"""Auth."""\nimport os\nimport sys\n\nprint("token")\n');
  write(ws, 'backend/events.py', 'def f():\n    return 1\n');
  write(ws, 'backend/jobs.py', 'print("job")\n');
}

const sarifResults = (ws: string) =>
  (
    JSON.parse(readFileSync(path.join(ws, 'guardrails.sarif'), 'utf8')).runs[0].results as {
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
      baselineState?: string;
      partialFingerprints: Record<string, string>;
    }[]
  ).map((r) => ({
    file: r.locations[0]!.physicalLocation.artifactLocation.uri,
    line: r.locations[0]!.physicalLocation.region.startLine,
    state: r.baselineState,
    fp: r.partialFingerprints['livingArchitecture/v1'],
  }));

describe('dist/index.js with a baseline, run twice with a change in between', () => {
  it('fail-on: new passes on the baseline, then fails on the new finding only; fixed is counted', () => {
    const ws = fixture();
    const first = runAction(ws, { 'fail-on': 'new' });
    expect(first.status, first.stdout).toBe(0);
    expect(first.outputs).toMatchObject({ result: 'pass', errors: '2', 'new-findings': '0', 'fixed-findings': '0' });
    const before = sarifResults(ws);
    expect(before.map((r) => r.state)).toEqual(['unchanged', 'unchanged']);

    change(ws);
    const second = runAction(ws, { 'fail-on': 'new' });
    expect(second.status, second.stdout).toBe(1);
    expect(second.outputs).toMatchObject({ result: 'fail', errors: '2', warnings: '0', 'new-findings': '1', 'fixed-findings': '1', 'failed-guardrails': '["no-print"]', 'map-drift': 'false' });
    const after = sarifResults(ws);
    expect(after.map((r) => [r.file, r.line, r.state])).toEqual([
      ['backend/auth.py', 5, 'unchanged'],
      ['backend/jobs.py', 1, 'new'],
    ]);
    expect(after[0]!.fp).toBe(before.find((r) => r.file === 'backend/auth.py')!.fp);
    expect(second.summary).toContain('### Since the baseline');
    expect(second.summary).toContain('| 1 | 0 | 1 | 1 | 0 |');
    expect(second.summary).toMatch(/\*\*🆕 New since the baseline\*\*\n\n\| \| Where \| What \|\n\|:-:\|---\|---\|\n\| 🔴 \| \[backend\/jobs\.py:1\]/);
    expect(second.summary).toMatch(/1 finding of the baseline fixed<\/summary>[\s\S]*`backend\/events\.py` \| `no-print`/);
    expect(second.stdout).toMatch(/::error::Guardrails failed: no-print/);

    // With fail-on: error the recurring finding gates too; the counts are the same.
    const strict = runAction(ws, { 'fail-on': 'error' });
    expect(strict.outputs).toMatchObject({ result: 'fail', 'new-findings': '1', 'fixed-findings': '1' });

    // baseline update accepts the change: the next run has nothing new.
    expect(runCli(['baseline', 'update'], ws, { SOURCE_DATE_EPOCH: '1735776000' }).stdout).toBe(`Updated ${BASELINE}: 2 findings (1 new), 1 fixed since the last update.\n`);
    const third = runAction(ws, { 'fail-on': 'new' });
    expect(third.outputs).toMatchObject({ result: 'pass', 'new-findings': '0', 'fixed-findings': '0' });
  });

  it('a broken baseline is a configuration error with file, line and column (exit 2)', () => {
    const ws = fixture();
    writeFileSync(path.join(ws, BASELINE), '{\n  "version": 1,\n  "findings": [],\n  "fixed": [,]\n}\n');
    const r = runAction(ws, { 'fail-on': 'new' });
    expect(r.status).toBe(2);
    expect(r.annotations[0]).toMatchObject({ level: 'error', props: { file: BASELINE, line: '4', col: '13' } });
    expect(r.annotations[0]!.message).toMatch(/JSON syntax error: value expected/);
    const named = runAction(ws, { baseline: 'missing.json' });
    expect(named.status).toBe(2);
    expect(named.stdout).toMatch(/missing\.json: baseline file not found/);
  });

  it('a missing default baseline: every finding is new, and the summary says so with fail-on: new', () => {
    const ws = fixture();
    rmSync(path.join(ws, BASELINE));
    const r = runAction(ws, { 'fail-on': 'new' });
    expect(r.outputs).toMatchObject({ result: 'fail', 'new-findings': '2', 'fixed-findings': '0' });
    expect(r.summary).toMatch(/No baseline at infra\/selfcheck\/guardrails-baseline\.json: every finding counts as new/);
  });
});

describe('dist/index.js talking to a stand-in GitHub API', () => {
  it('comment: true on a pull request: one sticky comment after three runs, with the new finding and the goals at risk', async () => {
    const gh = await fakeGitHub();
    const ws = fixture();
    change(ws);
    const event = { pull_request: { number: 12, head: { repo: { full_name: 'acme/pulse' } }, base: { repo: { full_name: 'acme/pulse' } } } };
    const env = { GITHUB_API_URL: gh.url, GITHUB_RUN_ID: '99' };
    for (let i = 0; i < 3; i++) {
      const r = runAction(ws, { 'fail-on': 'new', comment: 'true' }, { event, env });
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`Pull request comment ${i === 0 ? 'created' : 'updated'}: https://github.com/acme/pulse/pull/12#issuecomment-`));
      // The token is masked (the runner consumes ::add-mask::) and never printed otherwise.
      expect(r.stdout).toContain('::add-mask::ghs_fakeTokenForTests');
      expect(r.stdout.replace(/^::add-mask::.*$/m, '')).not.toContain('ghs_fakeTokenForTests');
    }
    const st = await gh.state();
    expect(st.comments).toHaveLength(1);
    const body = st.comments[0]!.body;
    expect(body).toMatch(/^<!-- living-architecture:pr-comment category=living-architecture -->\n### ❌ Living Architecture: failed/);
    expect(body).toContain('Against the baseline: **1 new**, **0 regressed**, 1 recurring, 1 fixed.');
    expect(body).toContain('**New in this pull request** (1)');
    expect(body).toContain('backend/jobs.py:1');
    expect(body).not.toContain('backend/auth.py');
    expect(body).toContain('**Goals at risk:** `user-authentication`');
    expect(body).toContain('(https://github.com/acme/pulse/actions/runs/99)');
    const writes = (await gh.requests()).filter((q) => q.method !== 'GET').map((q) => q.method);
    expect(writes).toEqual(['POST', 'PATCH', 'PATCH']);

    // From a fork: skipped with a notice, nothing written, the step's verdict unchanged.
    const fork = runAction(ws, { 'fail-on': 'new', comment: 'true' }, { event: { pull_request: { ...event.pull_request, head: { repo: { full_name: 'eve/pulse' } } } }, env });
    expect(fork.annotations).toEqual(
      expect.arrayContaining([{ level: 'notice', props: {}, message: expect.stringMatching(/^Pull request comment skipped: the pull request comes from the fork eve\/pulse/) }]),
    );
    expect(fork.outputs.result).toBe('fail');
    expect((await gh.requests()).filter((q) => q.method !== 'GET')).toHaveLength(3);
    gh.close();
  });

  it('mode: drift writes the drift report and opens, updates, then closes the architecture-drift issue', async () => {
    const gh = await fakeGitHub();
    const ws = fixture();
    const env = { GITHUB_API_URL: gh.url };
    const drift = (): ReturnType<typeof runAction> => runAction(ws, { mode: 'drift', 'fail-on': 'none', only: 'small-modules' }, { eventName: 'schedule', env });

    const quiet = drift();
    expect(quiet.status, quiet.stdout).toBe(0);
    expect(quiet.outputs['drift-report']).toMatch(/living-architecture-drift\.md$/);
    expect(quiet.stdout).toContain('No drift and no open drift issue.');
    expect(quiet.outputs).toMatchObject({ 'new-findings': '0', 'map-drift': 'false' });

    change(ws);
    const r = drift();
    expect(r.outputs).toMatchObject({ 'new-findings': '1', 'fixed-findings': '1' });
    const file = path.resolve(ws, r.outputs['drift-report']!);
    expect(existsSync(file)).toBe(true);
    const md = readFileSync(file, 'utf8');
    expect(md).toMatch(/^## ⚠️ Architecture drift — \d{4}-\d{2}-\d{2}/);
    expect(md).toContain('### 🆕 New since the baseline (1)');
    expect(md).toContain('### ✅ Fixed since the baseline (1)');
    expect(r.summary).toContain(md);
    expect(r.stdout).toMatch(/Drift issue #1 created: https:\/\/github.com\/acme\/pulse\/issues\/1/);

    write(ws, 'backend/jobs.py', 'x = 1\nprint("again")\n');
    expect(drift().stdout).toMatch(/Drift issue #1 updated/);
    write(ws, 'backend/jobs.py', 'x = 1\n');
    expect(drift().stdout).toMatch(/Drift issue #1 closed/);
    const st = await gh.state();
    expect(st.issues).toHaveLength(1);
    expect(st.issues[0]).toMatchObject({ state: 'closed', labels: ['architecture-drift'], title: 'Architecture drift: none' });
    gh.close();
  });

  it('mode: drift diffs the intelligence map: map-drift is true and the report and issue carry the map diff', async () => {
    const gh = await fakeGitHub();
    const ws = tmpRepo({ 'infra/selfcheck/guardrails.yaml': guardrails, 'backend/__init__.py': '', 'backend/api.py': 'import backend.db\n', 'backend/db.py': 'x = 1\n' }, { git: true });
    expect(runCli(['map', 'generate'], ws).status).toBe(0);
    expect(runCli(['baseline', 'update'], ws, DAY1).status).toBe(0);
    const env = { GITHUB_API_URL: gh.url };
    const inSync = runAction(ws, { mode: 'drift', 'fail-on': 'none' }, { eventName: 'schedule', env });
    expect(inSync.outputs).toMatchObject({ 'map-drift': 'false', 'new-findings': '0' });
    expect(inSync.summary).toContain('### ✅ Intelligence map matches the code');
    expect(inSync.stdout).toContain('No drift and no open drift issue.');

    write(ws, 'backend/jobs.py', 'y = 2\n');
    const r = runAction(ws, { mode: 'drift', 'fail-on': 'none' }, { eventName: 'schedule', env });
    expect(r.outputs['map-drift']).toBe('true');
    const md = readFileSync(path.resolve(ws, r.outputs['drift-report']!), 'utf8');
    expect(md).toContain('### 🧭 Intelligence map drift: 1 change');
    expect(md).toContain('- `backend/jobs.py`');
    expect(md).toMatch(/\| 🗺️ Map \|[\s\S]*\| changed \|/);
    const st = await gh.state();
    expect(st.issues).toHaveLength(1);
    expect(st.issues[0]!.title).toMatch(/the intelligence map changed/);
    expect(st.issues[0]!.body).toContain('backend/jobs.py');
    gh.close();
  });
});
