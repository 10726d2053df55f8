import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts.js';
import { changedBetween, changedFiles, rangeOf } from '../../src/workspace/changes.js';
import { tmpRepo, write } from '../helpers.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const Z = '0'.repeat(40);

function gitIn(cwd: string) {
  return (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', '-c', 'protocol.file.allow=always', ...args], { cwd, encoding: 'utf8', stdio: 'pipe' }).trim();
}

describe('rangeOf: base and head from the event payload', () => {
  it('pull_request and pull_request_target: base.sha and head.sha', () => {
    expect(rangeOf({ name: 'pull_request', payload: { pull_request: { base: { sha: A }, head: { sha: B } } } })).toEqual({ event: 'pull_request', base: A, head: B });
    expect(rangeOf({ name: 'pull_request_target', payload: { pull_request: { base: { sha: A }, head: { sha: B } } } })).toMatchObject({ event: 'pull_request' });
    expect(rangeOf({ name: 'pull_request', payload: { pull_request: { base: {} } } })).toEqual({ reason: 'the pull_request event payload has no pull_request.base.sha / pull_request.head.sha' });
  });

  it('push: before and after; a new or deleted branch has nothing to compare', () => {
    expect(rangeOf({ name: 'push', payload: { before: A, after: B } })).toEqual({ event: 'push', base: A, head: B });
    expect(rangeOf({ name: 'push', payload: { before: Z, after: B } })).toEqual({ reason: 'the push creates the branch: there is no earlier commit to compare with' });
    expect(rangeOf({ name: 'push', payload: { before: A, after: Z } })).toEqual({ reason: 'the push deletes the branch: nothing to check' });
  });

  it('no event, or an event without a range', () => {
    expect(rangeOf(undefined)).toEqual({ reason: 'not run on a GitHub event (no pull request to compare)' });
    expect(rangeOf({ name: 'schedule', payload: {} })).toEqual({ reason: 'a schedule event has no pull request or push to compare' });
  });
});

describe('changedBetween: git diff base...head', () => {
  it('lists changed files (renames as both names), relative to a root below the top of the work tree', async () => {
    const top = tmpRepo({ 'svc/a.py': 'a\n', 'svc/old.py': 'o\n', 'other/x.py': 'x\n' }, { git: true });
    const git = gitIn(top);
    const base = git('rev-parse', 'HEAD');
    git('mv', 'svc/old.py', 'svc/new.py');
    write(top, 'svc/a.py', 'changed\n');
    write(top, 'other/x.py', 'changed\n');
    write(top, 'svc/sp ace é.py', 'new\n');
    git('add', '-A');
    git('commit', '-qm', 'c');
    const head = git('rev-parse', 'HEAD');
    const r = await changedBetween(path.join(top, 'svc'), { event: 'pull_request', base, head });
    expect(r).toEqual({ ok: true, event: 'pull_request', base, head, files: ['a.py', 'new.py', 'old.py', 'sp ace é.py'], range: `${base.slice(0, 12)}...${head.slice(0, 12)}` });
  });

  it('from the merge base: what the base branch did since is not the pull request', async () => {
    const root = tmpRepo({ 'a.txt': '0\n' }, { git: true });
    const git = gitIn(root);
    const fork = git('rev-parse', 'HEAD');
    write(root, 'main-only.txt', 'm\n');
    git('add', '-A');
    git('commit', '-qm', 'main moves on');
    const base = git('rev-parse', 'HEAD');
    git('checkout', '-qb', 'feature', fork);
    write(root, 'feature.txt', 'f\n');
    git('add', '-A');
    git('commit', '-qm', 'feature');
    const head = git('rev-parse', 'HEAD');
    const r = await changedBetween(root, { event: 'pull_request', base, head });
    expect(r).toMatchObject({ ok: true, files: ['feature.txt'] });

    // A shallow clone holding both ends but not their merge base: base..head is the fallback
    const dest = path.join(tmpRepo({}), 'clone'); // removed with the other temp repos
    gitIn(os.tmpdir())('clone', '-q', '--depth', '1', '--no-single-branch', `file://${root}`, dest);
    const shallow = await changedBetween(dest, { event: 'pull_request', base, head });
    expect(shallow).toMatchObject({ ok: true, range: `${base.slice(0, 12)}..${head.slice(0, 12)}` });
    expect((shallow as { files: string[] }).files).toEqual(['feature.txt', 'main-only.txt']);
  });

  it('a base commit missing from a shallow clone: a clear message with the fetch-depth hint', async () => {
    const root = tmpRepo({ 'a.txt': '0\n' }, { git: true });
    const git = gitIn(root);
    const base = git('rev-parse', 'HEAD');
    write(root, 'b.txt', 'b\n');
    git('add', '-A');
    git('commit', '-qm', 'second');
    const head = git('rev-parse', 'HEAD');
    const dest = path.join(tmpRepo({}), 'clone'); // removed with the other temp repos
    gitIn(os.tmpdir())('clone', '-q', '--depth', '1', `file://${root}`, dest);
    const r = await changedBetween(dest, { event: 'pull_request', base, head });
    expect(r).toEqual({
      ok: false,
      none: false,
      reason: `the base commit ${base.slice(0, 12)} is not in this clone (a shallow clone: actions/checkout fetches a single commit by default), so the files this pull request changes are unknown; check out with \`fetch-depth: 0\` (actions/checkout) so both ends of the pull request are in the clone`,
    });
  });

  it('outside git', async () => {
    const root = tmpRepo({ 'a.txt': '0\n' });
    const r = await changedBetween(root, { event: 'push', base: A, head: B });
    expect(r).toMatchObject({ ok: false, none: false, reason: expect.stringContaining('is not a git checkout') });
  });
});

describe('changedFiles: once per run', () => {
  it('is memoized through facts', async () => {
    const root = tmpRepo({ 'a.txt': '0\n' }, { git: true });
    const head = gitIn(root)('rev-parse', 'HEAD');
    const ctx = { facts: new Facts(), root, run: { event: { name: 'push', payload: { before: head, after: head } } } };
    const first = changedFiles(ctx);
    expect(changedFiles(ctx)).toBe(first);
    expect(await first).toMatchObject({ ok: true, files: [] });
    expect(ctx.facts.size).toBe(1);
    expect(await changedFiles({ ...ctx, facts: new Facts(), run: {} })).toEqual({ ok: false, none: true, reason: 'not run on a GitHub event (no pull request to compare)' });
  });
});
