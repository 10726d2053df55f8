/**
 * The sticky pull-request comment: found by a hidden marker and its author, updated, never posted
 * twice; skipped with a reason when the token cannot write (pull requests from forks, read-only
 * tokens).
 *
 * The marker alone is not enough: anyone can post a comment that starts with it, and we would
 * then edit their comment (and show our report under their name). Ours is the oldest comment
 * that starts with the marker AND was written by the token's own account: `GET /user` tells it
 * for a person's token; the GITHUB_TOKEN (an installation token) may not read /user (403) and
 * always posts as github-actions[bot]. A GitHub App's own installation token also gets 403 and
 * posts as <app>[bot]: its earlier comment is then not recognised, so a new one is posted each
 * run — a duplicate, never someone else's comment edited.
 */
import { clientFor, describeError, isPermissionError, repoOf, statusOf, type GitHubClient } from './client.js';

export interface CommentOutcome {
  action: 'created' | 'updated' | 'skipped' | 'failed';
  reason?: string;
  url?: string;
  id?: number;
}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);

/** The hidden marker that finds our comment again; one per SARIF category, so matrix jobs keep their own. */
export function commentMarker(category: string): string {
  return `<!-- living-architecture:pr-comment category=${category.replace(/--/g, '-')} -->`;
}

export async function upsertStickyComment(opts: {
  token: string;
  env: NodeJS.ProcessEnv;
  eventName?: string;
  payload?: Record<string, unknown>;
  marker: string;
  body: string;
}): Promise<CommentOutcome> {
  const { env, payload } = opts;
  if (!opts.eventName || !PR_EVENTS.has(opts.eventName)) return { action: 'skipped', reason: `comment: true works on pull_request events, not '${opts.eventName ?? 'unknown'}'` };
  const pr = payload?.pull_request as { number?: number; head?: { repo?: { full_name?: string } | null }; base?: { repo?: { full_name?: string } } } | undefined;
  const number = pr?.number ?? (payload?.number as number | undefined);
  if (typeof number !== 'number') return { action: 'skipped', reason: 'the event has no pull request number' };
  if (!opts.token) return { action: 'skipped', reason: 'no github-token was given' };
  const head = pr?.head?.repo?.full_name;
  const base = pr?.base?.repo?.full_name;
  if (opts.eventName === 'pull_request' && head && base && head !== base) {
    return { action: 'skipped', reason: `the pull request comes from the fork ${head}: its token is read-only, so no comment was posted (the job summary has the report)` };
  }
  const repo = repoOf(env, payload);
  if (!repo) return { action: 'skipped', reason: 'GITHUB_REPOSITORY is not set' };
  const gh = clientFor(opts.token, env);
  const body = `${opts.marker}\n${opts.body}`;
  try {
    const comments = await gh.paginate(gh.rest.issues.listComments, { ...repo, issue_number: number, per_page: 100 });
    const marked = comments.filter((c) => (c.body ?? '').startsWith(opts.marker));
    const me = marked.length > 0 ? await tokenLogin(gh) : undefined;
    const mine = marked.filter((c) => c.user?.login === me).sort((a, b) => a.id - b.id)[0];
    if (mine) {
      const r = await gh.rest.issues.updateComment({ ...repo, comment_id: mine.id, body });
      return { action: 'updated', id: mine.id, url: r.data.html_url };
    }
    const r = await gh.rest.issues.createComment({ ...repo, issue_number: number, body });
    return { action: 'created', id: r.data.id, url: r.data.html_url };
  } catch (e) {
    if (isPermissionError(e)) return { action: 'skipped', reason: `the token cannot write pull request comments (${describeError(e)}); grant 'pull-requests: write'` };
    return { action: 'failed', reason: describeError(e) };
  }
}

/** The account that posts the comment: the GITHUB_TOKEN posts as this bot. */
export const ACTIONS_BOT = 'github-actions[bot]';

/** The login the token writes as: GET /user, or github-actions[bot] for an installation token (403). */
export async function tokenLogin(gh: GitHubClient): Promise<string> {
  try {
    return (await gh.rest.users.getAuthenticated()).data.login;
  } catch (e) {
    if (statusOf(e) === 403) return ACTIONS_BOT;
    throw e;
  }
}
