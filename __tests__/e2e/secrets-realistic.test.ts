import { cpSync, readFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpRepo, write } from '../helpers.js';
import { chars, rng, SECRET_KINDS } from '../secrets/corpus.js';
import { REPO, runAction } from './runner.js';

/** The realistic FastAPI + Next.js fixture through the bundled Action, as a runner would run it. */
const FIXTURE = path.join(REPO, '__tests__/fixtures/secrets-realistic');
const YAML = ['version: 1', 'guardrails:', '  - id: no-committed-secrets', '    title: No committed credentials', '    check: secrets', ''].join('\n');

function workspace(): string {
  const root = tmpRepo({});
  cpSync(FIXTURE, root, { recursive: true });
  write(root, 'infra/selfcheck/guardrails.yaml', YAML);
  return root;
}

describe('dist/index.js on a realistic tree: secrets', () => {
  it('passes on test placeholders, examples, templates, dev containers and CI files: no annotation, no finding', () => {
    const run = runAction(workspace(), {});
    expect(run.status, run.stderr).toBe(0);
    expect(run.annotations).toEqual([]);
    expect([run.outputs.errors, run.outputs.warnings, run.outputs.notes]).toEqual(['0', '0', '0']);
    expect(run.summary).toContain('no-committed-secrets');
  });

  it('fails on real-looking credentials planted among them, and shows none of them', () => {
    const root = workspace();
    const ghp = SECRET_KINDS.find((k) => k.rule === 'github-pat')!.make(rng(31));
    const key = chars(rng(32), 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 36);
    appendFileSync(path.join(root, 'server/.env.example'), `POLAR_GITHUB_TOKEN=${ghp}\n`);
    appendFileSync(path.join(root, 'server/tests/integrations/test_stripe.py'), `\nPARTNER_API_KEY = "${key}"\n`);
    const run = runAction(root, {});
    expect(run.status, run.stderr).toBe(1);
    expect(
      run.annotations
        .filter((a) => a.props.file)
        .map((a) => a.props.file)
        .sort(),
    ).toEqual(['server/.env.example', 'server/tests/integrations/test_stripe.py']);
    const sarif = readFileSync(path.join(root, run.outputs['sarif-file'] ?? 'guardrails.sarif'), 'utf8');
    for (const text of [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs), sarif]) {
      expect(text).not.toContain(ghp.slice(4));
      expect(text).not.toContain(key);
    }
  });
});
