import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandEnv, parseDuration } from '../../src/checks/command.js';
import { runOn } from '../run.js';

const cfg = (body: string) => `version: 1\nguardrails:\n  - id: cmd\n    title: Command passes\n    check: command\n${body}`;

describe('command', () => {
  it('passes on exit 0 and keeps the output', async () => {
    const { report } = await runOn({}, cfg('    run: echo all good\n'));
    expect(report.result).toBe('pass');
    expect(report.guardrails[0]!.output).toBe('all good');
  });

  it('a non-zero exit is a finding at the run key, with the last output lines', async () => {
    const { report } = await runOn({}, cfg("    run: 'echo first; echo Target database is not up to date >&2; exit 3'\n"));
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ file: 'infra/selfcheck/guardrails.yaml', line: 6 });
    expect(report.findings[0]!.message).toMatch(/exited with code 3: first \| Target database is not up to date/);
  });

  it('command not found', async () => {
    const { report } = await runOn({}, cfg('    run: definitely-not-a-command-xyz\n'));
    expect(report.findings[0]!.message).toMatch(/127 \(command not found\)/);
  });

  it('a timeout ends the whole process tree', async () => {
    const { report, root } = await runOn({}, cfg('    run: \'sh -c "sleep 3; touch grandchild-survived" & sleep 30\'\n    timeout: 1s\n'));
    expect(report.findings[0]!.message).toMatch(/did not finish within 1s; its process tree was ended/);
    await new Promise((r) => setTimeout(r, 3500));
    expect(existsSync(path.join(root, 'grandchild-survived'))).toBe(false);
  });

  it('merges the SARIF the command writes as findings', async () => {
    const sarif = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'x', rules: [{ id: 'R1', shortDescription: { text: 'Rule one' }, defaultConfiguration: { level: 'warning' } }] } },
          results: [
            { ruleId: 'R1', message: { text: 'bad thing' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a.py' }, region: { startLine: 7 } } }] },
            { ruleId: 'R1', level: 'error', message: { text: 'worse' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'file:///etc/passwd' }, region: { startLine: 1 } } }] },
          ],
        },
      ],
    };
    const { report } = await runOn({ 'src/a.py': 'x\n', 'tool.sh': `cat > out.sarif <<'X'\n${JSON.stringify(sarif)}\nX\nexit 1\n` }, cfg('    run: sh tool.sh\n    sarif: out.sarif\n'));
    expect(report.findings.map((f) => [f.ruleId, f.level, f.file, f.line, f.message])).toEqual([['cmd/R1', 'warning', 'src/a.py', 7, 'bad thing']]);
    expect(report.rules).toEqual([expect.objectContaining({ id: 'cmd/R1', guardrail: 'cmd', description: 'Rule one' })]);
  });

  it('is skipped, not run, when commands are refused', async () => {
    const { report, root } = await runOn({}, cfg('    run: touch ran\n'), { allowCommands: false, commandsRefusedBecause: 'allow-commands is false' });
    expect(report.guardrails[0]).toMatchObject({ status: 'skipped', detail: 'allow-commands is false' });
    expect(existsSync(path.join(root, 'ran'))).toBe(false);
    expect(report.notices.join()).toMatch(/cmd was skipped/);
  });

  it('withholds secret-like environment variables unless listed', async () => {
    const env = { PATH: process.env.PATH, DB_PASSWORD: 'p', MY_TOKEN: 't', PLAIN: 'v', 'INPUT_GITHUB-TOKEN': 'x' };
    expect(commandEnv(env, ['DB_PASSWORD'], { EXTRA: '1' })).toEqual({ PATH: process.env.PATH, DB_PASSWORD: 'p', PLAIN: 'v', EXTRA: '1' });
    const { root } = await runOn({}, cfg('    run: env > env.txt\n'), { env: env as NodeJS.ProcessEnv });
    const seen = readFileSync(path.join(root, 'env.txt'), 'utf8');
    expect(seen).toMatch(/PLAIN=v/);
    expect(seen).not.toMatch(/MY_TOKEN|DB_PASSWORD|INPUT_/);
  });

  it('values of pass-env variables are redacted from the output kept in the report', async () => {
    const secret = ['hunter2', 'very', 'secret'].join('-'); // made at run time: the project scans itself for secrets
    const env = { PATH: process.env.PATH, DB_PASSWORD: secret } as NodeJS.ProcessEnv;
    const { report } = await runOn({}, cfg("    run: 'echo connecting with $DB_PASSWORD; exit 1'\n    pass-env: [DB_PASSWORD]\n"), { env });
    expect(report.guardrails[0]!.output).toBe('connecting with …');
    expect(JSON.stringify(report)).not.toContain(secret);
  });

  it('withholds what looks secret by name or by value (PGPASS, SSH_KEY, SIGNING_KEY, SENTRY_DSN, a DATABASE_URL with a password), and says which', async () => {
    const env = {
      PATH: process.env.PATH,
      PGPASS: 'pg-pass-value',
      SSH_KEY: 'ssh-key-value',
      SIGNING_KEY: 'signing-value',
      SENTRY_DSN: 'https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/2',
      DATABASE_URL: ['postgres://app:', 'db-pass-value', '@db/x'].join(''), // made at run time: the project scans itself
      CACHE_URL: 'redis://cache:6379/0',
      SSL_CERT_FILE: '/etc/ssl/cert.pem',
      POOL_SIZE: '3',
    } as NodeJS.ProcessEnv;
    const withheld: string[] = [];
    expect(Object.keys(commandEnv(env, ['PGPASS'], {}, withheld)).sort()).toEqual(['CACHE_URL', 'PATH', 'PGPASS', 'POOL_SIZE', 'SSL_CERT_FILE']);
    expect(withheld).toEqual(['DATABASE_URL', 'SENTRY_DSN', 'SIGNING_KEY', 'SSH_KEY']);
    const { report } = await runOn({}, cfg('    run: echo ok\n'), { env });
    expect(report.guardrails[0]!.detail).toMatch(/withheld \(list them in pass-env to pass them\): DATABASE_URL, PGPASS, SENTRY_DSN, SIGNING_KEY, SSH_KEY$/);
  });

  it("the output keeps no secret: a pass-env value whole, cut or base64-encoded, a secret file it prints, its parent's environment", async () => {
    const secret = createHash('sha256').update('command-test').digest('base64url').slice(0, 24); // made at run time
    const other = createHash('sha256').update('command-test-other').digest('base64url').slice(0, 24);
    const env = { PATH: process.env.PATH, SMTP_PASS: secret, REDIS_AUTH: other } as NodeJS.ProcessEnv;
    const run = [
      'echo plain output stays',
      'printf %s "$SMTP_PASS" | base64',
      'printf %s "$SMTP_PASS" | cut -c9-',
      'printf "x%s" "$SMTP_PASS" | base64',
      'cat .env.production',
      'cat /proc/$PPID/environ 2>/dev/null | tr "\\000" "\\n" | grep REDIS_AUTH',
      'exit 1',
    ].join('; ');
    const { report } = await runOn({ '.env.production': `ENCRYPTION_PASSPHRASE=horse battery staple ${other.slice(0, 6)}\n` }, cfg(`    run: '${run}'\n    pass-env: [SMTP_PASS]\n`), { env });
    const out = report.guardrails[0]!.output!;
    expect(out).toContain('plain output stays');
    expect(out).toContain('ENCRYPTION_PASSPHRASE=…');
    const all = JSON.stringify(report);
    for (const s of [secret, other, 'horse battery']) for (let i = 0; i + 8 <= s.length; i++) expect(all).not.toContain(s.slice(i, i + 8));
    expect(all).not.toContain(Buffer.from(secret).toString('base64').slice(0, 12));
  });

  it('secrets in the SARIF a command writes are redacted from the findings it becomes', async () => {
    const token = createHash('sha256').update('command-sarif').digest('base64url').slice(0, 30); // made at run time
    const sarif = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'x' } },
          results: [{ ruleId: 'leak', message: { text: `api_token = "${token}" committed` }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.py' }, region: { startLine: 1 } } }] }],
        },
      ],
    };
    const { report } = await runOn({ 'a.py': 'x\n', 'tool.sh': `cat > out.sarif <<'X'\n${JSON.stringify(sarif)}\nX\n` }, cfg('    run: sh tool.sh\n    sarif: out.sarif\n'));
    expect(report.findings.map((f) => f.message)).toEqual(['api_token = "…" committed']);
    expect(JSON.stringify(report)).not.toContain(token.slice(0, 10));
  });

  it('parses durations', () => {
    expect(parseDuration('90s', 0)).toBe(90_000);
    expect(parseDuration('5m', 0)).toBe(300_000);
    expect(parseDuration(2, 0)).toBe(2000);
    expect(parseDuration(undefined, 7)).toBe(7);
  });
});
