import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runOn } from '../run.js';

const cfg = (body: string) => `version: 1\nguardrails:\n  - id: cv\n    check: config-value\n${body}`;
const rows = (r: { findings: { file: string; line: number; message: string }[] }) => r.findings.map((f) => [f.file, f.line, f.message]);

describe('config-value', () => {
  const files = {
    'backend/config.py': 'class Settings:\n    SECRET_KEY: str = "change-me"\n    CORS_ORIGINS: list[str] = ["https://a.example", "*"]\n    POOL: int = Field(default=2)\n    DEBUG = True\n',
    '.env.production': 'SECRET_KEY=dev-secret\nCORS_ORIGINS=https://a.example\nPOOL=80\nDEBUG=false\n',
    '.env.example': 'SECRET_KEY=change-me\n',
    'web/config.ts': 'export const API_URL = process.env.API_URL ?? "http://api.internal";\nexport default { POOL: "lots" };\n',
  };

  it('forbid: one finding per offending assignment, at its line; secret values never shown in full', async () => {
    const { report } = await runOn(files, cfg('    files: ["backend/config.py", ".env.production"]\n    key: SECRET_KEY\n    forbid: ["change-me", "dev-secret", ""]\n'));
    expect(rows(report)).toEqual([
      ['.env.production', 1, 'SECRET_KEY is set to a forbidden value: "de…" (10 characters, redacted)'],
      ['backend/config.py', 2, 'SECRET_KEY is set to a forbidden value: "ch…" (9 characters, redacted)'],
    ]);
    const json = JSON.stringify(report);
    expect(json).not.toContain('dev-secret');
    expect(json).not.toContain('"change-me"');
    expect(report.findings[0]).toMatchObject({ column: 1, properties: { key: 'SECRET_KEY', source: 'env', redacted: true } });
    expect(report.guardrails[0]).toMatchObject({ status: 'fail', detail: '2 assignments of SECRET_KEY in 2 files (2 files read)' });
  });

  it('forbid: a list value containing the forbidden value; non-secret values are shown', async () => {
    const { report } = await runOn(files, cfg('    files: ["backend/**", ".env.*"]\n    exclude: [".env.example"]\n    key: CORS_ORIGINS\n    forbid: "*"\n'));
    expect(rows(report)).toEqual([['backend/config.py', 3, 'CORS_ORIGINS contains the forbidden value "*": ["https://a.example","*"]']]);
    expect(report.findings[0]!.properties).toMatchObject({ value: ['https://a.example', '*'] });
  });

  it('forbid compares booleans and numbers by value', async () => {
    const { report } = await runOn(files, cfg('    files: ["backend/config.py", ".env.production"]\n    key: DEBUG\n    forbid: [true]\n'));
    expect(rows(report)).toEqual([['backend/config.py', 5, 'DEBUG is set to a forbidden value: true']]);
  });

  it('a value shaped like a credential is redacted whatever its key', async () => {
    const hook = ['https://hooks.slack.com', 'services', 'T0000000', 'B0000000', 'abcdefghijklmnopqrstuvwx'].join('/');
    const { report } = await runOn({ 'n.env': `NOTIFY_URL=${hook}\nPLAIN_URL=https://example.com/a\n` }, cfg('    files: ["n.env"]\n    key: NOTIFY_URL\n    forbid-pattern: "^https://"\n'));
    expect(report.findings.map((f) => f.message)).toEqual(['NOTIFY_URL matches the forbidden pattern /^https:///: "htt…" (75 characters, redacted)']);
    expect(JSON.stringify(report)).not.toContain('abcdefghijklmnop');
    const { report: plain } = await runOn({ 'n.env': 'PLAIN_URL=https://user:pw@example.com/a\n' }, cfg('    files: ["n.env"]\n    key: PLAIN_URL\n    forbid-pattern: "^https://"\n'));
    expect(plain.findings.map((f) => f.message)).toEqual(['PLAIN_URL matches the forbidden pattern /^https:///: "https://user:***@example.com/a"']);
  });

  it('forbid-pattern tests each value (and each item of a list)', async () => {
    const { report } = await runOn(files, cfg('    files: ["web/**", ".env.production"]\n    key: API_URL\n    forbid-pattern: "^http://"\n'));
    expect(rows(report)).toEqual([['web/config.ts', 1, 'API_URL matches the forbidden pattern /^http:///: "http://api.internal"']]);
  });

  it('min and max: numbers from any source; a value that is no number is a finding', async () => {
    const { report } = await runOn(files, cfg('    files: ["backend/config.py", ".env.production", "web/config.ts"]\n    key: POOL\n    min: 5\n    max: 50\n'));
    expect(rows(report)).toEqual([
      ['.env.production', 3, 'POOL is 80, above the maximum 50: "80"'],
      ['backend/config.py', 4, 'POOL is 2, below the minimum 5: 2'],
      ['web/config.ts', 2, 'POOL is not a number (expected 5..50): "lots"'],
    ]);
  });

  it('require: a key set nowhere is a finding at the guardrail; computed values count as set but are not judged', async () => {
    const { report } = await runOn(files, cfg('    files: [".env.production"]\n    key: REDIS_URL\n    require: true\n'));
    expect(rows(report)).toEqual([['infra/selfcheck/guardrails.yaml', 7, 'REDIS_URL is not set in any of the files (.env.production: 1 file read)']]);
    const { report: ok } = await runOn({ 'a.py': 'import os\nREDIS_URL = os.environ["REDIS"]\n' }, cfg('    files: ["a.py"]\n    key: REDIS_URL\n    require: true\n    forbid: [""]\n'));
    expect(ok.findings).toEqual([]);
    expect(ok.guardrails[0]!.detail).toBe('1 assignment of REDIS_URL in 1 file (1 file read); 1 computed, not judged');
  });

  it('values in docstrings, comments and other keys are not assignments', async () => {
    const { report } = await runOn(
      {
        'c.py':
          '"""SECRET_KEY = "change-me" in a docstring"""\n# SECRET_KEY = "change-me"\nINSECURE = {"change-me"}\n@field_validator("SECRET_KEY")\ndef f(v): return v\nSECRET_KEY = os.environ["SECRET_KEY"]\n',
      },
      cfg('    files: ["c.py"]\n    key: SECRET_KEY\n    forbid: change-me\n'),
    );
    expect(report.findings).toEqual([]);
  });

  it('a guardrail with no rule, or min above max, is a configuration error', async () => {
    await expect(runOn({}, cfg('    files: [a.env]\n    key: X\n'))).rejects.toThrow(/needs at least one of forbid, forbid-pattern, require, min, max/);
    await expect(runOn({}, cfg('    files: [a.env]\n    key: X\n    min: 5\n    max: 1\n'))).rejects.toMatchObject({ line: 7, message: "guardrail 'cv': min (5) is larger than max (1)" });
  });

  it('two guardrails over the same files each judge their own key', async () => {
    const yaml = `version: 1\nguardrails:\n  - id: a\n    check: config-value\n    files: [".env.production"]\n    key: SECRET_KEY\n    forbid: x\n  - id: b\n    check: config-value\n    files: [".env.production"]\n    key: POOL\n    max: 10\n`;
    const { report } = await runOn(files, yaml);
    expect(report.findings.map((f) => f.ruleId)).toEqual(['b']);
  });

  it('one rule for the message and properties.value: secret by name (SMTP_PASS, ENCRYPTION_PASSPHRASE, REDIS_AUTH) or by shape (a URL with a password)', async () => {
    const v = (label: string) => createHash('sha256').update(`config-value-${label}`).digest('base64url').slice(0, 18); // made at run time
    const env = `SMTP_PASS=${v('smtp')}\nENCRYPTION_PASSPHRASE=horse ${v('pp')}\nREDIS_AUTH=${v('redis')}\nDATABASE_URL=postgres://app:${v('db')}@db.internal:5432/pulse\nPOOL_SIZE=3\n`;
    const guard = (id: string, key: string, rule: string) => `  - id: ${id}\n    check: config-value\n    files: [".env.production"]\n    key: ${key}\n    ${rule}\n`;
    const yaml = `version: 1\nguardrails:\n${guard('a', 'SMTP_PASS', "forbid-pattern: '.'")}${guard('b', 'ENCRYPTION_PASSPHRASE', "forbid-pattern: 'horse'")}${guard('c', 'REDIS_AUTH', 'min: 5')}${guard('d', 'DATABASE_URL', "forbid-pattern: 'postgres'")}${guard('e', 'POOL_SIZE', 'min: 10')}`;
    const { report } = await runOn({ '.env.production': env }, yaml);
    expect(report.findings.map((f) => [f.ruleId, f.message, f.properties?.value, f.properties?.redacted])).toEqual([
      ['a', `SMTP_PASS matches the forbidden pattern /./: "${v('smtp').slice(0, 3)}…" (18 characters, redacted)`, undefined, true],
      ['b', `ENCRYPTION_PASSPHRASE matches the forbidden pattern /horse/: "hor…" (24 characters, redacted)`, undefined, true],
      ['c', `REDIS_AUTH is not a number (expected at least 5): "${v('redis').slice(0, 3)}…" (18 characters, redacted)`, undefined, true],
      ['d', 'DATABASE_URL matches the forbidden pattern /postgres/: "postgres://app:***@db.internal:5432/pulse"', undefined, true],
      ['e', 'POOL_SIZE is 3, below the minimum 10: "3"', '3', undefined],
    ]);
    const all = JSON.stringify(report);
    for (const label of ['smtp', 'pp', 'redis', 'db']) expect(all).not.toContain(v(label).slice(0, 10));
  });

  it('a secret number is not repeated in the reason', async () => {
    const { report } = await runOn({ 'a.env': 'OTP_SEED_PIN_SECRET=123456789\n' }, cfg('    files: ["a.env"]\n    key: OTP_SEED_PIN_SECRET\n    max: 100\n'));
    expect(report.findings[0]!.message).toBe('OTP_SEED_PIN_SECRET is above the maximum 100: "12…" (9 characters, redacted)');
  });
});
