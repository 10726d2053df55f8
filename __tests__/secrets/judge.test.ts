import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createJudge } from '../../src/secrets/judge.js';
import { rng, SECRET_KINDS } from './corpus.js';

const judge = createJudge((s) => crc32(s));
const make = (rule: string, seed = 1): string => SECRET_KINDS.find((k) => k.rule === rule)!.make(rng(seed));

describe('judge', () => {
  it('knows documented example keys', () => {
    expect(judge.isDocumentedExample('AKIAIOSFODNN7EXAMPLE')).toBe(true);
    expect(judge.isDocumentedExample('sk_test_4eC39HqLyjWDarjtT1zdp7dc')).toBe(true);
    expect(judge.isDocumentedExample(make('aws-access-token'))).toBe(false);
  });

  it('tells placeholders and references from values', () => {
    for (const p of ['xxxxxxxxxxxx', '<your-token>', 'your_api_key_here', 'changeme', 'REPLACE_ME', 'abcdef123456', '************']) expect(judge.isPlaceholder(p), p).toBe(true);
    expect(judge.isPlaceholder('abcd1234efgh', true)).toBe(true); // typed: two runs
    expect(judge.isPlaceholder('9f31abcd77e01234c5')).toBe(false); // a token's random part may hold short runs
    for (const r of ['${DB_PASSWORD}', '$API_KEY', '{{ vault_token }}', '%(password)s', '%s_suffix', '<API_KEY>', 'process.env.TOKEN', 'os.environ["X"]', '${{ secrets.DEPLOY }}', '@@TOKEN@@'])
      expect(judge.isReference(r), r).toBe(true);
    for (const v of [make('generic-password'), make('generic-api-key', 3)]) {
      expect(judge.isPlaceholder(v), v.length.toString()).toBe(false);
      expect(judge.isReference(v)).toBe(false);
    }
  });

  it('checks the CRC32 of GitHub tokens', () => {
    const t = make('github-pat');
    expect(judge.githubChecksum(t)).toBe(true);
    const broken = t.slice(0, -1) + (t.endsWith('A') ? 'B' : 'A');
    expect(judge.githubChecksum(broken)).toBe(false);
  });

  it('checks JWTs and private-key bodies', () => {
    expect(judge.jwt(make('jwt'))).toBe(true);
    expect(judge.jwt('eyJub3QiOiJqc29uIn0.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl')).toBe(false); // header without alg
    expect(judge.privateKey(make('private-key'))).toBe(true);
    expect(judge.privateKey('-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----')).toBe(false);
  });

  it('judges generic assignments by name and value', () => {
    const v = make('generic-api-key', 5);
    const ok = (name: string, value = v, quoted = true, code = true, before = '', after = '', op = ' = ') => judge.generic(name, value, quoted, code, before, after, op);
    expect(ok('api_key')).toBe(true);
    expect(ok('SECRET_KEY_BASE')).toBe(true);
    expect(ok('client.secret')).toBe(true);
    expect(ok('password_hash')).toBe(false);
    expect(ok('token_url')).toBe(false);
    expect(ok('secret_name')).toBe(false);
    expect(ok('tokenizer')).toBe(false);
    expect(ok('api_key', 'REVISION_SCRIPT_FILENAME')).toBe(false);
    expect(ok('api_key', 'InterpolationInTemplate')).toBe(false);
    expect(ok('SECRET_KEY', 'in-a-docstring')).toBe(false);
    expect(ok('token', 'readonly-x')).toBe(false);
    expect(ok('password', 'TDUKWH_ljEQbauKb')).toBe(true); // letters, but not words
    expect(ok('token', '+P.type+')).toBe(false); // code between two strings
    expect(ok('secretKey', 'q7Rz!A*AL_0WBjm+PU6*!3niH+')).toBe(true); // a key may end in +
    expect(ok('api_key', 'd46163b7-34af-491b-b5c1-b254eede55c5')).toBe(false); // UUID
    expect(ok('password', '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW')).toBe(false); // bcrypt
    expect(ok('password', 'hunter2')).toBe(false);
    expect(ok('api_key', v, false, true)).toBe(false); // a bare value in code is a variable
    expect(ok('api_key', v, false, false)).toBe(true); // …but a value in a .env or YAML file
    expect(ok('Password', 'Xq7!pLm2Rz9k', false, true, '"Server=db;', '";', '=')).toBe(true); // in a connection string
  });

  it('judges URL passwords', () => {
    expect(judge.urlPassword('app', 'Xq7!pLm2Rz9k', 'postgres://app:…@db/app')).toBe(true);
    expect(judge.urlPassword('postgres', 'postgres', 'postgres://postgres:postgres@localhost/db')).toBe(false);
    expect(judge.urlPassword('scott', 'tiger', 'mysql://scott:tiger@localhost')).toBe(false);
    expect(judge.urlPassword('user', '${DB_PASSWORD}', '')).toBe(false);
    expect(judge.urlPassword('user', 'Xq7!pLm2Rz9k', 'https://user:…@example.com/')).toBe(false);
  });
});
