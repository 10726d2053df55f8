import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commentMarker, upsertStickyComment } from '../../src/github/comment.js';
import { toPrComment } from '../../src/report/pr-comment.js';
import { feedback } from '../../src/github/feedback.js';
import { DRIFT_LABEL, issueMarker, syncDriftIssue } from '../../src/github/issue.js';
import { tmpRepo } from '../helpers.js';
import { runOn } from '../run.js';
import { fakeGitHub, type RecordedRequest } from './fake-github.js';

const REPO = 'acme/pulse';
const envFor = (url: string) => ({ GITHUB_API_URL: url, GITHUB_REPOSITORY: REPO, GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '42' });
const writes = (rs: RecordedRequest[]) => rs.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

describe('drift issue against a stand-in GitHub API', () => {
  it('created once, updated after, closed at zero, reopened (not duplicated) when drift returns', async () => {
    const gh = await fakeGitHub();
    // A person's issue with the same label, and a pull request with it: neither is ours.
    await gh.seed({
      issues: [
        { repo: REPO, title: 'Discuss drift policy', body: 'no marker here', labels: [DRIFT_LABEL] },
        { repo: REPO, title: 'PR', body: issueMarker('living-architecture'), labels: [DRIFT_LABEL], pull_request: {} },
      ],
    });
    const env = envFor(gh.url);
    const marker = issueMarker('living-architecture');
    const sync = (drift: number, body: string) => syncDriftIssue({ token: 'ghs_test', env, marker, title: `Architecture drift: ${drift}`, body, drift });

    expect(await sync(3, 'three')).toMatchObject({ action: 'created', number: 3, url: `https://github.com/${REPO}/issues/3` });
    let rs = await gh.requests();
    expect(rs.every((r) => r.auth)).toBe(true);
    expect(rs[0]).toMatchObject({ method: 'GET', path: `/repos/${REPO}/issues`, query: { labels: DRIFT_LABEL, state: 'all', per_page: '100' } });
    expect(writes(rs)).toEqual([`POST /repos/${REPO}/labels`, `POST /repos/${REPO}/issues`]);
    expect(rs.find((r) => r.method === 'POST' && r.path.endsWith('/issues'))!.body).toMatchObject({ title: 'Architecture drift: 3', labels: [DRIFT_LABEL], body: `${marker}\nthree` });

    expect(await sync(2, 'two')).toMatchObject({ action: 'updated', number: 3 });
    expect(await sync(5, 'five')).toMatchObject({ action: 'updated', number: 3 });
    expect(await sync(0, 'none')).toMatchObject({ action: 'closed', number: 3 });
    expect(await sync(0, 'none')).toEqual({ action: 'none' });
    expect(await sync(1, 'back')).toMatchObject({ action: 'reopened', number: 3 });

    rs = await gh.requests();
    expect(writes(rs)).toEqual([
      `POST /repos/${REPO}/labels`,
      `POST /repos/${REPO}/issues`,
      `PATCH /repos/${REPO}/issues/3`,
      `PATCH /repos/${REPO}/issues/3`,
      `PATCH /repos/${REPO}/issues/3`,
      `PATCH /repos/${REPO}/issues/3`,
    ]);
    const patches = rs.filter((r) => r.method === 'PATCH').map((r) => r.body);
    expect(patches[2]).toMatchObject({ state: 'closed', state_reason: 'completed', body: `${marker}\nnone` });
    expect(patches[3]).toMatchObject({ state: 'open', body: `${marker}\nback` });
    expect(patches[0]).not.toHaveProperty('state');
    const st = await gh.state();
    expect(st.issues.filter((i) => i.body.includes(marker) && !i.pull_request)).toHaveLength(1);
    expect(st.issues.find((i) => i.number === 1)).toMatchObject({ body: 'no marker here', state: 'open' });
    expect(st.labels.find((l) => l.name === DRIFT_LABEL)).toMatchObject({ color: 'd93f0b' });
    gh.close();
  });

  it('no drift and no issue: nothing is written; a category keeps its own issue', async () => {
    const gh = await fakeGitHub();
    const env = envFor(gh.url);
    expect(await syncDriftIssue({ token: 't', env, marker: issueMarker('a'), title: 'x', body: 'x', drift: 0 })).toEqual({ action: 'none' });
    expect(await syncDriftIssue({ token: 't', env, marker: issueMarker('a'), title: 'x', body: 'x', drift: 1 })).toMatchObject({ action: 'created', number: 1 });
    expect(await syncDriftIssue({ token: 't', env, marker: issueMarker('b'), title: 'x', body: 'x', drift: 1 })).toMatchObject({ action: 'created', number: 2 });
    expect(writes(await gh.requests()).filter((w) => w.endsWith('/issues'))).toHaveLength(2);
    gh.close();
  });

  it('a read-only token is skipped with a reason; no token makes no request', async () => {
    const gh = await fakeGitHub();
    const env = envFor(gh.url);
    const r = await syncDriftIssue({ token: 'readonly-x', env, marker: issueMarker('a'), title: 'x', body: 'x', drift: 2 });
    expect(r.action).toBe('skipped');
    expect(r.reason).toMatch(/cannot write issues \(HTTP 403.*grant 'issues: write'/);
    expect(r.reason).not.toContain('readonly-x');
    const before = (await gh.requests()).length;
    expect(await syncDriftIssue({ token: '', env, marker: issueMarker('a'), title: 'x', body: 'x', drift: 2 })).toMatchObject({ action: 'skipped', reason: 'no github-token was given' });
    expect((await gh.requests()).length).toBe(before);
    gh.close();
  });

  it('an API that is down is a failure to report, not a crash', async () => {
    const r = await syncDriftIssue({ token: 't', env: envFor('http://127.0.0.1:9'), marker: issueMarker('a'), title: 'x', body: 'x', drift: 2 });
    expect(r.action).toBe('failed');
  });
});

const prEvent = (head = REPO) => ({ pull_request: { number: 7, head: { repo: { full_name: head } }, base: { repo: { full_name: REPO } } } });

describe('sticky pull-request comment against a stand-in GitHub API', () => {
  it('one comment after three runs: created, then updated in place; other comments untouched', async () => {
    const gh = await fakeGitHub();
    // 120 comments by others: ours must be looked for beyond the first page.
    await gh.seed({ comments: Array.from({ length: 120 }, (_, i) => ({ repo: REPO, issue_number: 7, body: `review ${i}` })) });
    const env = envFor(gh.url);
    const marker = commentMarker('living-architecture');
    const post = (body: string) => upsertStickyComment({ token: 'ghs_test', env, eventName: 'pull_request', payload: prEvent(), marker, body });
    const first = await post('run 1');
    expect(first).toMatchObject({ action: 'created' });
    expect(await post('run 2')).toMatchObject({ action: 'updated', id: first.id });
    expect(await post('run 3')).toMatchObject({ action: 'updated', id: first.id });
    const rs = await gh.requests();
    expect(writes(rs)).toEqual([`POST /repos/${REPO}/issues/7/comments`, `PATCH /repos/${REPO}/issues/comments/${first.id}`, `PATCH /repos/${REPO}/issues/comments/${first.id}`]);
    // Every run read both pages of comments.
    expect(rs.filter((r) => r.method === 'GET' && r.path.endsWith('/comments')).map((r) => r.query.page ?? '1')).toEqual(['1', '2', '1', '2', '1', '2']);
    const st = await gh.state();
    const ours = st.comments.filter((c) => c.body.includes(marker));
    expect(ours).toEqual([expect.objectContaining({ body: `${marker}\nrun 3`, issue_number: 7 })]);
    expect(st.comments.filter((c) => c.body.startsWith('review '))).toHaveLength(120);
    gh.close();
  });

  it('skipped with a reason on a fork (no request made), with a read-only token, outside pull requests', async () => {
    const gh = await fakeGitHub();
    const env = envFor(gh.url);
    const marker = commentMarker('c');
    const fork = await upsertStickyComment({ token: 'ghs_test', env, eventName: 'pull_request', payload: prEvent('someone/pulse'), marker, body: 'x' });
    expect(fork).toMatchObject({ action: 'skipped' });
    expect(fork.reason).toMatch(/fork someone\/pulse: its token is read-only/);
    expect(await gh.requests()).toEqual([]);
    const ro = await upsertStickyComment({ token: 'readonly-t', env, eventName: 'pull_request', payload: prEvent(), marker, body: 'x' });
    expect(ro).toMatchObject({ action: 'skipped' });
    expect(ro.reason).toMatch(/cannot write pull request comments \(HTTP 403/);
    expect((await gh.state()).comments).toEqual([]);
    expect(await upsertStickyComment({ token: 't', env, eventName: 'push', payload: {}, marker, body: 'x' })).toMatchObject({
      action: 'skipped',
      reason: "comment: true works on pull_request events, not 'push'",
    });
    // pull_request_target from a fork runs with a write token: the comment is posted.
    expect(await upsertStickyComment({ token: 't', env, eventName: 'pull_request_target', payload: prEvent('someone/pulse'), marker, body: 'x' })).toMatchObject({ action: 'created' });
    gh.close();
  });

  it("a comment by someone else that holds the marker is never edited: ours is the marker's AND the token's own author", async () => {
    const gh = await fakeGitHub();
    const env = envFor(gh.url);
    const marker = commentMarker('living-architecture');
    // Eve posts first, with the marker; a quote of the marker further down is not a start either.
    await gh.seed({
      comments: [
        { repo: REPO, issue_number: 7, body: `${marker}\nI am the report now ![x](https://evil.example/t.png)`, user: { login: 'eve', type: 'User' } },
        { repo: REPO, issue_number: 7, body: `quoting:\n${marker}`, user: { login: 'github-actions[bot]', type: 'Bot' } },
      ],
    });
    const post = (token: string, body: string) => upsertStickyComment({ token, env, eventName: 'pull_request', payload: prEvent(), marker, body });
    const first = await post('ghs_test', 'run 1');
    expect(first).toMatchObject({ action: 'created' });
    expect(await post('ghs_test', 'run 2')).toMatchObject({ action: 'updated', id: first.id });
    let st = await gh.state();
    expect(st.comments.find((c) => c.user?.login === 'eve')!.body).toBe(`${marker}\nI am the report now ![x](https://evil.example/t.png)`);
    expect(st.comments.find((c) => c.id === first.id)).toMatchObject({ body: `${marker}\nrun 2`, user: { login: 'github-actions[bot]' } });
    // The installation token may not read /user (403): it is taken as github-actions[bot].
    const rs = await gh.requests();
    expect(rs.filter((r) => r.path === '/user')).toHaveLength(2);
    // A person's token (GET /user answers): their own comment, not the bot's.
    const pat = await post('pat-alice', 'alice 1');
    expect(pat).toMatchObject({ action: 'created' });
    expect(pat.id).not.toBe(first.id);
    expect(await post('pat-alice', 'alice 2')).toMatchObject({ action: 'updated', id: pat.id });
    st = await gh.state();
    expect(st.comments.find((c) => c.id === first.id)!.body).toBe(`${marker}\nrun 2`);
    gh.close();
  });
});

const yaml = `version: 1
guardrails:
  - id: no-print
    title: No print debugging
    goals: [user-authentication]
    check: pattern
    paths: ["**/*.py"]
    forbid: 'print\\('
`;

describe('feedback: what the Action does after the report', () => {
  it('mode drift writes the report to the summary and a file and opens the issue; the PR comment has verdict, findings and goals', async () => {
    const gh = await fakeGitHub();
    const { report } = await runOn({ 'auth.py': 'print(1)\n' }, yaml);
    const dir = tmpRepo({ summary: '' });
    const env = { ...envFor(gh.url), GITHUB_STEP_SUMMARY: path.join(dir, 'summary'), SOURCE_DATE_EPOCH: '1735689600' };
    const common = { report, token: 'ghs_test', env, category: 'living-architecture', links: { repository: REPO, sha: 'abc' }, driftFile: path.join(dir, 'out/drift.md') };
    const fb = await feedback({ ...common, drift: true, comment: false, map: { skipped: 'no intelligence map' } });
    expect(fb.outputs).toEqual({ 'map-drift': 'false' });
    const md = readFileSync(path.join(dir, 'out/drift.md'), 'utf8');
    expect(md).toMatch(/^## ⚠️ Architecture drift — 2025-01-01/);
    expect(md).toContain('No baseline: every finding counts as new');
    expect(md).toContain('[auth.py:1](https://github.com/acme/pulse/blob/abc/auth.py#L1)');
    expect(md).toContain('_Not compared: no intelligence map_');
    expect(readFileSync(path.join(dir, 'summary'), 'utf8')).toContain(md);
    expect(fb.messages.map((m) => m.text)).toEqual([expect.stringMatching(/^Drift: 1 new finding — report written to /), `Drift issue #1 created: https://github.com/${REPO}/issues/1`]);
    const issue = (await gh.state()).issues[0]!;
    expect(issue).toMatchObject({ title: 'Architecture drift: 1 new finding', labels: [DRIFT_LABEL] });
    expect(issue.body).toContain('[Run](https://github.com/acme/pulse/actions/runs/42)');

    const c = await feedback({ ...common, drift: false, comment: true, eventName: 'pull_request', payload: prEvent() });
    expect(c.messages).toEqual([{ level: 'info', text: expect.stringMatching(/^Pull request comment created: https:\/\/github.com\/acme\/pulse\/pull\/7#issuecomment-/) }]);
    const body = (await gh.state()).comments[0]!.body;
    expect(body.split('\n')[0]).toBe(commentMarker('living-architecture'));
    expect(body).toContain('### ❌ Living Architecture: failed — 1 error in `no-print` (fail-on: error)');
    expect(body).toContain('**Findings** (1)');
    expect(body).toContain('**Goals at risk:** `user-authentication` (1 finding)');
    const fork = await feedback({ ...common, drift: false, comment: true, eventName: 'pull_request', payload: prEvent('someone/pulse') });
    expect(fork.messages).toEqual([{ level: 'notice', text: expect.stringMatching(/^Pull request comment skipped: the pull request comes from the fork/) }]);
    gh.close();
  });
});

describe('the pull-request comment body', () => {
  it('names the goals at risk with their titles from the intelligence map', async () => {
    const map = { version: 1, modules: { 'auth.py': { purpose: 'Login', goals: ['user-authentication'] } }, goals: { 'user-authentication': { title: 'User Authentication', criticalPaths: [] } } };
    const { report } = await runOn({ 'auth.py': 'print(1)\n', 'src/observability/system_intelligence_map.json': JSON.stringify(map) }, yaml);
    expect(report.goals?.map((g) => g.id)).toEqual(['user-authentication']);
    expect(toPrComment(report)).toContain('**Goals at risk:** User Authentication `user-authentication` (1 finding)');
  });
});
