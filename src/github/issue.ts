/**
 * The drift issue: one issue labelled `architecture-drift`, found by its label and a hidden
 * marker; created when drift appears, updated while it lasts (reopened if it was closed), closed
 * when drift returns to zero. Never a second one.
 */
import { clientFor, describeError, isPermissionError, repoOf, statusOf, type GitHubClient, type RepoRef } from './client.js';

export const DRIFT_LABEL = 'architecture-drift';

export interface IssueOutcome {
  action: 'created' | 'updated' | 'reopened' | 'closed' | 'none' | 'skipped' | 'failed';
  number?: number;
  url?: string;
  reason?: string;
}

export function issueMarker(category: string): string {
  return `<!-- living-architecture:drift-issue category=${category.replace(/--/g, '-')} -->`;
}

export async function syncDriftIssue(opts: { token: string; env: NodeJS.ProcessEnv; marker: string; title: string; body: string; drift: number }): Promise<IssueOutcome> {
  if (!opts.token) return { action: 'skipped', reason: 'no github-token was given' };
  const repo = repoOf(opts.env);
  if (!repo) return { action: 'skipped', reason: 'GITHUB_REPOSITORY is not set' };
  const gh = clientFor(opts.token, opts.env);
  const body = `${opts.marker}\n${opts.body}`;
  try {
    const labelled = await gh.paginate(gh.rest.issues.listForRepo, { ...repo, labels: DRIFT_LABEL, state: 'all', per_page: 100 });
    const ours = labelled.filter((i) => !i.pull_request && (i.body ?? '').includes(opts.marker));
    const open = ours.filter((i) => i.state === 'open').sort((a, b) => a.number - b.number)[0];
    const closed = ours.filter((i) => i.state !== 'open').sort((a, b) => b.number - a.number)[0];
    if (opts.drift === 0) {
      if (!open) return { action: 'none' };
      const r = await gh.rest.issues.update({ ...repo, issue_number: open.number, title: opts.title, body, state: 'closed', state_reason: 'completed' });
      return { action: 'closed', number: open.number, url: r.data.html_url };
    }
    const existing = open ?? closed;
    if (existing) {
      const r = await gh.rest.issues.update({ ...repo, issue_number: existing.number, title: opts.title, body, ...(existing.state === 'open' ? {} : { state: 'open' as const }) });
      return { action: existing.state === 'open' ? 'updated' : 'reopened', number: existing.number, url: r.data.html_url };
    }
    await ensureLabel(gh, repo);
    const r = await gh.rest.issues.create({ ...repo, title: opts.title, body, labels: [DRIFT_LABEL] });
    return { action: 'created', number: r.data.number, url: r.data.html_url };
  } catch (e) {
    if (isPermissionError(e)) return { action: 'skipped', reason: `the token cannot write issues (${describeError(e)}); grant 'issues: write'` };
    return { action: 'failed', reason: describeError(e) };
  }
}

/** Create the label with its colour and description when the repository does not have it yet. */
async function ensureLabel(gh: GitHubClient, repo: RepoRef): Promise<void> {
  try {
    await gh.rest.issues.getLabel({ ...repo, name: DRIFT_LABEL });
  } catch (e) {
    if (statusOf(e) !== 404) throw e;
    try {
      await gh.rest.issues.createLabel({ ...repo, name: DRIFT_LABEL, color: 'd93f0b', description: 'Architecture drift found by the nightly guardrails run' });
    } catch (x) {
      if (statusOf(x) !== 422) throw x; // 422: created meanwhile
    }
  }
}
