import { promises as fs, realpathSync } from 'node:fs';
import path from 'node:path';
import { findGitRepo, git, NO_DRIVERS, type GitRepo } from '../util/git.js';

/** `allow-commands` value that runs commands on a privileged event whatever the checkout holds. */
export const UNSAFE_ALLOW = 'unsafe-untrusted-checkout';

/**
 * Events whose workflow runs with the base repository's secrets and a write token while the
 * checkout may hold a pull request's code (a fork's): the workflow comes from the base branch, but
 * `actions/checkout` with `ref: <the pull request's head>` brings the fork's files.
 */
export const PRIVILEGED_EVENTS: readonly string[] = ['pull_request_target', 'workflow_run', 'issue_comment'];

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i;
const SHOWN = 5;

export interface Trust {
  allowed: boolean;
  /** Why commands are refused (shown for each skipped `command` guardrail). */
  reason?: string;
  /** Said once when commands run on a privileged event because the workflow opted in. */
  warning?: string;
}

/**
 * On a privileged event a `command` guardrail would run with the base repository's secrets, and the
 * command, or any script, package.json, Makefile or module it runs, may come from a fork. Commands
 * run there only when nothing of the checkout can be the pull request's: its whole git work tree
 * equals a trusted commit (the base branch's: `pull_request.base.sha` or `GITHUB_SHA`) — no file
 * changed, added, deleted or changed mode, tracked or not ignored — or when the workflow says
 * `allow-commands: unsafe-untrusted-checkout`.
 */
export async function commandsAllowed(opts: {
  allowInput: boolean;
  /** allow-commands: unsafe-untrusted-checkout */
  unsafe?: boolean;
  eventName?: string;
  payload?: Record<string, unknown>;
  /** GITHUB_SHA: on the privileged events, the base (or default) branch's commit the workflow comes from. */
  sha?: string;
  root: string;
  /** GITHUB_WORKSPACE: the git directory is looked for no higher. */
  workspace?: string;
  configAbs: string;
  configRepoPath: string;
  /** Files this run writes (the SARIF file, the JSON report): an earlier run's copies are not counted as untracked. */
  ownFiles?: readonly string[];
}): Promise<Trust> {
  if (!opts.allowInput) return { allowed: false, reason: 'allow-commands is false' };
  const event = opts.eventName ?? '';
  if (!PRIVILEGED_EVENTS.includes(event)) return { allowed: true };
  if (opts.unsafe) {
    return {
      allowed: true,
      warning: `allow-commands: ${UNSAFE_ALLOW} — command guardrails run on ${event} even when the checkout holds files the base branch does not (a fork's code runs with this workflow's secrets)`,
    };
  }
  if ((await fs.stat(opts.configAbs).catch(() => null)) === null) return { allowed: true }; // built-in defaults run no command
  const rule = `on ${event} commands run only when the checkout is exactly the base branch's commit`;
  const pr = opts.payload?.pull_request as { base?: { sha?: unknown } } | undefined;
  const candidates = [...new Set([event === 'pull_request_target' ? pr?.base?.sha : undefined, opts.sha].filter((s): s is string => typeof s === 'string' && SHA.test(s)))];
  if (candidates.length === 0) return { allowed: false, reason: `${rule}, and the base commit is unknown (no ${event === 'pull_request_target' ? 'pull_request.base.sha or ' : ''}GITHUB_SHA)` };
  const repo = findGitRepo(opts.root, opts.workspace);
  if (!repo) return { allowed: false, reason: `${rule}, and ${opts.root} is not in a git checkout to compare` };
  const configReal = realOr(opts.configAbs);
  const rel = path.relative(repo.workTree, configReal);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { allowed: false, reason: `${rule}, and the guardrails file ${opts.configRepoPath} is outside the checkout` };
  const configInTree = rel.split(path.sep).join('/');

  const own = new Set((opts.ownFiles ?? []).map((f) => path.relative(repo.workTree, realOr(f)).split(path.sep).join('/')));
  let reason = '';
  for (const sha of candidates) {
    const why = await differs(repo, sha, configInTree, own);
    if (why === null) return { allowed: true };
    reason ||= why;
  }
  return { allowed: false, reason: `${rule}, and ${reason}` };
}

/** Why the work tree is not exactly `sha`'s tree, or null when it is. */
async function differs(repo: GitRepo, sha: string, configInTree: string, own: ReadonlySet<string>): Promise<string | null> {
  const at = sha.slice(0, 7);
  if (!(await git(repo, ['cat-file', '-e', `${sha}^{commit}`])).ok) return `the base commit ${at} is not in this clone (fetch it, e.g. fetch-depth: 0)`;
  // The work tree (through the index, as git status sees it) against the commit: every path of the tree.
  const diff = await git(repo, ['diff', ...NO_DRIVERS, '--name-only', '-z', '--no-renames', '--ignore-submodules=none', sha, '--', ':/'], { filters: false });
  if (!diff.ok) return `git could not compare the checkout with ${at}`;
  const changed = diff.out.split('\0').filter(Boolean);
  const extra = await git(repo, ['ls-files', '-z', '--others', '--exclude-standard', '--', ':/']);
  if (!extra.ok) return `git could not list the untracked files of the checkout`;
  const untracked = extra.out.split('\0').filter((f) => f && !own.has(f));
  if (changed.includes(configInTree) || untracked.includes(configInTree)) return `the guardrails file ${shown(configInTree)} is not ${at}'s`;
  if (changed.length) return `the checkout differs from ${at} in ${count(changed)}`;
  if (untracked.length) return `the checkout holds ${untracked.length === 1 ? 'a file' : 'files'} ${at} does not have (untracked, not ignored: ${count(untracked)})`;
  return null;
}

function count(files: string[]): string {
  const list = files.slice(0, SHOWN).map(shown).join(', ');
  return `${files.length} file${files.length === 1 ? '' : 's'}: ${list}${files.length > SHOWN ? ', …' : ''}`;
}

/** A repository file name as plain text: no control characters, bounded. */
function shown(name: string): string {
  const s = name.replace(/[\u0000-\u001f\u007f-\u009f`]/g, '?');
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

function realOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * The CLI's side of the same rule: run inside a GitHub Actions job of a privileged event (the CLI
 * called from a `run:` step), commands run only when `commandsAllowed` says so.
 */
export async function cliCommandsAllowed(opts: { noCommands: boolean; env: NodeJS.ProcessEnv; root: string; configAbs: string }): Promise<{ allowCommands: boolean; commandsRefusedBecause?: string }> {
  if (opts.noCommands) return { allowCommands: false, commandsRefusedBecause: '--no-commands was given' };
  const event = opts.env.GITHUB_EVENT_NAME;
  if (opts.env.GITHUB_ACTIONS !== 'true' || !event || !PRIVILEGED_EVENTS.includes(event)) return { allowCommands: true };
  let payload: Record<string, unknown> | undefined;
  try {
    payload = opts.env.GITHUB_EVENT_PATH ? (JSON.parse(await fs.readFile(opts.env.GITHUB_EVENT_PATH, 'utf8')) as Record<string, unknown>) : undefined;
  } catch {
    payload = undefined;
  }
  const t = await commandsAllowed({
    allowInput: true,
    eventName: event,
    ...(payload ? { payload } : {}),
    ...(opts.env.GITHUB_SHA ? { sha: opts.env.GITHUB_SHA } : {}),
    root: opts.root,
    ...(opts.env.GITHUB_WORKSPACE ? { workspace: opts.env.GITHUB_WORKSPACE } : {}),
    configAbs: opts.configAbs,
    configRepoPath: path.relative(opts.root, opts.configAbs).split(path.sep).join('/'),
  });
  return t.allowed ? { allowCommands: true } : { allowCommands: false, ...(t.reason ? { commandsRefusedBecause: t.reason } : {}) };
}
