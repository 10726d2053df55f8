import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';

/**
 * On `pull_request_target` the workflow runs with the base repository's secrets while the files may
 * come from a fork: a guardrails file from the pull request could run any command. Commands are
 * allowed only when the guardrails file is byte-identical to the base branch's.
 */
export async function commandsAllowed(opts: {
  allowInput: boolean;
  eventName?: string;
  payload?: Record<string, unknown>;
  root: string;
  configAbs: string;
  configRepoPath: string;
}): Promise<{ allowed: boolean; reason?: string }> {
  if (!opts.allowInput) return { allowed: false, reason: 'allow-commands is false' };
  if (opts.eventName !== 'pull_request_target') return { allowed: true };
  const pr = opts.payload?.pull_request as { base?: { sha?: string } } | undefined;
  const baseSha = pr?.base?.sha;
  if (!baseSha) return { allowed: false, reason: 'on pull_request_target the base commit is unknown, so the guardrails file cannot be trusted' };
  const [mine, theirs] = await Promise.all([fs.readFile(opts.configAbs).catch(() => null), gitShow(opts.root, `${baseSha}:./${opts.configRepoPath}`)]);
  if (mine === null) return { allowed: true }; // built-in defaults run no command
  if (theirs === null) return { allowed: false, reason: `on pull_request_target commands run only when the guardrails file matches the base branch, and ${opts.configRepoPath} could not be read at ${baseSha.slice(0, 7)} (fetch it, e.g. fetch-depth: 0)` };
  if (!mine.equals(theirs)) return { allowed: false, reason: `on pull_request_target commands run only when the guardrails file matches the base branch, and this pull request changes ${opts.configRepoPath}` };
  return { allowed: true };
}

function gitShow(cwd: string, spec: string): Promise<Buffer | null> {
  return new Promise((resolve) => {
    execFile('git', ['show', spec], { cwd, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => resolve(err ? null : stdout));
  });
}
