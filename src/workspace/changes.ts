import type { Facts } from '../facts.js';
import { findGitRepo, git as runGit, NO_DRIVERS } from '../util/git.js';
import { cmp } from '../util/text.js';

/** The two ends of what an event changes. */
export interface ChangeRange {
  /** `pull_request` (also pull_request_target) or `push`. */
  event: 'pull_request' | 'push';
  base: string;
  head: string;
}

/** The files a pull request (or push) changes, repo-relative to the checked root. */
export type Changes =
  | ({ ok: true; files: string[] /** how the diff was taken: `base...head`, or `base..head` without a merge base */; range: string } & ChangeRange)
  | { ok: false /** there is no pull request or push to compare (a local run, a schedule) */; none: true; reason: string }
  | { ok: false; none: false; reason: string };

/** The GitHub event of the run (as `RunEnv.event`): its name and payload. */
export interface RunEvent {
  name: string;
  payload: Record<string, unknown>;
}

const ZERO = /^0+$/;
const SHA = /^[0-9a-f]{7,64}$/i;

/** Base and head commits of an event payload, or why there are none. */
export function rangeOf(event: RunEvent | undefined): ChangeRange | { reason: string } {
  if (!event) return { reason: 'not run on a GitHub event (no pull request to compare)' };
  const p = event.payload as { pull_request?: { base?: { sha?: unknown }; head?: { sha?: unknown } }; before?: unknown; after?: unknown };
  if (p.pull_request) {
    const base = p.pull_request.base?.sha;
    const head = p.pull_request.head?.sha;
    if (typeof base === 'string' && typeof head === 'string' && SHA.test(base) && SHA.test(head)) return { event: 'pull_request', base, head };
    return { reason: `the ${event.name} event payload has no pull_request.base.sha / pull_request.head.sha` };
  }
  if (event.name === 'push' || (typeof p.before === 'string' && typeof p.after === 'string')) {
    const { before, after } = p;
    if (typeof before !== 'string' || typeof after !== 'string' || !SHA.test(before) || !SHA.test(after)) return { reason: 'the push event payload has no before / after commits' };
    if (ZERO.test(before)) return { reason: 'the push creates the branch: there is no earlier commit to compare with' };
    if (ZERO.test(after)) return { reason: 'the push deletes the branch: nothing to check' };
    return { event: 'push', base: before, head: after };
  }
  return { reason: `a ${event.name} event has no pull request or push to compare` };
}

const FETCH_HINT = 'check out with `fetch-depth: 0` (actions/checkout) so both ends of the pull request are in the clone';

/**
 * The files changed between two commits, relative to `root` (git's `--relative`: only files under
 * root, paths without its prefix). `base...head` (from their merge base, as GitHub shows a pull
 * request) and, when the clone has no merge base, `base..head`. Renames count as both names.
 */
export async function changedBetween(root: string, range: ChangeRange): Promise<Changes> {
  // Only a repository found safely (src/util/git.ts), with git run immune to its config.
  const repo = findGitRepo(root);
  if (!repo) return { ok: false, none: false, reason: `${root} is not a git checkout, so the files this ${range.event === 'push' ? 'push' : 'pull request'} changes are unknown` };
  const git = (args: string[]) => runGit(repo, args, { cwd: root });
  const shallow = (await git(['rev-parse', '--is-shallow-repository'])).out.trim() === 'true';
  for (const [what, sha] of [
    ['base', range.base],
    ['head', range.head],
  ] as const) {
    const has = await git(['cat-file', '-e', `${sha}^{commit}`]);
    if (!has.ok) {
      return {
        ok: false,
        none: false,
        reason: `the ${what} commit ${sha.slice(0, 12)} is not in this clone${shallow ? ' (a shallow clone: actions/checkout fetches a single commit by default)' : ''}, so the files this ${range.event === 'push' ? 'push' : 'pull request'} changes are unknown; ${FETCH_HINT}`,
      };
    }
  }
  for (const dots of ['...', '..']) {
    const r = await git(['diff', ...NO_DRIVERS, '--name-only', '-z', '--no-renames', '--relative', `${range.base}${dots}${range.head}`, '--']);
    if (r.ok) {
      const files = [...new Set(r.out.split('\0').filter(Boolean))].sort(cmp);
      return { ok: true, ...range, files, range: `${range.base.slice(0, 12)}${dots}${range.head.slice(0, 12)}` };
    }
  }
  return { ok: false, none: false, reason: `git could not compare ${range.base.slice(0, 12)} with ${range.head.slice(0, 12)}${shallow ? ' in this shallow clone' : ''}; ${FETCH_HINT}` };
}

/**
 * The files the run's pull request (or push) changes, computed once per run and shared (checks
 * that gate on changes, annotations that prefer changed files).
 */
export function changedFiles(ctx: { facts: Facts; root: string; run: { event?: RunEvent } }): Promise<Changes> {
  return ctx.facts.get<Changes>('changes', async () => {
    const range = rangeOf(ctx.run.event);
    if ('reason' in range) return { ok: false, none: true, reason: range.reason };
    return changedBetween(ctx.root, range);
  });
}
