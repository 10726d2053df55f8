import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { displayValue, isSecret, isSecretName, looksSecretValue } from '../../src/secrets/redact.js';
import { KnownSecrets, redactSecretsInText, secretValuesOf } from '../../src/secrets/redact-text.js';

// Every secret is made at run time (the project scans itself for secrets), the same on every run.
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
let made = 0;
const rnd = (n: number, alphabet = ALNUM): string =>
  [...createHash('sha512').update(`redact-test-${made++}`).digest()]
    .slice(0, n)
    .map((b) => alphabet[b % alphabet.length])
    .join('');

describe('the redaction rule: by name', () => {
  it.each([
    'SMTP_PASS',
    'PGPASS',
    'PGPASSWORD',
    'ENCRYPTION_PASSPHRASE',
    'REDIS_AUTH',
    'SSH_KEY',
    'SIGNING_KEY',
    'SENTRY_DSN',
    'GITHUB_TOKEN',
    'INPUT_GITHUB-TOKEN',
    'AWS_SECRET_ACCESS_KEY',
    'secretKey',
    'database.password',
    'MYSQL_PWD',
    'API_KEY',
    'apiKey',
    'NEXTAUTH_SECRET',
    'JWT',
    'COOKIE_SECRET',
    'PASSWORD_SALT',
    'TLS_CERT',
    'PRIVATE_KEY',
    'AZURE_STORAGE_CONNECTION_STRING',
    'DB_PASS2',
    'SECRET_KEY_BASE',
    'credentials',
  ])('%s is secret', (name) => expect(isSecretName(name)).toBe(true));

  it.each([
    'POOL_SIZE',
    'DEBUG',
    'PATH',
    'HOME',
    'PWD',
    'OLDPWD',
    'GIT_AUTHOR_NAME',
    'SSH_AUTH_SOCK',
    'SSL_CERT_FILE',
    'TOKEN_TTL',
    'PASSWORD_MIN_LENGTH',
    'SECRET_NAME',
    'AUTH_URL',
    'NEXT_PUBLIC_API_KEY',
    'KEYBOARD',
    'CACHE_KEY_PREFIX',
    'OAUTH_CLIENT_ID',
    'DATABASE_URL',
    'GITHUB_SHA',
  ])('%s is not secret by its name', (name) => expect(isSecretName(name)).toBe(false));
});

describe('the redaction rule: by shape', () => {
  it('tokens, random text, URLs with a password, PEM blocks', () => {
    expect(looksSecretValue(rnd(40, `${ALNUM}+/`))).toBe(true);
    expect(looksSecretValue(`AKIA${rnd(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`)).toBe(true);
    expect(looksSecretValue(`postgres://app:${rnd(12)}@db:5432/x`)).toBe(true);
    expect(looksSecretValue(`https://${rnd(32, '0123456789abcdef')}@o1.ingest.sentry.io/2`)).toBe(true);
    expect(looksSecretValue(`https://api.example.com/v1?token=${rnd(20)}`)).toBe(true);
    expect(looksSecretValue(`-----BEGIN OPENSSH PRIVATE KEY-----\n${rnd(64)}\n-----END OPENSSH PRIVATE KEY-----`)).toBe(true);
  });

  it('not: words, paths, versions, hashes, plain URLs, references', () => {
    for (const v of [
      'production',
      'my-service-name-v2',
      '/usr/local/bin/node',
      '1.2.3',
      '0123456789abcdef0123456789abcdef01234567',
      'https://example.com/a',
      'postgres://app:${DB_PASSWORD}@db/x',
      'git@github.com:acme/pulse.git',
      'InterpolationInTemplateLiteral',
    ]) {
      expect(looksSecretValue(v), v).toBe(false);
    }
  });

  it('a secret-named setting with a flag or a path is no secret; any other value is', () => {
    expect(isSecret('REDIS_AUTH', 'true')).toBe(false);
    expect(isSecret('SSH_KEY', '/home/runner/.ssh/id_ed25519')).toBe(false);
    expect(isSecret('REDIS_AUTH', 'hunter')).toBe(true);
    expect(isSecret('ALLOWED', ['a', rnd(32)])).toBe(true);
  });

  it('shows at most a short prefix and the length; a URL with only its password masked', () => {
    const pass = `Smtp${rnd(18)}`;
    expect(displayValue('SMTP_PASS', pass)).toBe(`"${pass.slice(0, 3)}…" (22 characters, redacted)`);
    expect(displayValue('POOL_SIZE', '3')).toBe('"3"');
    expect(displayValue('DATABASE_URL', `postgres://app:${rnd(16)}@db.internal/x`)).toBe('"postgres://app:***@db.internal/x"');
  });
});

describe('redacting text', () => {
  const secret = `Sk${rnd(30)}`;
  const known = new KnownSecrets([secret]);

  it('a known secret whole, in part (prefix, suffix ≥ 8 characters) and encoded (base64 at any alignment, base64url, hex)', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const texts = [
      `x ${secret} y`,
      `suffix ${secret.slice(-10)} end`,
      `prefix ${secret.slice(0, 9)} end`,
      b64(secret),
      b64(`a${secret}`),
      b64(`user:${secret}`),
      Buffer.from(secret).toString('base64url'),
      Buffer.from(secret).toString('hex'),
    ];
    for (const t of texts) {
      const out = redactSecretsInText(t, known);
      expect(out, t).toContain('…');
      for (let i = 0; i + 8 <= secret.length; i++) expect(out).not.toContain(secret.slice(i, i + 8));
    }
    expect(redactSecretsInText(`x ${secret} y`, known)).toBe('x … y');
  });

  it('what the text shows: assignments by name, Bearer headers, URL passwords, PEM bodies, scanner findings, random tokens', () => {
    const pass = rnd(14);
    expect(redactSecretsInText(`SMTP_PASS=${pass}\nPOOL_SIZE=3`)).toBe('SMTP_PASS=…\nPOOL_SIZE=3');
    expect(redactSecretsInText(`ENCRYPTION_PASSPHRASE="horse battery ${pass}"`)).toBe('ENCRYPTION_PASSPHRASE="…"');
    expect(redactSecretsInText(`curl -H "Authorization: Bearer ${pass}" x`)).not.toContain(pass);
    expect(redactSecretsInText(`connect postgres://app:${pass}@db:5432/x now`)).toBe('connect postgres://app:…@db:5432/x now');
    expect(redactSecretsInText(`{"password": "${pass}", "user": "app"}`)).toBe('{"password": "…", "user": "app"}');
    const body = rnd(64);
    expect(redactSecretsInText(`-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`)).not.toContain(body.slice(0, 12));
    const aws = `AKIA${rnd(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
    expect(redactSecretsInText(`key ${aws} here`)).toBe('key AKIA… here');
    expect(redactSecretsInText(`blob ${rnd(48, `${ALNUM}+/`)}==`)).toBe('blob …');
  });

  it('leaves ordinary text alone: words, paths, links, hashes, versions', () => {
    const text = [
      'Compiled 12 modules in 3.2s',
      'migrations: head is 3f2a1b9c (expand)',
      'GET /health 200',
      'see https://github.com/acme/pulse/blob/3f2a1b9c0d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a/backend/main.py#L2',
      'Downloaded https://registry.npmjs.org/typescript/-/typescript-5.9.3.tgz',
      'at Object.<anonymous> (/home/runner/work/pulse/pulse/src/services/OrderService.ts:12:5)',
      'PASS src/components/__tests__/HeaderNavigation.test.tsx (5.2 s)',
      'wrote /tmp/la-runner-nCiqdJ/output',
      'POOL_SIZE=3 DEBUG=true token_ttl=30',
    ].join('\n');
    expect(redactSecretsInText(text)).toBe(text);
  });

  it('hostile input stays linear: long runs of the characters the patterns look for', () => {
    for (const t of ['a.'.repeat(40_000), `${'x='.repeat(30_000)}y`, `a://${'b'.repeat(60_000)}`, ' '.repeat(60_000), `password=${'a '.repeat(30_000)}`]) {
      expect(typeof redactSecretsInText(t, known)).toBe('string');
    }
  });

  it('the secrets of an environment: by name, by shape, and the ones named', () => {
    const env = { PGPASS: 'pw-one-two', DATABASE_URL: `postgres://a:${pass2()}@h/x`, POOL_SIZE: '3', PLAIN: 'hello-world', PATH: '/usr/bin' };
    expect(secretValuesOf(env, ['PLAIN']).sort()).toEqual([env.DATABASE_URL, env.PGPASS, 'hello-world'].sort());
  });
});

function pass2(): string {
  return rnd(12);
}
