/**
 * The judgement that separates a leaked credential from the things that look like one: documented
 * example keys, placeholders, variable references, hashes, UUIDs, identifiers, words. Everything is
 * inside one factory with no outer references: workers receive this function as source text
 * (`String(createJudge)`), so it must not use imports or module-level values.
 */

export interface Judge {
  /** Shannon entropy in bits per character. */
  entropy(s: string): number;
  /** AWS, Stripe, jwt.io, Azurite… keys published in documentation. */
  isDocumentedExample(secret: string): boolean;
  /**
   * `xxxx`, `<your-token>`, `changeme`, `EXAMPLE`, runs of one character, `abcdef`/`123456`; for a
   * typed value (`typed`: not a prefixed token, whose random part may hold short runs) also two runs
   * like `abcd…1234`.
   */
  isPlaceholder(value: string, typed?: boolean): boolean;
  /** `${VAR}`, `$VAR`, `{{ x }}`, `%(x)s`, `process.env.X`, `os.environ[…]`, `<x>`… */
  isReference(value: string): boolean;
  /** The 6-character base62 CRC32 at the end of GitHub-style tokens is right. */
  githubChecksum(token: string): boolean;
  /** Header and payload are base64url JSON objects and the header names an algorithm. */
  jwt(token: string): boolean;
  /** The body of a PEM/OpenSSH/PGP block is long and random enough to be a real key. */
  privateKey(block: string): boolean;
  /** A `name = value` assignment holds a real secret. */
  generic(name: string, value: string, quoted: boolean, codeFile: boolean, before: string, after: string, op: string): boolean;
  /** A literal value, not a reference or a placeholder. */
  value(value: string): boolean;
  /** The password of a URL (`scheme://user:password@host`) is a real one. */
  /** `typedCounts: false` (redaction of live values): a password typed by a person (`db-pass-value`) is still a password. */
  urlPassword(user: string, password: string, match: string, typedCounts?: boolean): boolean;
  /**
   * Where a file sits, as flags: TEMPLATE (`.env.example`, `config.sample.yml`, `examples/`: its
   * values are examples), TEST (tests, fixtures, mocks), DEV (dev containers, CI workflows, compose files:
   * throwaway credentials of a local or CI stack).
   */
  context(file: string): number;
  /** Typed by a person: words and a short number (`polar_cs_123`, `refresh_456`, `xoxb-12345`, `test123`). */
  typed(value: string): boolean;
  /** Random enough to be a real credential even where dummies are the rule (tests, CI, dev stacks); at least `minLength` (12) long. */
  strong(value: string, minLength?: number): boolean;
  /**
   * The text ending at `start` puts a value inside a documented example: `examples=[…]`,
   * `"example": …`, `e.g.`, `for example`, a YAML `example:` block.
   */
  inExample(text: string, start: number): boolean;
}

/** Flags of Judge.context. */
export const CONTEXT = { TEMPLATE: 1, TEST: 2, DEV: 4 } as const;

export function createJudge(crc32: (s: string) => number): Judge {
  const EXAMPLES = new Set([
    'AKIAIOSFODNN7EXAMPLE',
    'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'AKIAI44QH8DHBEXAMPLE',
    'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
    'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
    'sk_test_BQokikJOvBiI2HlWgH4olfQ2',
    'rk_test_4eC39HqLyjWDarjtT1zdp7dc',
    // OAuth RFCs' sample tokens (RFC 5849, 6749, 6750), quoted by every OAuth library's docs
    '2YotnFZFEjr1zCsicMWpAA',
    'tGzv3JOkF0XG5Qx2TlKWIA',
    'SplxlOBeZQQYbYS6WxSbIA',
    'h480djs93hd8',
    'mF_9.B5f-4.1JqM',
    'hh5s93j4hdidpola',
    'hdhd0244k9j7ao03',
    'kkk9d7dh3k39sjv7',
    'nnch734d00sl2jdk',
    'pfkkdhi9sl3r4s00',
    'dpf43f3p2l4k3l03',
    'kd94hf93k423kf44',
    // Google Authenticator's documented TOTP secret
    'JBSWY3DPEHPK3PXP',
  ]);
  /** Secrets that sign documentation's sample JWTs (jwt.io, PyJWT, jsonwebtoken READMEs): a token signed with one is an illustration. */
  // biome-ignore format: a word list, one line
  const DEMO_JWT_SECRETS = ['secret', 'your-256-bit-secret', 'your-384-bit-secret', 'your-512-bit-secret', 'key', 'secretkey', 'secret-key', 'secret_key', 'mysecret', 'my-secret', 'my_secret', 'shhhhh', 'changeme', 'test', 'password', '', 'super-secret-jwt-token-with-at-least-32-characters-long', 'your-super-secret-jwt-token-with-at-least-32-characters-long'];
  // biome-ignore format: a word list, one line
  const PLACEHOLDER_WORDS = ['example', 'sample', 'placeholder', 'changeme', 'change_me', 'change-me', 'changeit', 'changethis', 'change_this', 'change-this', 'replace', 'your', 'dummy', 'fake', 'redacted', 'notreal', 'not_real', 'not-real', 'insert', 'todo', 'fixme', 'lorem', 'foobar', 'abc123', '123abc', 'xxxx', '****', '...', '<', '>', '…'];
  const SEQUENCES = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', '9876543210'];
  const RUNS4 = new Set(SEQUENCES.flatMap((q) => Array.from({ length: q.length - 3 }, (_, i) => q.slice(i, i + 4))));
  // biome-ignore format: a word list, one line
  const WEAK_DEFAULTS = new Set(['password', 'passwd', 'pass', 'pwd', 'secret', 'postgres', 'root', 'admin', 'guest', 'test', 'user', 'mysql', 'redis', 'rabbitmq', 'mongo', 'changeme', 'default', 'none', 'null', 'nil', 'undefined', 'empty', 'string', 'true', 'false', 'required', 'optional', 'mypassword', 'yourpassword', 'dbpass', 'dbpassword', 'admin123', 'password1', 'password123', 'letmein', 'qwerty', 'tiger', 'scott', 'hunter2', 'secret123', 'pa55word', 'p@ssw0rd', 'passw0rd']);
  // biome-ignore format: a word list, one line
  const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode', 'secret', 'secrets', 'token', 'apikey', 'credential', 'credentials', 'authtoken', 'accesstoken', 'secretkey', 'privatekey', 'accesskey', 'clientsecret', 'authkey', 'signingkey', 'masterkey', 'encryptionkey']);
  const KEY_QUALIFIERS = new Set(['api', 'access', 'auth', 'private', 'signing', 'encryption', 'master', 'client', 'secret', 'app', 'application']);
  // biome-ignore format: a word list, one line
  const NOT_SECRET_AFTER = new Set(['name', 'names', 'url', 'uri', 'urls', 'path', 'paths', 'file', 'filename', 'dir', 'directory', 'type', 'types', 'len', 'length', 'size', 'ttl', 'expiry', 'expires', 'expiration', 'expire', 'timeout', 'header', 'headers', 'field', 'fields', 'prefix', 'suffix', 'env', 'var', 'variable', 'param', 'params', 'policy', 'format', 'version', 'label', 'count', 'enabled', 'enable', 'required', 'min', 'max', 'regex', 'pattern', 'mode', 'strategy', 'provider', 'endpoint', 'store', 'manager', 'ref', 'arn', 'id', 'ids', 'kind', 'class', 'service', 'validator', 'schema', 'placeholder', 'hint', 'help', 'message', 'msg', 'error', 'title', 'description', 'desc', 'text', 'prompt', 'input', 'form', 'reset', 'location', 'source', 'template', 'generator', 'lifetime', 'index', 'idx', 'position', 'pos', 'limit', 'rotation', 'created', 'updated', 'date', 'time', 'duration', 'age', 'number', 'num', 'option', 'options', 'config', 'setting', 'settings', 'callback', 'handler', 'fn', 'func', 'method', 'route', 'host', 'port', 'user', 'username', 'login', 'email', 'attempts', 'retries', 'strength', 'rule', 'rules', 'check', 'valid', 'invalid', 'changed', 'visible', 'visibility', 'toggle', 'show', 'hide', 'icon', 'button', 'list', 'map', 'dict', 'key', 'keys', 'usage', 'count', 'counter', 'cache', 'storage', 'scope', 'scopes', 'audience', 'issuer', 'algorithm', 'alg', 'client', 'request', 'response', 'status', 'state', 'event', 'events', 'mount', 'volume', 'binding', 'selector', 'annotation', 'output', 'outputs', 'column', 'table', 'attr', 'attribute', 'property', 'prop', 'props', 'arg', 'args', 'argument', 'arguments', 'flag', 'flags', 'opt', 'opts']);
  // biome-ignore format: a word list, one line
  const NAME_REJECT = new Set(['hash', 'hashed', 'digest', 'checksum', 'sha', 'sha1', 'sha256', 'sha512', 'md5', 'fingerprint', 'bcrypt', 'encrypted', 'page', 'cursor', 'continuation', 'next', 'csrf', 'xsrf', 'sync', 'public', 'publishable', 'fake', 'dummy', 'example', 'sample', 'mock', 'test', 'placeholder', 'is', 'has', 'get', 'set', 'no', 'use', 'should', 'new', 'old', 'confirm', 'repeat', 'verify', 'forgot', 'lexer', 'parser', 'last', 'prev', 'previous', 'current', 'first', 'significant', 'word', 'words']);

  const ascii = new Uint32Array(128);
  function entropy(s: string): number {
    if (s.length === 0) return 0;
    let h = 0;
    const touched: number[] = [];
    let other: Map<string, number> | undefined;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 128) {
        if (ascii[c]++ === 0) touched.push(c);
      } else {
        other ??= new Map();
        other.set(s[i]!, (other.get(s[i]!) ?? 0) + 1);
      }
    }
    for (const c of touched) {
      const p = ascii[c]! / s.length;
      h -= p * Math.log2(p);
      ascii[c] = 0;
    }
    for (const n of other?.values() ?? []) {
      const p = n / s.length;
      h -= p * Math.log2(p);
    }
    return h;
  }

  function isDocumentedExample(secret: string): boolean {
    return EXAMPLES.has(secret) || secret.includes('EXAMPLE');
  }

  function isPlaceholder(value: string, typed = false): boolean {
    const lower = value.toLowerCase();
    if (/(.)\1{5,}/.test(value)) return true;
    for (const w of PLACEHOLDER_WORDS) {
      const i = lower.indexOf(w);
      if (i < 0) continue;
      // In a token's random part a short word can occur by chance (`…AWLYYOUR7…`): it counts there
      // only at a boundary (`your_token`, `<your-key>`); in a typed value, anywhere.
      if (typed || w.length >= 6 || !/[a-z0-9]/.test(lower[i - 1] ?? '') || !/[a-z0-9]/.test(lower[i + w.length] ?? '')) return true;
    }
    for (const seq of SEQUENCES) {
      for (let i = 0; i + 6 <= seq.length; i++) if (lower.includes(seq.slice(i, i + 6))) return true;
    }
    if (!typed) return false;
    let runs = 0; // two separate runs like `abcd` and `1234`: typed, not generated
    for (let j = 0; j + 4 <= lower.length; j++) {
      if (RUNS4.has(lower.slice(j, j + 4))) {
        runs++;
        j += 3;
      }
    }
    return runs >= 2;
  }

  function isReference(value: string): boolean {
    return (
      /\$\{|\$\(|\{\{|\{%|<%|#\{[\w.]|%\(\w|%[sd](?![A-Za-z])|\[\[\s*[\w.]+\s*\]\]|@@\w+@@/.test(value) ||
      /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(value) ||
      /^%[A-Za-z_][A-Za-z0-9_]*%$/.test(value) ||
      /^<[^>]*>$/.test(value) ||
      /^\{[A-Za-z0-9_.-]*\}$/.test(value) ||
      /^:[A-Za-z_]\w*$/.test(value) ||
      /(?:process\.env|os\.environ|getenv|import\.meta\.env|ENV\[|env\(|secrets\.|vault:|ssm:|arn:aws:|!Ref|!Sub|!GetAtt)/i.test(value)
    );
  }

  const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  function githubChecksum(token: string): boolean {
    const body = token.slice(token.indexOf('_') + 1);
    if (body.length !== 36) return entropy(body) >= 3;
    let n = crc32(body.slice(0, 30)) >>> 0;
    let s = '';
    while (n > 0) {
      s = B62[n % 62] + s;
      n = Math.floor(n / 62);
    }
    return s.padStart(6, '0') === body.slice(30);
  }

  function jsonPart(part: string): Record<string, unknown> | null {
    try {
      const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  function jwt(token: string): boolean {
    const [h, p] = token.split('.');
    const header = jsonPart(h ?? '');
    if (!header || typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') return false;
    const payload = jsonPart(p ?? '');
    // Supabase's anon key is public by design (it ships to browsers); a demo-signed token is an illustration.
    return payload !== null && payload.role !== 'anon' && !demoSigned(token, header.alg);
  }

  function demoSigned(token: string, alg: string): boolean {
    const hash = ({ HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as Record<string, string>)[alg];
    const crypto = hash ? process.getBuiltinModule?.('node:crypto') : undefined;
    if (!hash || !crypto) return false;
    const dot = token.lastIndexOf('.');
    const signed = token.slice(0, dot);
    const sig = token.slice(dot + 1);
    return DEMO_JWT_SECRETS.some((k) => crypto.createHmac(hash, k).update(signed).digest('base64url') === sig);
  }

  function privateKey(block: string): boolean {
    const lines = block.replace(/\\r|\\n/g, '\n').split(/\r?\n/);
    let body = '';
    for (const line of lines.slice(1, -1)) {
      if (line.includes(':') || line.startsWith('=')) continue; // headers (Proc-Type:, Comment:) and the PGP checksum
      body += line.replace(/[^A-Za-z0-9+/=]/g, '');
    }
    if (body.length < 64) return false;
    if (/\.\.\.|xxxx|XXXX|<|>|…/.test(block)) return false;
    return entropy(body) >= 4.5;
  }

  function words(name: string): string[] {
    return name
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
  }

  const nameCache = new Map<string, { ok: boolean; password: boolean; keyword: string }>();
  function nameIsSecret(name: string): { ok: boolean; password: boolean; keyword: string } {
    let hit = nameCache.get(name);
    if (!hit) {
      if (nameCache.size > 10_000) nameCache.clear();
      nameCache.set(name, (hit = judgeName(name)));
    }
    return hit;
  }

  function judgeName(name: string): { ok: boolean; password: boolean; keyword: string } {
    const ws = words(name);
    let at = -1;
    let keyword = '';
    for (let i = ws.length - 1; i >= 0; i--) {
      const w = ws[i]!;
      if (SECRET_WORDS.has(w) || (w === 'key' && i > 0 && KEY_QUALIFIERS.has(ws[i - 1]!))) {
        at = i;
        keyword = w;
        break;
      }
    }
    if (at < 0) return { ok: false, password: false, keyword };
    for (const w of ws) if (NAME_REJECT.has(w)) return { ok: false, password: false, keyword };
    for (const w of ws.slice(at + 1)) {
      if (NOT_SECRET_AFTER.has(w) && !(w === 'key' && (keyword === 'secret' || keyword === 'private' || keyword === 'api'))) return { ok: false, password: false, keyword };
    }
    return { ok: true, password: /^(?:password|passwd|pwd|pass|passphrase|passcode)$/.test(keyword), keyword };
  }

  function classes(v: string): number {
    return (/[a-z]/.test(v) ? 1 : 0) + (/[A-Z]/.test(v) ? 1 : 0) + (/[0-9]/.test(v) ? 1 : 0) + (/[^A-Za-z0-9]/.test(v) ? 1 : 0);
  }

  function isHashOrId(v: string): boolean {
    return (
      /^\$(?:2[abxy]?|argon2(?:id|i|d)?|[156]|pbkdf2[\w-]*|scrypt)\$/.test(v) ||
      /^(?:pbkdf2_sha\d+|bcrypt|sha\d+|md5|scrypt)[$:-]/i.test(v) ||
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)
    );
  }

  /** Letters made of words (`REVISION_SCRIPT_FILENAME`, `InterpolationInTemplate`), not random ones (`ljEQbauKb`). */
  function identifierLike(v: string): boolean {
    return v
      .split(/[^A-Za-z]+/)
      .filter(Boolean)
      .every((seg) => /^(?:[a-z]+|[A-Z]+|[A-Z][a-z]+)$/.test(seg) || (seg.match(/[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+/g) ?? []).every((t) => /^(?:[A-Z]?[a-z]{2,}|[A-Z]{2,}|[A-Z][a-z])$/.test(t)));
  }

  function looksLikeValue(v: string, minLength: number): boolean {
    if (v.length < minLength || v.length > 200) return false;
    if (/\s/.test(v)) return false;
    if (isReference(v) || isPlaceholder(v, true) || isHashOrId(v)) return false;
    if (/^(?:[a-z][a-z0-9+.-]*:\/\/|\/|\.\.?\/|~\/|[A-Za-z]:\\)/i.test(v)) return false; // URLs and paths
    if (/^[^A-Za-z0-9]*[A-Za-z]+(?:[_.\-/:@]+[A-Za-z]+)*[^A-Za-z0-9]*$/.test(v) && identifierLike(v)) return false; // InterpolationInTemplate, my-secret-value
    if (/^\d+$/.test(v) && v.length < 16) return false;
    if (/^[\d.:-]+$/.test(v)) return false; // versions, dates, addresses
    if (/^(?:[\^~]|[<>]=?|=)?v?\d+(?:\.(?:\d+|x|\*)){1,3}(?:[-+][\w.]+)?$/.test(v)) return false; // version ranges: "@aws-sdk/credential-providers": "^3.806.0"
    if (typed(v)) return false;
    const e = entropy(v);
    const floor = v.length < 12 ? 2.5 : v.length < 16 ? 2.8 : v.length < 24 ? 3 : 3.3;
    if (e < floor) return false;
    return classes(v) >= 2 || (v.length >= 20 && e >= 3.5);
  }

  function generic(name: string, value: string, quoted: boolean, codeFile: boolean, before: string, after: string, op: string): boolean {
    if (/\.(?:[cm]?[jt]sx?|py|rb|go|rs|java|kt|json|ya?ml|toml|md|txt|css|html?|lock|sh)$/.test(name)) return false; // a file name as a key: "secrets.ts": "<hash>"
    const n = nameIsSecret(name);
    if (!n.ok) return false;
    if (!quoted) {
      // A bare value followed by a call, a member or an index is an expression; so is a member chain.
      if (/^[(.[]/.test(after) || value.startsWith('__') || /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return false;
      // In code a bare value is a variable, unless the assignment sits in a string
      // (`"Server=…;Password=…"`, `"…?token=…"`).
      if (codeFile && !(/[;&?"']$/.test(before) && /^\s*=\s*$/.test(op))) return false;
    }
    if (/[?&]$/.test(before) && /badge|shields\.io|\.(?:svg|png|gif)\?/i.test(before)) return false; // public badge tokens
    if (codeFile && /^\+.*\+$/.test(value)) return false; // between two strings: `"…token: "+t.type+" …"`
    if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\[-?\d+\](?:\.[A-Za-z_$][\w$]*|\[-?\d+\])*$/.test(value)) return false; // a path expression: "output_token": "Jobs[-1].JobId"
    if (n.keyword && value.toLowerCase().includes(n.keyword)) return false;
    if (WEAK_DEFAULTS.has(value.toLowerCase())) return false;
    return looksLikeValue(value, n.password ? 6 : 8);
  }

  function urlPassword(user: string, password: string, match: string, typedCounts = true): boolean {
    if (password === user || password.length < 3) return false;
    if (WEAK_DEFAULTS.has(password.toLowerCase()) || isReference(password) || isPlaceholder(password, true)) return false;
    if (/^[*x.]+$/i.test(password) || /^[%{:$]/.test(password)) return false;
    if (/@(?:[\w-]+\.)*example\.(?:com|org|net)\b|@host\b|@hostname\b/i.test(match)) return false;
    return !typedCounts || !typed(password);
  }

  function value(v: string): boolean {
    return !isReference(v) && !isPlaceholder(v, true) && !WEAK_DEFAULTS.has(v.toLowerCase());
  }

  // Flags as in CONTEXT (repeated here: workers get this function's source only).
  const TEMPLATE = 1;
  const TEST = 2;
  const DEV = 4;
  const EXAMPLE_DIRS = new Set(['example', 'examples', 'sample', 'samples', 'demo', 'demos']);
  // biome-ignore format: a word list, one line
  const TEST_DIRS = new Set(['test', 'tests', '__tests__', '__test__', 'spec', 'specs', '__mocks__', 'mocks', 'mock', 'fixture', 'fixtures', '__fixtures__', 'testdata', 'test-data', 'test_data', 'testing', 'e2e', 'cypress', 'stubs']);
  function context(file: string): number {
    const parts = file.toLowerCase().split('/');
    const base = parts[parts.length - 1] ?? '';
    let flags = 0;
    // `.env.example`, `.env.sample`, `config.example.yml`, `settings.template.py`, `app.env.dist`
    // `.env.example`, `config.sample.yml`, `app.env.dist`, `examples-1.json`, an `examples/` folder
    if (/(?:^|[._-])(?:template|tmpl|tpl|dist|defaults)(?:\.[a-z0-9]{1,8})?$|(?:^|[._-])(?:examples?|samples?)(?:[._-]|$)/.test(base) || parts.slice(0, -1).some((d) => EXAMPLE_DIRS.has(d)))
      flags |= TEMPLATE;
    // biome-ignore format: one test of a path, one line
    if (parts.slice(0, -1).some((d) => TEST_DIRS.has(d)) || /^test_.*\.py$|_tests?\.(?:py|go|rb|exs?)$|\.(?:test|spec|e2e|stories)\.[cm]?[jt]sx?$|^conftest\.py$|(?:test|spec)s?\.(?:java|kt|cs|php|swift)$|^\.env\.(?:test|testing|ci)$/.test(base)) flags |= TEST;
    // biome-ignore format: one test of a path, one line
    if (parts.includes('.devcontainer') || parts.includes('.circleci') || parts.includes('.vscode') || /^\.github\/workflows\//.test(file.toLowerCase()) || /^(?:docker-)?compose(?:[._-][\w.-]*)?\.ya?ml$|^\.gitlab-ci\.ya?ml$|^\.travis\.ya?ml$|^tox\.ini$|^noxfile\.py$|^\.env\.(?:dev|development)$/.test(base)) flags |= DEV;
    return flags;
  }

  function typed(v: string): boolean {
    // letters in words (`polar_cs`, `refresh`, `dummytoken`) then at most a short number
    const m = /^([A-Za-z]+(?:[_.-][A-Za-z]+)*)[_.-]?\d{0,6}$/.exec(v);
    return m !== null && identifierLike(m[1]!);
  }

  function strong(v: string, minLength = 12): boolean {
    // gitleaks' 3.5 bits for generic secrets, eased for short values (12 distinct characters reach only 3.58)
    if (v.length < minLength || typed(v) || entropy(v) < Math.min(3.5, 0.85 * Math.log2(v.length))) return false;
    return !/test|dummy|fake|mock|fixture|stub|sample|example|dev|local|insecure|unsafe/i.test(v);
  }

  function inExample(text: string, start: number): boolean {
    const from = Math.max(0, start - 2000);
    const win = text.slice(from, start);
    // the same line, close before the value (a minified bundle is one long line)
    const line = win.slice(Math.max(win.lastIndexOf('\n') + 1, win.length - 160));
    if (/\be\.g\.|\bfor (?:example|instance)\b|\bexamples?\b["'\x60]?\s*[:=(]|@example\b/i.test(line)) return true;
    // inside a bracket opened by `examples=[`, `"examples": [`, `example={`
    const open = /\bexamples?\b["']?\s*[:=]\s*[[{(]/gi;
    let last = -1;
    for (let m = open.exec(win); m !== null; m = open.exec(win)) last = m.index + m[0].length;
    if (last >= 0) {
      let depth = 1;
      for (let i = last; i < win.length && depth > 0; i++) {
        const c = win[i];
        if (c === '[' || c === '{' || c === '(') depth++;
        else if (c === ']' || c === '}' || c === ')') depth--;
      }
      if (depth > 0) return true;
    }
    // a YAML block under `example:` / `examples:` (OpenAPI): every line since is indented deeper
    const lines = win.split('\n');
    const indent = (l: string): number => l.length - l.trimStart().length;
    let level = indent(lines[lines.length - 1] ?? '');
    for (let i = lines.length - 2; i >= 0 && i >= lines.length - 40; i--) {
      const l = lines[i]!;
      if (l.trim() === '') continue;
      const d = indent(l);
      if (d >= level) continue;
      if (/^-?[ \t]*["']?(?:x-)?examples?["']?[ \t]*:[ \t]*[|>]?$/i.test(l.trim())) return true;
      level = d;
      if (d === 0) break;
    }
    return false;
  }

  return { value, entropy, context, typed, strong, inExample, isDocumentedExample, isPlaceholder, isReference, githubChecksum, jwt, privateKey, generic, urlPassword };
}
