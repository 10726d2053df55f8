/** The one door to the GitHub REST API (through @actions/github), pointed at GITHUB_API_URL. */
import { getOctokit } from '@actions/github';
import { defaults } from '@actions/github/lib/utils';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface RepoRef {
  owner: string;
  repo: string;
}

/** A client for `env.GITHUB_API_URL` (GitHub Enterprise, or a stand-in server in tests); every call gives up after `timeoutMs`. */
export function clientFor(token: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000): GitHubClient {
  const baseUrl = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  return getOctokit(token, { baseUrl, request: { ...defaults.request, signal: AbortSignal.timeout(timeoutMs) } });
}

/** owner/name of the repository the workflow runs in. */
export function repoOf(env: NodeJS.ProcessEnv, payload?: Record<string, unknown>): RepoRef | undefined {
  const full = env.GITHUB_REPOSITORY || ((payload?.repository as { full_name?: string } | undefined)?.full_name ?? '');
  const [owner, repo] = full.split('/');
  return owner && repo ? { owner, repo } : undefined;
}

export function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

/** A write the token is not allowed to make (read-only GITHUB_TOKEN on forks, Dependabot, missing permissions). */
export function isPermissionError(e: unknown): boolean {
  return statusOf(e) === 403;
}

/** One line about a failed request, never with the token. */
export function describeError(e: unknown): string {
  const status = statusOf(e);
  const msg = (e as Error | null)?.message ?? String(e);
  return `${status ? `HTTP ${status}: ` : ''}${msg.split('\n')[0]!.slice(0, 300)}`;
}
