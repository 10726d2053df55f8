import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpRepo } from '../helpers.js';
import { makeCorpus } from '../secrets/corpus.js';
import { REPO, runAction, runCli } from './runner.js';

const EXAMPLE = path.join(REPO, 'examples/reference-system');

/** The secret planted at a line of the example, read from the file (the test holds no copy). */
function plantedValue(file: string, line: number, re: RegExp): string {
  const text = readFileSync(path.join(EXAMPLE, file), 'utf8').split('\n')[line - 1]!;
  return re.exec(text)![1]!;
}

/** Every output must be free of each secret: whole, and a fragment of its random middle. */
function leaks(outputs: Record<string, string>, secrets: string[]): string[] {
  const found: string[] = [];
  for (const s of secrets) {
    const mid = s.slice(Math.floor(s.length / 2) - 5, Math.floor(s.length / 2) + 5);
    for (const [name, text] of Object.entries(outputs)) {
      if (text.includes(s) || (mid.length === 10 && text.includes(mid))) found.push(`${name} shows a secret of ${s.length} characters`);
    }
  }
  return found;
}

describe('dist/cli.js on the reference example: secrets', () => {
  it('reports exactly the five planted secrets, redacted, and none of the decoys', () => {
    const out = tmpRepo({});
    const json = path.join(out, 'r.json');
    const sarif = path.join(out, 'r.sarif');
    const r = runCli(['check', '--root', EXAMPLE, '--only', 'no-committed-secrets', '--json', json, '--sarif', sarif], REPO);
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    const got = report.findings.map(
      (f: { ruleId: string; level: string; file: string; line: number; column: number; properties: { secretRule: string } }) =>
        `${f.ruleId} ${f.level} ${f.file}:${f.line}:${f.column} ${f.properties.secretRule}`,
    );
    expect(got).toEqual([
      'no-committed-secrets error backend/integrations/s3_client.py:20:22 aws-access-token',
      'no-committed-secrets error backend/integrations/s3_client.py:21:26 aws-secret-access-key',
      'no-committed-secrets error backend/integrations/slack.py:14:24 slack-webhook-url',
      'no-committed-secrets error docker-compose.yml:32:40 database-url',
      'no-committed-secrets error frontend/.env.production:4:14 github-pat',
    ]);
    expect(report.findings[0].message).toMatch(/^AWS access key id `AKIA…` committed/);
    expect(report.findings[4].message).toMatch(/^GitHub personal access token `ghp_…` committed/);
    const rule = JSON.parse(readFileSync(sarif, 'utf8')).runs[0].tool.driver.rules.find((x: { id: string }) => x.id === 'no-committed-secrets');
    expect(rule.properties['security-severity']).toBe('9.0');
    expect(rule.properties.tags).toEqual(expect.arrayContaining(['security', 'secrets']));

    const secrets = [
      plantedValue('backend/integrations/s3_client.py', 20, /"(AKIA\w+)"/),
      plantedValue('backend/integrations/s3_client.py', 21, /"([^"]{40})"/),
      plantedValue('backend/integrations/slack.py', 14, /"(https:[^"]+)"/),
      plantedValue('docker-compose.yml', 32, /pulse:([^@]+)@/),
      plantedValue('frontend/.env.production', 4, /=(ghp_\w+)/),
    ];
    expect(secrets.map((s) => s.length)).toEqual([20, 40, 79, 24, 40]);
    expect(leaks({ json: readFileSync(json, 'utf8'), sarif: readFileSync(sarif, 'utf8'), stdout: r.stdout, stderr: r.stderr }, secrets)).toEqual([]);
    expect(report.guardrails[0].detail).toMatch(/ in one thread$/);

    // The same from worker threads started out of the bundle (their code is shipped as source text).
    const json2 = path.join(out, 'r2.json');
    const w = runCli(['check', '--root', EXAMPLE, '--only', 'no-committed-secrets', '--json', json2], REPO, { LA_SECRETS_THREADS: '2' });
    expect(w.status, w.stderr).toBe(1);
    const viaWorkers = JSON.parse(readFileSync(json2, 'utf8'));
    expect(viaWorkers.guardrails[0].detail).toMatch(/ on 2 worker threads$/);
    expect(viaWorkers.findings.map((f: { fingerprint: string }) => f.fingerprint)).toEqual(report.findings.map((f: { fingerprint: string }) => f.fingerprint));
  });
});

describe('secrets never leave the scanner: every output of a run on the planted corpus', () => {
  it('shows no planted secret in SARIF, JSON, summary, text or JSON stdout, stderr, or the Action’s annotations, outputs and files', () => {
    const corpus = makeCorpus({ seed: 23, files: 150, copies: 2 });
    const yaml = ['version: 1', 'guardrails:', '  - id: no-committed-secrets', '    title: No committed credentials', '    check: secrets', ''].join('\n');
    const root = tmpRepo({ ...Object.fromEntries(corpus.files), 'infra/selfcheck/guardrails.yaml': yaml }, { git: true });
    const out = tmpRepo({});
    const files = { json: path.join(out, 'r.json'), sarif: path.join(out, 'r.sarif'), summary: path.join(out, 'summary.md') };
    const text = runCli(['check', '--root', root, '--json', files.json, '--sarif', files.sarif, '--summary', files.summary], REPO);
    const asJson = runCli(['check', '--root', root, '--format', 'json'], REPO, { LA_DEBUG: '1' });
    expect(text.status, text.stderr).toBe(1);
    const report = JSON.parse(readFileSync(files.json, 'utf8'));
    expect(report.findings).toHaveLength(corpus.planted.length); // everything found, so everything had a chance to leak

    const action = runAction(root, {});
    expect(action.status, action.stderr).toBe(1);
    expect(action.annotations.length).toBeGreaterThan(0);
    const actionFiles = Object.fromEntries(
      [
        path.join(root, action.outputs['sarif-file'] ?? 'guardrails.sarif'),
        ...readdirSync(action.dir, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => path.join(e.parentPath, e.name)),
      ].map((f) => [f, readFileSync(f, 'utf8')]),
    );
    const outputs: Record<string, string> = {
      'cli --json file': readFileSync(files.json, 'utf8'),
      'cli --sarif file': readFileSync(files.sarif, 'utf8'),
      'cli --summary file': readFileSync(files.summary, 'utf8'),
      'cli stdout (text)': text.stdout,
      'cli stderr (text)': text.stderr,
      'cli stdout (json)': asJson.stdout,
      'cli stderr (json, LA_DEBUG)': asJson.stderr,
      'action stdout': action.stdout,
      'action stderr': action.stderr,
      'action annotations': JSON.stringify(action.annotations),
      'action outputs': JSON.stringify(action.outputs),
      'action summary': action.summary,
      ...actionFiles,
    };
    writeFileSync(path.join(out, 'outputs.json'), JSON.stringify(Object.keys(outputs)));
    expect(
      leaks(
        outputs,
        corpus.planted.map((p) => p.value),
      ),
    ).toEqual([]);
  });
});
