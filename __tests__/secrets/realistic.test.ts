import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJudge } from '../../src/secrets/judge.js';
import { runOn } from '../run.js';
import { chars, rng, SECRET_KINDS } from './corpus.js';

/**
 * The shapes that made the scan noisy on real FastAPI + Next.js repositories (issue 14, item 6):
 * test placeholders (`polar_cs_123`, `rk_test_123`, `xoxb-12345`, `refresh_456`), pydantic
 * `examples=[…]`, commented-out `test123`, a dev key repeated in `.env.example`, a devcontainer
 * script and compose file, a CI workflow with dummy tokens; and what real packages ship (fastapi,
 * authlib, oauthlib, PyJWT, mongodb): RFC sample tokens in docstrings and JSDoc, a README's JWT
 * signed with "secret", a version range under a `credential` name. None of them is a credential; real
 * ones generated here and planted beside them still are.
 */
const FIXTURE = path.join(import.meta.dirname, '../fixtures/secrets-realistic');

const YAML = `version: 1
guardrails:
  - id: no-secrets
    title: No committed credentials
    check: secrets
`;

function fixture(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const e of readdirSync(FIXTURE, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) files[path.relative(FIXTURE, path.join(e.parentPath, e.name)).split(path.sep).join('/')] = readFileSync(path.join(e.parentPath, e.name), 'utf8');
  }
  return files;
}

const make = (rule: string, seed: number): string => SECRET_KINDS.find((k) => k.rule === rule)!.make(rng(seed));
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const where = (fs: { file: string; line: number; properties?: Record<string, unknown> }[]): string[] => fs.map((f) => `${f.file}:${f.line} ${String(f.properties?.secretRule)}`).sort();

describe('secrets on a realistic FastAPI + Next.js tree', () => {
  it('reports nothing on test placeholders, documented examples, templates, dev containers and CI files', async () => {
    const files = fixture();
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(20);
    // a TLS test's key pair (made here: no key file is committed) is a fixture
    files['server/tests/fixtures/tls/server.key'] = `${make('private-key', 12)}\n`;
    files['server/examples/tls/server.key'] = `${make('private-key', 13)}\n`;
    const { report } = await runOn(files, YAML);
    expect(where(report.findings)).toEqual([]);
    expect(report.guardrails[0]!.status).toBe('pass');
  });

  it('still reports real-looking credentials planted beside them, in the same files and contexts', async () => {
    const files = fixture();
    const r = rng(41);
    const generic = chars(r, ALNUM, 32);
    const password = `${chars(r, ALNUM, 10)}7#${chars(r, ALNUM, 10)}`;
    const devPassword = `${chars(r, ALNUM, 6)}4!${chars(r, ALNUM, 8)}`;
    const devKey = chars(r, `${ALNUM}-_`, 40);
    const ghp = make('github-pat', 5);
    const akia = make('aws-access-token', 6);
    const stripe = make('stripe-access-token', 7);
    const whsec = make('stripe-webhook-secret', 8);
    const add = (file: string, text: string): number => {
      const before = files[file]!.replace(/\n$/, '').split('\n').length;
      files[file] = `${files[file]!.replace(/\n$/, '')}\n${text}\n`;
      return before + 1;
    };
    const planted = [
      `server/tests/integrations/test_stripe.py:${add('server/tests/integrations/test_stripe.py', `LIVE_KEY = "${stripe}"`)} stripe-access-token`,
      `server/tests/oauth2/test_revoke_leaked.py:${add('server/tests/oauth2/test_revoke_leaked.py', `INTEGRATION_API_KEY = "${generic}"`)} generic-api-key`,
      `server/tests/fixtures/oauth2.py:${add('server/tests/fixtures/oauth2.py', `SMTP_PASSWORD = "${password}"`)} generic-password`,
      `.devcontainer/post-create.sh:${add('.devcontainer/post-create.sh', `export GH_TOKEN=${ghp}`)} github-pat`,
      `.devcontainer/post-create.sh:${add('.devcontainer/post-create.sh', `export STAGING_DB_PASSWORD='${devPassword}'`)} generic-password`,
      `.github/workflows/test.yml:${add('.github/workflows/test.yml', `      - run: ./deploy.sh\n        env:\n          DEPLOY_API_KEY: ${devKey}`) + 2} generic-api-key`,
      `server/.env.example:${add('server/.env.example', `AWS_ACCESS_KEY_ID=${akia}`)} aws-access-token`,
      `server/polar/webhook/schemas.py:${add('server/polar/webhook/schemas.py', `FALLBACK_WEBHOOK_SECRET = "${whsec}"`)} stripe-webhook-secret`,
      `server/polar/oauth2/grants.py:${add('server/polar/oauth2/grants.py', `SERVICE_ACCESS_TOKEN = "${chars(r, ALNUM, 28)}"`)} generic-api-key`,
      `clients/packages/sdk/src/client.tsx:${add('clients/packages/sdk/src/client.tsx', `export const fallbackToken = '${chars(r, ALNUM, 28)}'`)} generic-api-key`,
      `docs/api.md:${add('docs/api.md', `    ${make('jwt', 9)}`)} jwt`,
      `deploy/ssh/id_rsa:1 private-key`,
      `clients/apps/web/src/__tests__/auth.spec.tsx:${add('clients/apps/web/src/__tests__/auth.spec.tsx', `const clientSecret = '${generic.split('').reverse().join('')}'`)} generic-api-key`,
    ];
    files['deploy/ssh/id_rsa'] = `${make('private-key', 12)}\n`;
    const { report } = await runOn(files, YAML);
    expect(where(report.findings)).toEqual(planted.sort());
  });
});

describe('documentation blocks', () => {
  it('are docstrings and JSDoc comments only: a glob, a SQL string or a stray quote opens none', async () => {
    const r = rng(77);
    const key = (): string => chars(r, ALNUM, 32);
    const [a, b, c, d] = [key(), key(), key(), key()];
    const files = {
      'app/config.ts': `const include = ['src/**/*.ts']\nexport const apiKey = '${a}'\n`,
      'app/queries.py': `QUERY = """\nSELECT 1\n"""\nAPI_KEY = "${b}"\n`,
      'app/odd.py': `SEP = '"""'\n\n\ndef f():\n    """\n    Docstring.\n    """\n    return 1\n\n\nCLIENT_SECRET = "${c}"\n`,
      'app/doc.py': `def f():\n    """Call with access_token="${d}"."""\n    return 1\n`,
    };
    const { report } = await runOn(files, YAML);
    expect(where(report.findings)).toEqual(['app/config.ts:2 generic-api-key', 'app/odd.py:11 generic-api-key', 'app/queries.py:4 generic-api-key']);
  });
});

describe('judge: where a value sits', () => {
  const judge = createJudge(() => 0);

  it('tells templates, tests and dev files from the rest by path', () => {
    const ctx = (f: string): number => judge.context(f);
    for (const f of ['.env.example', 'server/.env.sample', 'apps/web/.env.template', 'config/settings.example.yml', 'app.env.dist', 'examples/fake_server.py', 'data/iam/examples-1.json'])
      expect(ctx(f) & 1, f).toBe(1);
    for (const f of ['server/tests/test_x.py', 'test_auth.py', 'pkg/auth_test.go', 'src/__tests__/a.ts', 'web/src/a.spec.tsx', 'tests/fixtures/keys.env', 'conftest.py', 'server/.env.testing'])
      expect(ctx(f) & 2, f).toBe(2);
    for (const f of ['.devcontainer/post-create.sh', '.github/workflows/ci.yml', 'docker-compose.yml', 'compose.dev.yaml', '.gitlab-ci.yml', 'web/.env.development']) expect(ctx(f) & 4, f).toBe(4);
    for (const f of ['.env', 'deploy/.env.production', 'backend/app/config.py', 'docs/setup.md', 'src/latest.ts', 'contest/rules.py', 'templates/base.html']) expect(ctx(f), f).toBe(0);
  });

  it('knows typed values from generated ones', () => {
    for (const v of ['polar_cs_123', 'refresh_456', 'xoxb-12345', 'rk_test_123', 'test123', 'dummytoken123', 'minio123', 'p.tinybird_123']) expect(judge.typed(v), v).toBe(true);
    for (const v of ['Xq7!pLm2Rz9k', 'kJ8s2LmQ9vX4', 'a1b2c3d4e5f6g7h8', 'wJalrXUtnFEMI7K7MDENG']) expect(judge.typed(v), v).toBe(false);
  });

  it('asks tests and dev files for a random value, not a dummy one', () => {
    for (const v of ['ci-dummy-token-123', 'polarpolar123', 'sk_test_dummy', 'devsecret', 'Aa1!Aa1!Aa1!']) expect(judge.strong(v), v).toBe(false);
    const v = chars(rng(3), ALNUM, 24);
    expect(judge.strong(v)).toBe(true);
  });

  it('sees documented examples: examples=[…], "example": …, e.g., an OpenAPI example: block', () => {
    const at = (text: string): boolean => judge.inExample(text, text.indexOf('VALUE'));
    expect(at('    secret: str = Field(..., examples=["VALUE"])')).toBe(true);
    expect(at('json_schema_extra={\n  "examples": [\n    {\n      "client_secret": "VALUE",\n')).toBe(true);
    expect(at('    "example": "VALUE",')).toBe(true);
    expect(at('Signed with your endpoint secret (e.g. `VALUE`).')).toBe(true);
    expect(at('components:\n  schemas:\n    Token:\n      example:\n        token: VALUE\n')).toBe(true);
    // closed example brackets, an example.com host, a name that only contains the word: not examples
    expect(at('x = Field(examples=["a"])\nSECRET = "VALUE"')).toBe(false);
    expect(at('URL = "https://example.com/"; TOKEN = "VALUE"')).toBe(false);
    expect(at('EXAMPLE_SECRET = "VALUE"')).toBe(false);
    expect(at('components:\n  example:\n    a: 1\n  token: VALUE\n')).toBe(false);
  });
});
