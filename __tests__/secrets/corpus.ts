/**
 * A generated repository with planted secrets of every built-in kind and decoys of every kind that
 * must not be reported (documented example keys, placeholders, variable references, hashes, UUIDs,
 * lockfile integrity strings, base64 images, inline allow comments, secret-ish names in ordinary
 * code), in realistic files of several languages. Deterministic for a seed.
 *
 * Self-contained (no relative imports) so that bench/secrets.mjs can import it with Node's type
 * stripping. Secret values exist only at run time: nothing here is a real credential.
 */
import { crc32 } from 'node:zlib';

export interface Planted {
  file: string;
  line: number;
  /** Last line of a multi-line secret (private keys). */
  endLine: number;
  /** The built-in rule id that must report it. */
  rule: string;
  /** Lines where another tool's report of this secret also counts (a key file reported at its first line). */
  within?: [number, number];
  value: string;
}

export interface Decoy {
  file: string;
  line: number;
  kind: string;
  value: string;
}

export interface Corpus {
  files: Map<string, string>;
  planted: Planted[];
  decoys: Decoy[];
}

type Rand = () => number;

export function rng(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const HEX = '0123456789abcdef';
const B64 = `${ALNUM}+/`;
const B64URL = `${ALNUM}-_`;
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function pick<T>(r: Rand, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/** Random characters; re-drawn until there is no run of 4 equal characters (real keys rarely have one). */
export function chars(r: Rand, alphabet: string, n: number): string {
  for (;;) {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
    if (!/(.)\1{3}/.test(s)) return s;
  }
}

function checksummed(r: Rand, prefix: string): string {
  const body = chars(r, ALNUM, 30);
  let n = crc32(body) >>> 0;
  let c = '';
  while (n > 0) {
    c = B62[n % 62] + c;
    n = Math.floor(n / 62);
  }
  return `${prefix}${body}${c.padStart(6, '0')}`;
}

const uuid = (r: Rand): string => `${chars(r, HEX, 8)}-${chars(r, HEX, 4)}-4${chars(r, HEX, 3)}-a${chars(r, HEX, 3)}-${chars(r, HEX, 12)}`;
const b64url = (s: string): string => Buffer.from(s).toString('base64url');
/**
 * A generated password: letters, a digit, a symbol. (Letters and separators alone, `ymelnp_DbKHS`,
 * cannot be told from an identifier, so a scanner that avoids identifiers cannot promise to find them.)
 */
const password = (r: Rand): string => `${chars(r, ALNUM, 5)}${chars(r, '0123456789', 1)}${pick(r, ['!', '#', '^', '*', '_', '-', '+', '~'])}${chars(r, ALNUM, 4 + Math.floor(r() * 8))}`;

/** The first bytes of a real key body, as base64: ASN.1 SEQUENCE (`MI…`, EC `MHc…`), `openssh-key-v1`, a PGP secret-key packet. */
const MAGIC: Record<string, string> = {
  'RSA PRIVATE KEY': 'MIIEpAIBAAKCAQEA',
  'EC PRIVATE KEY': 'MHcCAQEEI',
  'OPENSSH PRIVATE KEY': 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn',
  'PRIVATE KEY': 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ',
  'PGP PRIVATE KEY BLOCK': 'lQOYBF',
};

function pem(r: Rand, label: string, pgp = false): string {
  const body = `${MAGIC[label] ?? ''}${chars(r, B64, (12 + Math.floor(r() * 12)) * 64 + 20 + Math.floor(r() * 40))}`;
  const lines = [`-----BEGIN ${label}-----`];
  if (pgp) lines.push('Version: GnuPG v2', '');
  for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
  if (!pgp) lines[lines.length - 1] += '==';
  if (pgp) lines.push(`=${chars(r, B64, 4)}`);
  lines.push(`-----END ${label}-----`);
  return lines.join('\n');
}

/** Every built-in rule: how to make one of its secrets, and the assignment name to use in code. */
export const SECRET_KINDS: { rule: string; make: (r: Rand) => string; name: string; multiline?: boolean; bare?: boolean }[] = [
  { rule: 'aws-access-token', name: 'AWS_ACCESS_KEY_ID', make: (r) => `AKIA${chars(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}` },
  { rule: 'aws-secret-access-key', name: 'AWS_SECRET_ACCESS_KEY', make: (r) => chars(r, B64, 40) },
  { rule: 'github-pat', name: 'GITHUB_TOKEN', make: (r) => checksummed(r, 'ghp_') },
  { rule: 'github-oauth', name: 'GH_OAUTH_TOKEN', make: (r) => checksummed(r, 'gho_') },
  { rule: 'github-app-token', name: 'GH_APP_TOKEN', make: (r) => checksummed(r, pick(r, ['ghu_', 'ghs_'])) },
  { rule: 'github-refresh-token', name: 'GH_REFRESH', make: (r) => checksummed(r, 'ghr_') },
  { rule: 'github-fine-grained-pat', name: 'GH_PAT', make: (r) => `github_pat_11${chars(r, ALNUM, 20)}_${chars(r, ALNUM, 59)}` },
  { rule: 'gitlab-pat', name: 'GITLAB_TOKEN', make: (r) => `glpat-${chars(r, B64URL, 20)}` },
  { rule: 'gitlab-token', name: 'CI_RUNNER', make: (r) => `${pick(r, ['glrt-', 'gldt-', 'glptt-'])}${chars(r, ALNUM, 20)}` },
  { rule: 'slack-bot-token', name: 'SLACK_BOT', make: (r) => `xoxb-${chars(r, '123456789', 12)}-${chars(r, '123456789', 13)}-${chars(r, ALNUM, 24)}` },
  { rule: 'slack-user-token', name: 'SLACK_USER', make: (r) => `xoxp-${chars(r, '123456789', 12)}-${chars(r, '123456789', 12)}-${chars(r, '123456789', 13)}-${chars(r, HEX, 32)}` },
  { rule: 'slack-app-token', name: 'SLACK_APP', make: (r) => `xapp-1-A${chars(r, `${UPPER}0123456789`, 10)}-${chars(r, '123456789', 13)}-${chars(r, HEX, 64)}` },
  { rule: 'slack-webhook-url', name: 'SLACK_WEBHOOK', make: (r) => `https://hooks.slack.com/services/T${chars(r, UPPER, 8)}/B${chars(r, UPPER, 10)}/${chars(r, ALNUM, 24)}` },
  { rule: 'stripe-access-token', name: 'STRIPE_KEY', make: (r) => `${pick(r, ['sk_live_', 'rk_live_'])}51${chars(r, ALNUM, 22 + Math.floor(r() * 70))}` },
  { rule: 'stripe-webhook-secret', name: 'STRIPE_WEBHOOK', make: (r) => `whsec_${chars(r, ALNUM, 32)}` },
  { rule: 'gcp-api-key', name: 'GOOGLE_MAPS', make: (r) => `AIza${chars(r, B64URL, 35)}` },
  {
    rule: 'azure-storage-key',
    name: 'AZURE_STORAGE',
    make: (r) => `DefaultEndpointsProtocol=https;AccountName=acme${chars(r, 'abcdefghijklmnopqrstuvwxyz', 6)};AccountKey=${chars(r, B64, 86)}==;EndpointSuffix=core.windows.net`,
  },
  { rule: 'private-key', name: 'RSA', multiline: true, make: (r) => pem(r, 'RSA PRIVATE KEY') },
  { rule: 'private-key', name: 'EC', multiline: true, make: (r) => pem(r, 'EC PRIVATE KEY') },
  { rule: 'private-key', name: 'OPENSSH', multiline: true, make: (r) => pem(r, 'OPENSSH PRIVATE KEY') },
  { rule: 'private-key', name: 'PGP', multiline: true, make: (r) => pem(r, 'PGP PRIVATE KEY BLOCK', true) },
  { rule: 'private-key', name: 'PKCS8', multiline: true, make: (r) => pem(r, 'PRIVATE KEY') },
  { rule: 'gcp-service-account', name: 'service-account', multiline: true, make: (r) => pem(r, 'PRIVATE KEY').replace(/\n/g, '\\n') },
  {
    rule: 'jwt',
    name: 'SESSION_JWT',
    make: (r) => `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(`{"sub":"${chars(r, HEX, 12)}","role":"admin","iat":${1700000000 + Math.floor(r() * 1e7)}}`)}.${chars(r, B64URL, 43)}`,
  },
  { rule: 'npm-access-token', name: 'NPM_TOKEN', make: (r) => `npm_${chars(r, ALNUM, 36)}` },
  { rule: 'pypi-upload-token', name: 'PYPI_TOKEN', make: (r) => `pypi-AgEIcHlwaS5vcmc${chars(r, B64URL, 70)}` },
  { rule: 'twilio-api-key', name: 'TWILIO_KEY_SID', make: (r) => `SK${chars(r, HEX, 32)}` },
  { rule: 'twilio-auth-token', name: 'TWILIO_AUTH_TOKEN', make: (r) => chars(r, HEX, 32) },
  { rule: 'sendgrid-api-token', name: 'SENDGRID', make: (r) => `SG.${chars(r, B64URL, 22)}.${chars(r, B64URL, 43)}` },
  { rule: 'mailgun-private-api-token', name: 'MAILGUN_KEY', make: (r) => `key-${chars(r, HEX, 32)}` },
  { rule: 'mailgun-signing-key', name: 'MAILGUN_SIGNING_KEY', make: (r) => `${chars(r, HEX, 32)}-${chars(r, HEX, 8)}-${chars(r, HEX, 8)}` },
  { rule: 'shopify-access-token', name: 'SHOPIFY', make: (r) => `${pick(r, ['shpat_', 'shpss_'])}${chars(r, HEX, 32)}` },
  { rule: 'heroku-api-key', name: 'HEROKU_API_KEY', make: (r) => uuid(r) },
  { rule: 'heroku-api-key-v2', name: 'HEROKU', make: (r) => `HRKU-AA${chars(r, B64URL, 58)}` },
  { rule: 'digitalocean-pat', name: 'DO_TOKEN', make: (r) => `dop_v1_${chars(r, HEX, 64)}` },
  { rule: 'datadog-access-token', name: 'DD_API_KEY', make: (r) => chars(r, HEX, 32) },
  { rule: 'openai-api-key', name: 'OPENAI', make: (r) => `sk-proj-${chars(r, B64URL, 40)}T3BlbkFJ${chars(r, B64URL, 40)}` },
  { rule: 'anthropic-api-key', name: 'ANTHROPIC', make: (r) => `sk-ant-api03-${chars(r, B64URL, 93)}AA` },
  { rule: 'huggingface-access-token', name: 'HF', make: (r) => `hf_${chars(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 34)}` },
  { rule: 'linear-api-key', name: 'LINEAR', make: (r) => `lin_api_${chars(r, ALNUM, 40)}` },
  { rule: 'tailscale-key', name: 'TS_AUTHKEY', make: (r) => `tskey-auth-k${chars(r, ALNUM, 11)}-${chars(r, ALNUM, 33)}` },
  { rule: 'grafana-token', name: 'GRAFANA', make: (r) => `glsa_${chars(r, ALNUM, 32)}_${chars(r, HEX, 8)}` },
  { rule: 'vault-token', name: 'VAULT', make: (r) => `hvs.${chars(r, B64URL, 94)}` },
  { rule: 'groq-api-key', name: 'GROQ', make: (r) => `gsk_${chars(r, ALNUM, 52)}` },
  { rule: 'databricks-api-token', name: 'DATABRICKS', make: (r) => `dapi${chars(r, HEX, 32)}` },
  { rule: 'age-secret-key', name: 'AGE', make: (r) => `AGE-SECRET-KEY-1${chars(r, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)}` },
  { rule: 'doppler-api-token', name: 'DOPPLER', make: (r) => `dp.pt.${chars(r, ALNUM, 43)}` },
  { rule: 'npm-auth-token', name: '//registry.npmjs.org/:_authToken', bare: true, make: (r) => chars(r, B64URL, 36) },
  {
    rule: 'database-url',
    name: 'DATABASE_URL',
    make: (r) =>
      `${pick(r, ['postgresql', 'postgres', 'mysql', 'mongodb+srv', 'redis', 'amqp'])}://${pick(r, ['app', 'svc_orders', 'pulse'])}:${password(r)}@${pick(r, ['db', 'db.internal', '10.0.3.7'])}:${pick(r, ['5432', '3306', '6379'])}/${pick(r, ['app', 'orders', '0'])}`,
  },
  { rule: 'url-credentials', name: 'MIRROR_URL', make: (r) => `https://deploy:${password(r)}@artifacts.acme-corp.io/repository/pypi` },
  { rule: 'generic-password', name: 'DB_PASSWORD', make: (r) => password(r) },
  { rule: 'generic-password', name: 'smtp_password', make: (r) => password(r) },
  { rule: 'generic-api-key', name: 'SECRET_KEY', make: (r) => chars(r, `${ALNUM}!@#^&*-_=+`, 50) },
  { rule: 'generic-api-key', name: 'api_key', make: (r) => chars(r, ALNUM, 32) },
  { rule: 'generic-api-key', name: 'clientSecret', make: (r) => `${chars(r, ALNUM, 8)}~${chars(r, B64URL, 30)}` },
  { rule: 'generic-api-key', name: 'auth_token', make: (r) => chars(r, HEX, 40) },
];

// ---------------------------------------------------------------------------------------------
// Where secrets are written: one line (or block) per language.

type Lang = 'py' | 'ts' | 'env' | 'yaml' | 'json' | 'sh' | 'tf' | 'properties' | 'md' | 'dockerfile';
const LANGS: Lang[] = ['py', 'ts', 'env', 'yaml', 'json', 'sh', 'tf', 'properties', 'md', 'dockerfile'];
const EXT: Record<Lang, string> = { py: '.py', ts: '.ts', env: '.env', yaml: '.yml', json: '.json', sh: '.sh', tf: '.tf', properties: '.properties', md: '.md', dockerfile: '' };

const snake = (n: string): string => n.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const camel = (n: string): string => snake(n).replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Lines that assign `value` to `name` in a language; the secret is on the first line. */
function assign(lang: Lang, name: string, value: string): string {
  switch (lang) {
    case 'py':
      return `${name.toUpperCase() === name ? name : snake(name)} = "${value}"`;
    case 'ts':
      return `export const ${camel(name)} = '${value}';`;
    case 'env':
      return `${snake(name).toUpperCase()}=${value}`;
    case 'yaml':
      return `  ${snake(name)}: "${value}"`;
    case 'json':
      return `  "${camel(name)}": "${value}",`;
    case 'sh':
      return `export ${snake(name).toUpperCase()}="${value}"`;
    case 'tf':
      return `  ${snake(name)} = "${value}"`;
    case 'properties':
      return `app.${snake(name).replace(/_/g, '.')}=${value}`;
    case 'md':
      return `    ${snake(name).toUpperCase()}=${value}`;
    case 'dockerfile':
      return `ENV ${snake(name).toUpperCase()}=${value}`;
  }
}

interface Placement {
  /** Lines to insert; `at` is the line (0-based, within them) of the secret or decoy. */
  lines: string[];
  at: number;
  endAt: number;
  value: string;
  planted?: string;
  decoy?: string;
  /** A whole file of its own (pem, service-account JSON, lockfile). */
  file?: string;
  within?: [number, number];
  lang: Lang | 'own';
}

function plant(r: Rand, kind: (typeof SECRET_KINDS)[number]): Placement {
  const value = kind.make(r);
  if (kind.rule === 'gcp-service-account') {
    const lines = [
      '{',
      '  "type": "service_account",',
      `  "project_id": "acme-${chars(r, 'abcdefghijklmnopqrstuvwxyz', 6)}",`,
      `  "private_key_id": "${chars(r, HEX, 40)}",`,
      `  "private_key": "${value}\\n",`,
      `  "client_email": "ci@acme.iam.gserviceaccount.com",`,
      `  "client_id": "${chars(r, '0123456789', 21)}",`,
      '  "token_uri": "https://oauth2.googleapis.com/token"',
      '}',
    ];
    return { lines, at: 4, endAt: 4, value, planted: kind.rule, file: `deploy/keys/sa-${chars(r, HEX, 6)}.json`, lang: 'own', within: [1, lines.length] };
  }
  if (kind.multiline) {
    const lines = value.split('\n');
    const style = Math.floor(r() * 3);
    if (style === 0)
      return { lines, at: 0, endAt: lines.length - 1, value, planted: kind.rule, file: `ops/ssh/${kind.name.toLowerCase()}-${chars(r, HEX, 6)}.${kind.name === 'PGP' ? 'asc' : 'pem'}`, lang: 'own' };
    if (style === 1) return { lines: ['tls:', '  key: |', ...lines.map((l) => `    ${l}`)], at: 2, endAt: lines.length + 1, value, planted: kind.rule, lang: 'yaml' };
    return { lines: [`SIGNING_KEY = """${lines[0]}`, ...lines.slice(1), '"""'], at: 0, endAt: lines.length - 1, value, planted: kind.rule, lang: 'py' };
  }
  if (kind.bare)
    return {
      lines: ['registry=https://registry.npmjs.org/', `${kind.name}=${value}`],
      at: 1,
      endAt: 1,
      value,
      planted: kind.rule,
      file: `packages/${chars(r, 'abcdefghijklmnop', 6)}/.npmrc`,
      lang: 'own',
    };
  const lang = pick(r, LANGS);
  return { lines: [assign(lang, kind.name, value)], at: 0, endAt: 0, value, planted: kind.rule, lang };
}

/** Decoys: [kind, language, make(r) → [line, the value that must not be reported]]. */
const DECOYS: [string, Lang, (r: Rand) => [string, string]][] = [
  ['documented-example', 'env', () => ['AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE']],
  ['documented-example', 'sh', () => ['export AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']],
  [
    'documented-example',
    'md',
    () => {
      const t = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
      return [`    Authorization: Bearer ${t}`, t];
    },
  ],
  ['documented-example', 'py', () => ['stripe.api_key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"', 'sk_test_4eC39HqLyjWDarjtT1zdp7dc']],
  [
    'documented-example',
    'json',
    () => {
      const k = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
      return [`  "Storage": "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${k};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1",`, k];
    },
  ],
  ['placeholder', 'env', () => ['GITHUB_TOKEN=<your-token>', '<your-token>']],
  ['placeholder', 'env', () => ['API_KEY=${API_KEY}', '${API_KEY}']],
  ['placeholder', 'yaml', () => ['  password: changeme', 'changeme']],
  ['placeholder', 'py', () => ['SECRET_KEY = "change-me"', 'change-me']],
  ['placeholder', 'ts', () => ["const token = 'xxxxxxxxxxxxxxxxxxxxxxxx';", 'xxxxxxxxxxxxxxxxxxxxxxxx']],
  ['placeholder', 'md', () => ['    GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx']],
  ['placeholder', 'env', () => ['STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', 'sk_live_xxxxxxxxxxxxxxxxxxxxxxxx']],
  ['placeholder', 'env', () => ['DATABASE_URL=postgresql://app:${DATABASE_PASSWORD}@db:5432/app', '${DATABASE_PASSWORD}']],
  ['placeholder', 'md', () => ['    postgresql://pulse:<password>@localhost:5432/pulse', '<password>']],
  ['placeholder', 'yaml', () => ['  api_key: "{{ vault_api_key }}"', '{{ vault_api_key }}']],
  ['placeholder', 'yaml', () => ['          token: ${{ secrets.DEPLOY_TOKEN }}', '${{ secrets.DEPLOY_TOKEN }}']],
  ['placeholder', 'json', () => ['  "apiKey": "<API_KEY>",', '<API_KEY>']],
  ['placeholder', 'properties', () => ['spring.datasource.password=${DB_PASSWORD}', '${DB_PASSWORD}']],
  ['placeholder', 'py', () => ['password = "your-password-here"', 'your-password-here']],
  [
    'hash',
    'py',
    (r) => {
      const h = chars(r, HEX, 64);
      return [`SHA256 = "${h}"`, h];
    },
  ],
  [
    'hash',
    'yaml',
    (r) => {
      const h = chars(r, HEX, 40);
      return [`  commit: ${h}`, h];
    },
  ],
  [
    'hash',
    'json',
    (r) => {
      const h = chars(r, HEX, 32);
      return [`  "etag": "${h}",`, h];
    },
  ],
  [
    'hash',
    'py',
    (r) => {
      const h = `$2b$12$${chars(r, `${ALNUM}./`, 53)}`;
      return [`password_hash = "${h}"`, h];
    },
  ],
  [
    'hash',
    'dockerfile',
    (r) => {
      const h = chars(r, HEX, 64);
      return [`FROM python:3.12-slim@sha256:${h}`, h];
    },
  ],
  [
    'hash',
    'ts',
    (r) => {
      const h = chars(r, HEX, 64);
      return [`export const tokenSha256 = '${h}';`, h];
    },
  ],
  [
    'uuid',
    'py',
    (r) => {
      const u = uuid(r);
      return [`REQUEST_ID = "${u}"`, u];
    },
  ],
  [
    'uuid',
    'json',
    (r) => {
      const u = uuid(r);
      return [`  "tenantId": "${u}",`, u];
    },
  ],
  [
    'uuid',
    'yaml',
    (r) => {
      const u = uuid(r);
      return [`  client_id: ${u}`, u];
    },
  ],
  [
    'uuid',
    'ts',
    (r) => {
      const u = uuid(r);
      return [`export const ANALYTICS_SITE_ID = "${u}";`, u];
    },
  ],
  [
    'uuid',
    'env',
    (r) => {
      const u = uuid(r);
      return [`TOKEN_ID=${u}`, u];
    },
  ],
  [
    'base64-image',
    'md',
    (r) => {
      const b = `iVBORw0KGgo${chars(r, B64, 600)}`;
      return [`<img alt="logo" src="data:image/png;base64,${b}=">`, b];
    },
  ],
  [
    'base64-image',
    'ts',
    (r) => {
      const b = `R0lGODlh${chars(r, B64, 400)}`;
      return [`export const spinner = 'data:image/gif;base64,${b}';`, b];
    },
  ],
  ['code-reference', 'py', () => ['password = os.environ["DB_PASSWORD"]', 'os.environ["DB_PASSWORD"]']],
  ['code-reference', 'ts', () => ['const apiKey = process.env.API_KEY;', 'process.env.API_KEY']],
  ['code-reference', 'py', () => ['api_key: Optional[str] = None', 'None']],
  ['code-reference', 'py', () => ['SECRET_KEY = config("SECRET_KEY", default=None)', 'config("SECRET_KEY", default=None)']],
  ['code-reference', 'ts', () => ['if (password !== confirmPassword) throw new Error("passwords differ");', 'confirmPassword']],
  ['code-reference', 'py', () => ['token_url = "https://oauth2.googleapis.com/token"', 'https://oauth2.googleapis.com/token']],
  ['code-reference', 'yaml', () => ['  secret_name: prod/db/password', 'prod/db/password']],
  ['code-reference', 'py', () => ['PASSWORD_MIN_LENGTH = 12', '12']],
  ['code-reference', 'ts', () => ['const token = req.headers.authorization?.split(" ")[1];', 'req.headers.authorization']],
  [
    'inline-allow',
    'py',
    (r) => {
      const t = checksummed(r, 'ghp_');
      return [`TEST_FIXTURE_TOKEN = "${t}"  # gitleaks:allow secretlint-disable-line`, t];
    },
  ],
  [
    'inline-allow',
    'ts',
    (r) => {
      const t = `AKIA${chars(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
      return [`const fixtureKeyId = '${t}'; // guardrails:allow (gitleaks:allow secretlint-disable-line)`, t];
    },
  ],
];

function lockfile(r: Rand, decoys: string[]): string {
  const lines = ['{', '  "name": "web",', '  "lockfileVersion": 3,', '  "packages": {'];
  for (let i = 0; i < 8; i++) {
    const name = `${pick(r, WORDS)}-${pick(r, WORDS)}`;
    const integrity = `sha512-${chars(r, B64, 86)}==`;
    decoys.push(integrity);
    lines.push(
      `    "node_modules/${name}": {`,
      `      "version": "${1 + Math.floor(r() * 9)}.${Math.floor(r() * 20)}.${Math.floor(r() * 30)}",`,
      `      "resolved": "https://registry.npmjs.org/${name}/-/${name}-1.0.0.tgz",`,
      `      "integrity": "${integrity}",`,
      '      "license": "MIT"',
      `    }${i < 7 ? ',' : ''}`,
    );
  }
  lines.push('  }', '}');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Ordinary code around them, with the words secrets are named by used the way code uses them.

const WORDS = [
  'user',
  'order',
  'event',
  'session',
  'report',
  'invoice',
  'metric',
  'cache',
  'queue',
  'export',
  'account',
  'payment',
  'profile',
  'search',
  'audit',
  'workflow',
  'step',
  'token',
  'secret',
  'password',
  'key',
  'credential',
  'auth',
  'client',
  'config',
  'item',
  'batch',
  'page',
];
const VERBS = ['load', 'save', 'fetch', 'build', 'parse', 'render', 'validate', 'refresh', 'rotate', 'sync', 'check', 'format', 'resolve', 'issue', 'revoke'];
const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

function filler(r: Rand, lang: Lang): string[] {
  const w = (): string => pick(r, WORDS);
  const v = (): string => pick(r, VERBS);
  const n = (): number => Math.floor(r() * 500);
  switch (lang) {
    case 'py':
      return [
        `def ${v()}_${w()}(${w()}_id: int, timeout: float = ${n() / 10}) -> dict:`,
        `    """${cap(v())} the ${w()} for a ${w()} and return its ${w()}."""`,
        `    token = request.headers.get("Authorization", "")`,
        `    if not token.startswith("Bearer "):`,
        `        raise HTTPException(status_code=401, detail="missing ${w()} token")`,
        `    ${w()}_password = hash_password(form.password)`,
        `    result = {"${w()}": ${w()}_id, "count": ${n()}, "secret_ref": settings.${w().toUpperCase()}_SECRET_NAME}`,
        `    logger.info("${v()} %s in %d ms", ${w()}_id, ${n()})`,
        '    return result',
        '',
      ];
    case 'ts':
      return [
        `export async function ${v()}${cap(w())}(${w()}Id: string): Promise<${cap(w())}> {`,
        `  const token = await getAccessToken({ scope: '${w()}:read' });`,
        `  const res = await fetch(\`/api/${w()}s/\${${w()}Id}\`, { headers: { Authorization: \`Bearer \${token}\` } });`,
        `  if (!res.ok) throw new ApiError(res.status, 'could not ${v()} ${w()}');`,
        `  const { password, ...rest } = (await res.json()) as ${cap(w())}Response;`,
        `  secretStore.set('${w()}', rest.${w()}Secret ?? null);`,
        `  return { ...rest, count: ${n()} };`,
        '}',
        '',
      ];
    case 'env':
      return [
        `${w().toUpperCase()}_URL=http://${w()}:${8000 + n()}`,
        `${w().toUpperCase()}_TIMEOUT_SECONDS=${n()}`,
        `LOG_LEVEL=${pick(r, ['info', 'debug', 'warning'])}`,
        `${w().toUpperCase()}_TOKEN_TTL=${n()}`,
        `${w().toUpperCase()}_PASSWORD_FILE=/run/secrets/${w()}_password`,
      ];
    case 'yaml':
      return [
        `${w()}:`,
        `  enabled: ${r() < 0.5}`,
        `  replicas: ${1 + Math.floor(r() * 5)}`,
        `  image: ghcr.io/acme/${w()}:${1 + Math.floor(r() * 9)}.${n()}`,
        '  env:',
        `    - name: ${w().toUpperCase()}_PASSWORD`,
        '      valueFrom:',
        `        secretKeyRef: { name: ${w()}-secrets, key: password }`,
        `  token_expiry_seconds: ${n()}`,
      ];
    case 'json':
      return [`  "${w()}${cap(w())}": { "enabled": ${r() < 0.5}, "limit": ${n()}, "passwordPolicy": "strong", "tokenType": "bearer" },`];
    case 'sh':
      return [
        `if [ -z "\${${w().toUpperCase()}_TOKEN:-}" ]; then`,
        `  echo "${w()} token missing" >&2; exit 1`,
        'fi',
        `curl -fsS -H "Authorization: Bearer $${w().toUpperCase()}_TOKEN" https://api.acme.io/v1/${w()}s/${n()}`,
        '',
      ];
    case 'tf':
      return [
        `resource "aws_secretsmanager_secret" "${w()}_${n()}" {`,
        `  name        = "prod/${w()}/password"`,
        `  description = "${cap(w())} ${w()} credentials"`,
        `  kms_key_id  = aws_kms_key.${w()}.arn`,
        '}',
        '',
      ];
    case 'properties':
      return [`app.${w()}.timeout=${n()}`, `app.${w()}.password-file=/etc/${w()}/password`, `app.${w()}.token-header=X-${cap(w())}-Token`];
    case 'md':
      return [
        `## ${cap(v())} ${w()}s`,
        '',
        `Call \`${v()}${cap(w())}()\` with a ${w()} id. The API key is read from the environment`,
        `(\`${w().toUpperCase()}_API_KEY\`); never commit a token or password. See the ${w()} guide.`,
        '',
      ];
    case 'dockerfile':
      return [`RUN pip install --no-cache-dir ${w()}==${1 + Math.floor(r() * 9)}.${n()}`, `COPY ${w()}/ /app/${w()}/`, `ENV ${w().toUpperCase()}_PORT=${8000 + n()}`];
  }
}

function head(lang: Lang): string[] {
  if (lang === 'py') return ['import logging', 'import os', '', 'logger = logging.getLogger(__name__)', ''];
  if (lang === 'ts') return ["import { getAccessToken, secretStore } from '@/lib/auth';", ''];
  if (lang === 'json') return ['{'];
  if (lang === 'sh') return ['#!/usr/bin/env bash', 'set -euo pipefail', ''];
  if (lang === 'dockerfile') return ['FROM python:3.12-slim', 'WORKDIR /app'];
  return [];
}

/** A minified bundle: one very long line. */
function minified(r: Rand, bytes: number): string {
  let s = '!function(){"use strict";';
  while (s.length < bytes) s += `var ${chars(r, 'abcdefghij', 2)}=function(t,e){return t.${pick(r, WORDS)}Token||e.${pick(r, WORDS)}(${Math.floor(r() * 99)})};`;
  return `${s}}();`;
}

export interface CorpusOptions {
  seed?: number;
  /** Ordinary files (the planted files come on top). */
  files?: number;
  /** Copies of every secret kind and of every decoy. */
  copies?: number;
  /** Filler blocks per file (min, max). */
  blocks?: [number, number];
}

/** The corpus as files in memory: path → content, with what was planted where. */
export function makeCorpus(opts: CorpusOptions = {}): Corpus {
  const r = rng(opts.seed ?? 7);
  const [minB, maxB] = opts.blocks ?? [3, 12];
  const copies = opts.copies ?? 2;
  const files = new Map<string, string>();
  const planted: Planted[] = [];
  const decoys: Decoy[] = [];
  const placements: Placement[] = [];
  for (let c = 0; c < copies; c++) {
    for (const k of SECRET_KINDS) placements.push(plant(r, k));
    for (const [kind, lang, make] of DECOYS) {
      const [line, value] = make(r);
      placements.push({ lines: [line], at: 0, endAt: 0, value, decoy: kind, lang });
    }
  }
  const ordinary: { path: string; lang: Lang; lines: string[]; slots: Placement[] }[] = [];
  for (let i = 0; i < (opts.files ?? 300); i++) {
    const lang = LANGS[i % LANGS.length]!;
    const dir = pick(r, ['backend/app', 'backend/services', 'frontend/src/lib', 'deploy', 'docs', 'scripts', 'config', 'infra/terraform']);
    const path = lang === 'dockerfile' ? `${dir}/Dockerfile.${i}` : lang === 'env' ? `${dir}/${i}.env` : `${dir}/${pick(r, WORDS)}_${pick(r, VERBS)}_${i}${EXT[lang]}`;
    ordinary.push({ path, lang, lines: [], slots: [] });
  }
  for (const p of placements) {
    if (p.lang === 'own') {
      files.set(p.file!, `${p.lines.join('\n')}\n`);
      if (p.planted) planted.push({ file: p.file!, line: p.at + 1, endLine: p.endAt + 1, rule: p.planted, value: p.value, ...(p.within ? { within: p.within } : {}) });
      continue;
    }
    const candidates = ordinary.filter((f) => f.lang === p.lang);
    pick(r, candidates).slots.push(p);
  }
  for (const f of ordinary) {
    const lines = head(f.lang);
    const blocks = minB + Math.floor(r() * (maxB - minB + 1));
    const spots = new Map<number, Placement[]>();
    for (const p of f.slots) {
      const at = Math.floor(r() * (blocks + 1));
      spots.set(at, [...(spots.get(at) ?? []), p]);
    }
    for (let b = 0; b <= blocks; b++) {
      for (const p of spots.get(b) ?? []) {
        const base = lines.length;
        lines.push(...(f.lang === 'md' && p.planted ? ['```sh', ...p.lines, '```'] : p.lines));
        const off = f.lang === 'md' && p.planted ? 1 : 0;
        if (p.planted) planted.push({ file: f.path, line: base + off + p.at + 1, endLine: base + off + p.endAt + 1, rule: p.planted, value: p.value });
        else decoys.push({ file: f.path, line: base + p.at + 1, kind: p.decoy!, value: p.value });
      }
      if (b < blocks) lines.push(...filler(r, f.lang));
    }
    if (f.lang === 'json') lines.push('  "version": 1', '}');
    files.set(f.path, `${lines.join('\n')}\n`);
  }
  const lockDecoys: string[] = [];
  files.set('frontend/package-lock.json', `${lockfile(r, lockDecoys)}\n`);
  lockDecoys.forEach((v, i) => decoys.push({ file: 'frontend/package-lock.json', line: 8 + i * 6, kind: 'lockfile-integrity', value: v }));
  files.set('frontend/public/vendor.min.js', `${minified(r, 200_000)}\n`);
  files.set('assets/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]).toString('latin1') + chars(r, ALNUM, 200));
  return { files, planted, decoys };
}

/** A minified line with a planted secret deep inside it, for chunking and long-line tests. */
export function minifiedWith(seed: number, bytes: number, secret: string): string {
  const r = rng(seed);
  const half = minified(r, bytes / 2);
  return `${half.slice(0, -4)};var k="${secret}";${minified(r, bytes / 2).slice(25)}\n`;
}
