/**
 * Issue 13, items 3–5: no planted secret value may reach stdout, stderr, annotations, outputs, the
 * job summary, SARIF, the JSON report or the baseline file — whether a `pattern` matches it, a
 * `config-value` guardrail judges it, or a `command` prints it (plainly, base64-encoded, cut, or read
 * back from a file or from the parent's environment).
 *
 * Every planted value is made at run time, so the project's own secret scan of itself never sees
 * one in this file.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tmpRepo, tmpDir } from '../helpers.js';
import { runAction, runCli, type ActionRun } from '../e2e/runner.js';
import { fakeGitHub } from '../github/fake-github.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
let made = 0;
/** Random-looking text made at run time, the same on every run (a test that cannot flake). */
const rnd = (n: number, alphabet = `${B64}+/`): string => {
  let bytes = Buffer.alloc(0);
  while (bytes.length < n) bytes = Buffer.concat([bytes, createHash('sha512').update(`planted-${made++}`).digest()]);
  return [...bytes.subarray(0, n)].map((b) => alphabet[b % alphabet.length]).join('');
};

/** What a secret looks like in the forms a leak takes: itself, base64 (any alignment), base64url. */
function forms(secret: string): string[] {
  const out = new Set<string>([secret]);
  for (let k = 0; k < 3; k++) {
    const enc = Buffer.concat([Buffer.alloc(k, 0x20), Buffer.from(secret)])
      .toString('base64')
      .replace(/=+$/, '');
    const core = enc.slice(Math.ceil((k * 8) / 6), (k + secret.length) % 3 === 0 ? enc.length : enc.length - 2);
    out.add(core);
    out.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...out];
}

/** Every 12-character piece of a form: a secret shown in part (a long prefix, a suffix) leaks too. */
function pieces(secret: string): string[] {
  const out = new Set<string>();
  for (const f of forms(secret)) for (let i = 0; i + 12 <= f.length; i++) out.add(f.slice(i, i + 12));
  return [...out];
}

const planted = {
  AWS_SECRET: rnd(40),
  AWS_ID: `AKIA${rnd(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
  SMTP_PASS: `Smtp${rnd(18, B64)}`,
  ENCRYPTION_PASSPHRASE: `horse battery ${rnd(10, 'abcdefghijklmnopqrstuvwxyz')} staple ${rnd(6, 'abcdefghijklmnopqrstuvwxyz')}`,
  REDIS_AUTH: rnd(24, B64),
  DB_PASSWORD: `Db${rnd(20, B64)}`,
  PGPASS: rnd(22, B64),
  SIGNING_KEY: rnd(64, '0123456789abcdef'),
  SENTRY_KEY: rnd(32, '0123456789abcdef'),
  SSH_BODY: rnd(64 * 6, `${B64}+/`),
};
const databaseUrl = `postgres://app:${planted.DB_PASSWORD}@db.internal:5432/pulse`;
const sshKey = `-----BEGIN OPENSSH PRIVATE KEY-----\n${planted.SSH_BODY.match(/.{1,64}/g)!.join('\n')}\n-----END OPENSSH PRIVATE KEY-----`;

/** The runner's environment: the secrets a workflow step typically has. */
const env = {
  SMTP_PASS: planted.SMTP_PASS,
  ENCRYPTION_PASSPHRASE: planted.ENCRYPTION_PASSPHRASE,
  REDIS_AUTH: planted.REDIS_AUTH,
  DATABASE_URL: databaseUrl,
  PGPASS: planted.PGPASS,
  SSH_KEY: sshKey,
  SIGNING_KEY: planted.SIGNING_KEY,
  SENTRY_DSN: `https://${planted.SENTRY_KEY}@o4501.ingest.sentry.io/4502`,
};

const envProduction = [
  `SMTP_PASS=${planted.SMTP_PASS}`,
  `ENCRYPTION_PASSPHRASE="${planted.ENCRYPTION_PASSPHRASE}"`,
  `REDIS_AUTH=${planted.REDIS_AUTH}`,
  `DATABASE_URL=${databaseUrl}`,
  'POOL_SIZE=3',
  'DEBUG=true',
  '',
].join('\n');

const guardrails = `version: 1
guardrails:
  - id: no-aws-keys
    title: No AWS keys in code
    check: pattern
    paths: ["config/**"]
    forbid: ['[A-Za-z0-9/+]{40}', 'AKIA[A-Z2-7]{16}', 'aws_secret_access_key\\s*=.*']
    flags: i
  - id: no-env-secrets
    title: No secrets in .env files
    check: pattern
    paths: [".env.production"]
    forbid: '^[A-Z_]*(PASS|AUTH|URL)[A-Z_]*=.*$'
    message: do not commit production settings
  - id: smtp-pass
    title: SMTP password not committed
    check: config-value
    files: [".env.production"]
    key: SMTP_PASS
    forbid-pattern: '.'
  - id: passphrase
    title: Passphrase not committed
    check: config-value
    files: [".env.production"]
    key: ENCRYPTION_PASSPHRASE
    forbid-pattern: 'horse'
  - id: redis-auth
    title: Redis auth not committed
    check: config-value
    files: [".env.production"]
    key: REDIS_AUTH
    forbid-pattern: '.'
  - id: database-url
    title: Database URL not committed
    check: config-value
    files: [".env.production"]
    key: DATABASE_URL
    forbid-pattern: 'postgres'
  - id: pool-size
    title: Pool large enough
    check: config-value
    files: [".env.production"]
    key: POOL_SIZE
    min: 10
  - id: leaky-command
    title: A command that prints what it can reach
    check: command
    pass-env: [SMTP_PASS]
    run: |
      echo visible-line-stays
      env | cut -d= -f1 > "$SEEN_ENV_FILE"
      cat .env.production
      env
      cat /proc/$PPID/environ 2>/dev/null | tr '\\000' '\\n'
      printf %s "$SMTP_PASS" | base64
      printf %s "$SMTP_PASS" | cut -c5-
      base64 .env.production
      base64 config/aws.py
      exit 1
`;

function workspace(): string {
  return tmpRepo({
    'infra/selfcheck/guardrails.yaml': guardrails,
    'config/aws.py': `AWS_ACCESS_KEY_ID = "${planted.AWS_ID}"\nAWS_SECRET_ACCESS_KEY = "${planted.AWS_SECRET}"\n`,
    '.env.production': envProduction,
  });
}

/**
 * Planted values found in the texts (each secret part on its own: the password of the database URL,
 * the body of the SSH key, the key of the Sentry DSN; their public parts may be shown).
 */
function leaksIn(texts: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [where, text] of Object.entries(texts)) {
    for (const [name, value] of Object.entries(planted)) {
      const hit = pieces(value).find((p) => text.includes(p));
      if (hit) found.push(`${name} in ${where} (${JSON.stringify(hit)})`);
    }
  }
  return found;
}

describe('hostile: planted secrets never leave the run', () => {
  let ws: string;
  let seenFile: string;
  let comment: string;
  let run: ActionRun;
  let report: { findings: { ruleId: string; message: string; properties?: Record<string, unknown> }[]; guardrails: { id: string; output?: string }[] };

  beforeAll(async () => {
    ws = workspace();
    seenFile = path.join(tmpDir('la-seen-'), 'env-names');
    const gh = await fakeGitHub();
    const event = { pull_request: { number: 7, head: { repo: { full_name: 'acme/pulse' } }, base: { repo: { full_name: 'acme/pulse' } } } };
    run = runAction(ws, { comment: 'true' }, { event, env: { ...env, SEEN_ENV_FILE: seenFile, GITHUB_API_URL: gh.url } });
    comment = (await gh.state()).comments.map((c) => c.body).join('\n');
    report = JSON.parse(readFileSync(path.resolve(ws, run.outputs['report-file']!), 'utf8'));
  }, 120_000);

  it('the run itself worked: findings of every guardrail, command output kept', () => {
    expect(run.status, run.stderr).toBe(1);
    const rules = new Set(report.findings.map((f) => f.ruleId));
    for (const id of ['no-aws-keys', 'no-env-secrets', 'smtp-pass', 'passphrase', 'redis-auth', 'database-url', 'pool-size', 'leaky-command']) expect(rules).toContain(id);
    const out = report.guardrails.find((g) => g.id === 'leaky-command')!.output!;
    expect(out).toContain('visible-line-stays');
    expect(comment).toContain('SMTP_PASS=…');
  });

  it('no planted value (nor its base64, nor a long piece of it) in stdout (annotations), stderr, outputs, summary, PR comment, SARIF or the JSON report', () => {
    const sarif = readFileSync(path.join(ws, 'guardrails.sarif'), 'utf8');
    const json = readFileSync(path.resolve(ws, run.outputs['report-file']!), 'utf8');
    expect(leaksIn({ stdout: run.stdout, stderr: run.stderr, outputs: JSON.stringify(run.outputs), summary: run.summary, comment, sarif, json })).toEqual([]);
  });

  it('what is not secret is still shown: the pool size, the host of the database URL, plain output', () => {
    const pool = report.findings.find((f) => f.ruleId === 'pool-size')!;
    expect(pool.message).toContain('3');
    expect(pool.properties?.value).toBe('3');
    const db = report.findings.find((f) => f.ruleId === 'database-url')!;
    expect(db.message).toContain('db.internal');
    expect(db.properties?.redacted).toBeTruthy();
  });

  it('secret-named variables are withheld from the command (only pass-env ones reach it)', () => {
    const names = readFileSync(seenFile, 'utf8').split('\n');
    expect(names).toContain('SEEN_ENV_FILE');
    expect(names).toContain('SMTP_PASS'); // listed in pass-env
    for (const name of ['PGPASS', 'SSH_KEY', 'SIGNING_KEY', 'SENTRY_DSN', 'REDIS_AUTH', 'ENCRYPTION_PASSPHRASE', 'DATABASE_URL']) expect(names, name).not.toContain(name);
  });

  it('baseline update writes no planted value to the baseline file (nor prints one)', () => {
    const r = runCli(['baseline', 'update', '--root', ws], ws, { ...env, SEEN_ENV_FILE: seenFile });
    expect(r.status, r.stderr).toBe(0);
    const file = path.join(ws, 'infra/selfcheck/guardrails-baseline.json');
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text).findings.length).toBeGreaterThan(5);
    expect(leaksIn({ baseline: text, stdout: r.stdout, stderr: r.stderr })).toEqual([]);
  });
});
