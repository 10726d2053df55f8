import { findGitRepo, git, NO_DRIVERS, type GitRepo } from '../util/git.js';
import { plural } from '../util/text.js';
import { rangeOf, type RunEvent } from '../workspace/changes.js';
import { ScanPool, type Batch, type BatchEntry } from './pool.js';
import { BINARY_EXTENSIONS } from './read.js';
import type { Candidate, ScanSpec } from './types.js';

/**
 * Secrets in history: the lines each commit of a pull request (or push) adds, scanned with the same
 * rules and judge as the working tree, so a credential committed and removed again in the same
 * pull request is still found — as gitleaks-action does. Only added lines are read (`git log -p
 * -U0`), through src/util/git.ts, without diff or textconv drivers, within limits of commits and
 * bytes. Nothing the repository controls (commit messages, author names) is read at all; file
 * names are taken from git's quoted form.
 */

export interface HistoryLimits {
  maxCommits: number;
  maxBytes: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = { maxCommits: 1000, maxBytes: 64 * 1048576 };

/** The commits to read: git revision arguments, and how to describe them. */
export interface HistoryRange {
  event: 'pull_request' | 'push';
  /** Revisions for `git log` / `git rev-list` (e.g. `base..head`). */
  revs: string[];
  /** Commits that must be in the clone for the range to be read. */
  needs: { what: string; sha: string }[];
  label: string;
}

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i;
const ZERO = /^0+$/;
const FETCH = 'check out with `fetch-depth: 0` (actions/checkout)';

/** The range of an event's commits, or why there is none (`none`: no history to scan; a reason to tell otherwise). */
export function historyRangeOf(event: RunEvent | undefined): HistoryRange | { none: string } {
  const r = rangeOf(event);
  if (!('reason' in r)) {
    const label = r.event === 'push' ? 'push' : 'pull request';
    return {
      event: r.event,
      revs: [`${r.base}..${r.head}`],
      needs: [
        { what: 'base', sha: r.base },
        { what: 'head', sha: r.head },
      ],
      label: `${label} ${short(r.base)}..${short(r.head)}`,
    };
  }
  const p = (event?.payload ?? {}) as { before?: unknown; after?: unknown; commits?: unknown };
  if (event?.name === 'push' && typeof p.before === 'string' && ZERO.test(p.before) && typeof p.after === 'string' && SHA.test(p.after) && !ZERO.test(p.after)) {
    return pushedCommits(p.after, p.commits) ?? { none: 'the push creates a branch at an existing commit: no new commits' };
  }
  return { none: r.reason };
}

/** The commits a push lists (oldest first): from the first one's parents to `after`. */
function pushedCommits(after: string, commits: unknown): HistoryRange | null {
  const first = Array.isArray(commits) ? (commits[0] as { id?: unknown } | undefined)?.id : undefined;
  if (typeof first !== 'string' || !SHA.test(first)) return null;
  return {
    event: 'push',
    revs: [after, '--not', `${first}^@`],
    needs: [
      { what: 'first pushed', sha: first },
      { what: 'head', sha: after },
    ],
    label: `push ${short(first)}^..${short(after)}`,
  };
}

/** For a force push whose `before` is not in the clone: the commits the payload lists instead. */
export function forcedRangeOf(event: RunEvent | undefined): HistoryRange | null {
  const p = (event?.payload ?? {}) as { forced?: unknown; after?: unknown; commits?: unknown };
  if (event?.name !== 'push' || p.forced !== true || typeof p.after !== 'string' || !SHA.test(p.after)) return null;
  return pushedCommits(p.after, p.commits);
}

export const short = (sha: string): string => sha.slice(0, 7);

/** Lines one commit adds to one file, contiguous from `start` (1-based, in that commit's version). */
export interface Hunk {
  commit: string;
  file: string;
  start: number;
  lines: string[];
}

/** Decode a path as git quotes it (`"dir/a\nb"`, octal bytes); plain paths as they are. */
export function unquotePath(s: string): string {
  if (!s.startsWith('"') || !s.endsWith('"') || s.length < 2) return s;
  const body = s.slice(1, -1);
  const bytes: number[] = [];
  const esc: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      bytes.push(Number.parseInt(oct, 8) & 0xff);
      i += oct.length;
    } else {
      bytes.push(esc[next] ?? next.charCodeAt(0));
      i++;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

const HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
/** What starts each commit in our `--format`: a byte no diff line starts with outside a hunk. */
const MARK = '\u0001';

/**
 * The added lines of `git log -p -U0 --format=%x01%H` output. Inside a hunk, lines are taken by
 * the counts of its header, so no content can pass for a header; outside, only git's own lines.
 */
export function parsePatch(text: string): { hunks: Hunk[]; commits: string[] } {
  const lines = text.split('\n');
  const hunks: Hunk[] = [];
  const commits: string[] = [];
  let commit = '';
  let file: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith(MARK)) {
      const sha = line.slice(1).trim();
      commit = SHA.test(sha) ? sha : '';
      if (commit) commits.push(commit);
      file = null;
    } else if (line.startsWith('diff --git ')) {
      file = null;
    } else if (line.startsWith('+++ ')) {
      const name = unquotePath(line.slice(4).replace(/\t$/, ''));
      file = name.startsWith('b/') ? name.slice(2) : null;
    } else if (line.startsWith('@@ ')) {
      const m = HUNK.exec(line);
      if (!m) continue;
      let removed = m[1] === undefined ? 1 : Number(m[1]);
      let added = m[3] === undefined ? 1 : Number(m[3]);
      const hunk: Hunk = { commit, file: file ?? '', start: Number(m[2]), lines: [] };
      while ((removed > 0 || added > 0) && i + 1 < lines.length) {
        const l = lines[i + 1]!;
        if (l.startsWith('+') && added > 0) {
          hunk.lines.push(l.slice(1));
          added--;
        } else if (l.startsWith('-') && removed > 0) removed--;
        else if (!l.startsWith('\\')) break;
        i++;
      }
      if (commit && file && hunk.lines.length && !hunk.lines.some((l) => l.includes('\0'))) hunks.push(hunk);
    }
  }
  return { hunks, commits };
}

export type HistoryRead = { ok: true; hunks: Hunk[]; commits: number; total: number; bytes: number; cut: string[] } | { ok: false; reason: string };

/** Read the lines the range adds, relative to `root` (files outside it are left out). */
export async function readHistory(root: string, range: HistoryRange, limits: HistoryLimits, fallback?: HistoryRange | null): Promise<HistoryRead> {
  const repo = findGitRepo(root);
  if (!repo) return { ok: false, reason: `${root} is not a git checkout` };
  const run = (args: string[], maxBuffer?: number) => git(repo, args, { cwd: root, ...(maxBuffer ? { maxBuffer } : {}) });
  const shallow = (await run(['rev-parse', '--is-shallow-repository'])).out.trim() === 'true';
  let use = range;
  const missing = await missingCommit(repo, root, use);
  if (missing && fallback && !(await missingCommit(repo, root, fallback))) use = fallback;
  else if (missing) {
    return {
      ok: false,
      reason: `the ${missing.what} commit ${short(missing.sha)} is not in this clone${shallow ? ' (a shallow clone: actions/checkout fetches a single commit by default)' : ''}; ${FETCH}`,
    };
  }
  const count = await run(['rev-list', '--count', ...use.revs, '--']);
  if (!count.ok) return { ok: false, reason: `git could not list the commits of the ${use.label}${shallow ? ' in this shallow clone' : ''}; ${FETCH}` };
  const total = Number.parseInt(count.out.trim(), 10) || 0;
  const cut: string[] = [];
  if (total > limits.maxCommits) cut.push(`only the ${limits.maxCommits} most recent of ${total} commits were read`);
  const log = await run(
    [
      // --text: a pull request's .gitattributes (`*.py -diff`, `binary`) cannot hide what a file
      // adds; files binary by name are left out by pathspec, binary content dropped when parsed.
      'log',
      '-p',
      '-U0',
      '--text',
      ...NO_DRIVERS,
      '--no-color',
      '-M',
      '--diff-merges=off',
      '--submodule=short',
      '--src-prefix=a/',
      '--dst-prefix=b/',
      '--relative',
      '--format=%x01%H',
      '--reverse',
      `--max-count=${limits.maxCommits}`,
      ...use.revs,
      '--',
      ...BINARY_EXTENSIONS.map((ext) => `:(exclude,glob,icase)**/*.${ext}`),
    ],
    limits.maxBytes,
  );
  if (!log.ok && !log.truncated) return { ok: false, reason: `git could not read the commits of the ${use.label}` };
  const parsed = parsePatch(log.out);
  if (log.truncated) {
    const last = parsed.commits.at(-1);
    cut.push(
      `the patches passed ${(limits.maxBytes / 1048576).toFixed(limits.maxBytes < 1048576 ? 2 : 0)} MiB: reading stopped${last ? ` in commit ${short(last)}` : ''}, later commits were not read`,
    );
  }
  return { ok: true, hunks: parsed.hunks, commits: parsed.commits.length, total, bytes: Buffer.byteLength(log.out), cut };
}

async function missingCommit(repo: GitRepo, root: string, range: HistoryRange): Promise<{ what: string; sha: string } | null> {
  for (const n of range.needs) if (!(await git(repo, ['cat-file', '-e', `${n.sha}^{commit}`], { cwd: root })).ok) return n;
  return null;
}

/** A candidate found in a line a commit added. */
export interface HistoryHit {
  commit: string;
  file: string;
  candidate: Candidate;
}

/**
 * Scan the hunks with the project's scanner: one batch per commit (so a result's file names its
 * commit), in this thread, or in a worker under the time budget when a user's patterns are in.
 */
export async function scanHunks(hunks: readonly Hunk[], spec: ScanSpec): Promise<{ hits: HistoryHit[]; timedOut: { commit: string; file: string }[] }> {
  const custom = spec.rules.some((r) => r.custom);
  const pool = new ScanPool(spec, custom ? 1 : 0);
  const hits: HistoryHit[] = [];
  const timedOut: { commit: string; file: string }[] = [];
  try {
    for (const group of byCommit(hunks)) {
      const commit = group[0]!.commit;
      const texts = group.map((h) => Buffer.from(h.lines.join('\n'), 'utf8'));
      const buffer = new ArrayBuffer(texts.reduce((n, t) => n + t.length, 0));
      const view = new Uint8Array(buffer);
      const entries: BatchEntry[] = [];
      let offset = 0;
      group.forEach((h, i) => {
        const t = texts[i]!;
        view.set(t, offset);
        entries.push({ item: { file: h.file, lineBase: h.start - 1, columnBase: 0, reportBefore: Infinity }, offset, length: t.length, main: t.length, head: false });
        offset += t.length;
      });
      const batch: Batch = { entries, buffer };
      const r = custom ? await pool.scan(batch) : pool.scanHere(batch);
      for (const item of r.results) for (const candidate of item.candidates) hits.push({ commit, file: item.file, candidate });
      for (const file of [...r.timedOut, ...(r.gaveUp ?? [])]) timedOut.push({ commit, file });
    }
  } finally {
    await pool.close();
  }
  return { hits, timedOut };
}

function byCommit(hunks: readonly Hunk[]): Hunk[][] {
  const out: Hunk[][] = [];
  for (const h of hunks) {
    const last = out.at(-1);
    if (last && last[0]!.commit === h.commit) last.push(h);
    else out.push([h]);
  }
  return out;
}

/** One line for the detail of the guardrail. */
export function historyDetail(read: Extract<HistoryRead, { ok: true }>, label: string): string {
  return `history: ${plural(read.commits, 'commit')} of the ${label} read (${(read.bytes / 1048576).toFixed(2)} MiB of patches)`;
}
