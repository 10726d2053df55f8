import { crc32 } from 'node:zlib';
import { sha256 } from '../util/hash.js';
import { createScanner, type Scanner } from './core.js';
import { createJudge, type Judge } from './judge.js';
import { BUILTIN_RULES } from './rules.js';

/**
 * The one redaction rule of the project: what is a secret, and how one is shown. Every check and
 * every writer that may hold a value from the repository or the environment asks here — by the
 * name it is stored under (`SMTP_PASS`, `signingKey`, `database.password`) and by its shape (the
 * secrets scanner's built-in rules, high entropy, a URL with a password, a PEM block). A secret is
 * shown as at most a short prefix (`AKIA…`, `"ab…" (24 characters, redacted)`), never in full; its
 * identity is a hash, so fingerprints and allowlists work without storing the value.
 */

/** The longest prefix ever shown. */
export const MAX_SHOWN_PREFIX = 24;

/** `ghp_…` for a secret whose first `prefix` characters are a public marker; `…` otherwise. */
export function redact(secret: string, prefix = 0): string {
  const n = Math.max(0, Math.min(prefix, MAX_SHOWN_PREFIX, Math.floor(secret.length / 2)));
  return `${secret.slice(0, n)}…`;
}

/** A stable, non-reversible name of a secret: 32 hex characters of its SHA-256. */
export function secretHash(secret: string): string {
  return sha256(secret).slice(0, 32);
}

// ---- by name ------------------------------------------------------------------------------------

/** A word of a name that says "secret" (`pgpass`, `smtp_pass`, `api_key`, `nextauth`, `sentry_dsn`). */
const SECRET_WORD =
  /^(?:[a-z]*pass(?:wd|words?|phrase|code)?|[a-z]*pwd|[a-z]*secrets?|[a-z]*tokens?|[a-z]*credentials?|creds?|[a-z]*keys?|[a-z]*auth|auth[nz]|authori[sz]ation|[a-z]*dsn|private|privkey|signing|certs?|certificates?|salt|cookies?|jwt|bearer|hmac|t?otp|mnemonic|sas|connstr)$/;
/** Words after the secret word that make the name about the secret, not the secret (`TOKEN_TTL`, `SSL_CERT_FILE`). */
const ABOUT = new Set(
  'file files path paths dir directory name names id ids url uri urls endpoint host hostname port length len size ttl timeout expiry expires expiration lifetime age enabled enable disabled required count type header algorithm alg version days hours minutes seconds ms sec sock socket mode policy rotation format prefix suffix provider region user username email env var field column label hint location store storage manager arn ref min max strength rule rules pattern regex schema scope scopes audience issuer kind class service backend cache'.split(
    ' ',
  ),
);
/** Words that make a whole name public (`NEXT_PUBLIC_…`, a publishable key). */
const PUBLIC = new Set(['public', 'publishable', 'pub']);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .map((w) => w.replace(/\d+$/, ''))
    .filter(Boolean);
}

/** A name whose value is a secret: `SMTP_PASS`, `ENCRYPTION_PASSPHRASE`, `REDIS_AUTH`, `SSH_KEY`, `SENTRY_DSN`; not `POOL_SIZE`, `TOKEN_TTL`, `SSL_CERT_FILE`. */
export function isSecretName(name: string): boolean {
  if (/^(?:OLD)?PWD$/.test(name)) return false; // the shell's working directory
  const ws = words(name);
  if (ws.some((w) => PUBLIC.has(w))) return false;
  let at = -1;
  for (let i = ws.length - 1; i >= 0 && at < 0; i--) if (SECRET_WORD.test(ws[i]!)) at = i;
  if (at < 0) return ws.some((w, i) => w === 'connection' && /^strings?$/.test(ws[i + 1] ?? ''));
  return !ws.slice(at + 1).some((w) => ABOUT.has(w));
}

// ---- by shape -----------------------------------------------------------------------------------

let shared: { judge: Judge; scanner: Scanner } | undefined;
/** The secrets engine's own judgement and built-in rules, made once, run in this thread. */
export function engine(): { judge: Judge; scanner: Scanner } {
  if (!shared) {
    const judge = createJudge((s) => crc32(s));
    shared = { judge, scanner: createScanner({ rules: [...BUILTIN_RULES], wantLine: false }, judge) };
  }
  return shared;
}

/** What the built-in secrets rules find in a text: each secret and how many characters of it are a public prefix. */
export function scanText(text: string): { secret: string; prefix: number }[] {
  if (text.length < 8) return [];
  const found = engine().scanner.scan(text, { file: '', lineBase: 0, columnBase: 0, reportBefore: Infinity });
  return found.map((c) => ({ secret: c.secret, prefix: BUILTIN_RULES[c.rule]?.prefix ?? 0 }));
}

const TOKEN_SHAPES = /^(?:gh[pousr]_|github_pat_|xox[abprse]-|AKIA|ASIA|sk_live_|rk_live_|sk-|AIza|glpat-|npm_|pypi-|hf_|dop_v1_|shpat_)|hooks\.slack\.com\/services\/|-----BEGIN [A-Z0-9 ]*-----/;
const URL_USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/\s?#@]*)@/i;
const SECRET_QUERY = /[?&][^=&#]*(?:token|key|secret|sig|signature|password|passwd|pwd|auth|credential|code)[^=&#]*=[^&#]/i;

/** The password (or key) in a URL's userinfo, when it is a real one. */
export function urlSecretPart(value: string): string | undefined {
  const m = URL_USERINFO.exec(value);
  if (!m) return undefined;
  const info = m[2]!;
  const colon = info.indexOf(':');
  const part = colon >= 0 ? info.slice(colon + 1) : info;
  if (colon < 0) {
    // user only: a secret when it is a key (Sentry DSN), not a name (`git@`, `postgres@`)
    return part.length >= 16 && (/^[0-9a-f]+$/i.test(part) || randomToken(part, 16)) ? part : undefined;
  }
  // the secrets engine's judgement: not a reference, a placeholder or a throwaway default (`app:app`, `postgres:postgres`);
  // a password typed by a person counts here (redaction is cheap, a leak is not), unlike for a finding
  return engine().judge.urlPassword(info.slice(0, colon), part, m[0], false) ? part : undefined;
}

/**
 * Letters made of words (`my-service-v2`, `com.example.OrderService`), not random ones
 * (`zUpNhgCrfP`): camel-case parts of two letters or more, and vowels as often as words have them.
 */
function wordLike(s: string): boolean {
  const letters = s.replace(/[^A-Za-z]+/g, '');
  if ((letters.match(/[aeiouy]/gi)?.length ?? 0) < letters.length * 0.25) return false;
  return s
    .split(/[^A-Za-z]+/)
    .filter(Boolean)
    .every((seg) => (seg.match(/[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+/g) ?? []).every((t) => /^(?:[A-Z]?[a-z]{2,}|[A-Z]{2,}|[A-Z][a-z])$/.test(t)));
}

/** A file path (`/tmp/la-runner-nCiqdJ/output`, `./x`, `~/x`), not a key that starts with a slash. */
const PATH_LIKE =
  /^(?:\.{1,2}\/|~\/|\/(?:tmp|home|usr|var|etc|opt|run|mnt|srv|root|proc|dev|sys|bin|lib|nix|snap|private|Users|Library|Volumes|workspace|github|runner|builds|data|app|work|__w|__t)\/)/;

/** Long and random: letters and digits mixed, entropy near that of random text of its length; not hex, numbers or words. */
export function randomToken(s: string, minLength = 20): boolean {
  if (s.length < minLength || s.length > 1024 || !/^[A-Za-z0-9+/_\-.~]+={0,2}$/.test(s)) return false;
  if (/^[0-9a-f-]+$/i.test(s) || /^[\d.:-]+$/.test(s) || PATH_LIKE.test(s)) return false;
  const classes = (/[a-z]/.test(s) ? 1 : 0) + (/[A-Z]/.test(s) ? 1 : 0) + (/[0-9]/.test(s) ? 1 : 0);
  if (classes < 2 || wordLike(s)) return false;
  // a path or a link (`github.com/acme/pulse/blob/<sha>/main.py`): its parts are words, hex, numbers
  const parts = s.split(/[/.]+/).filter((p) => p.length >= 2);
  const plain = parts.filter((p) => /^[0-9a-f]+$/i.test(p) || /^[\d_-]+$/.test(p) || wordLike(p)).length;
  if (parts.length >= 2 && plain >= (parts.length <= 3 ? parts.length : Math.ceil(parts.length * 0.6))) return false;
  const { judge } = engine();
  if (judge.isPlaceholder(s)) return false;
  return judge.entropy(s) >= Math.min(3.8, Math.log2(s.length) - 1);
}

/** A value that is a credential whatever its name: a known token shape, a URL with a password, a PEM block, random text. */
export function looksSecretValue(value: string): boolean {
  const s = value.trim();
  if (s.length < 8) return false;
  if (TOKEN_SHAPES.test(s)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return urlSecretPart(s) !== undefined || SECRET_QUERY.test(s);
  if (randomToken(s)) return true;
  return scanText(s).length > 0;
}

/** Strings inside a config value (lists and objects walked). */
function stringsOf(value: unknown, out: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value) && depth < 8) for (const v of value) stringsOf(v, out, depth + 1);
  else if (value && typeof value === 'object' && depth < 8) for (const v of Object.values(value)) stringsOf(v, out, depth + 1);
  return out;
}

/** A value that is never shown in full: its name says secret, or its shape does. */
export function isSecret(name: string, value: unknown): boolean {
  if (isSecretName(name) && !isHarmless(value)) return true;
  return stringsOf(value).some(looksSecretValue);
}

/** Values a secret-named setting may have that are no secret: nothing, a flag, a path to the secret. */
function isHarmless(value: unknown): boolean {
  if (value === null || value === undefined || typeof value === 'boolean') return true;
  if (typeof value !== 'string') return false;
  return value === '' || /^(?:true|false|yes|no|on|off|none|null)$/i.test(value) || /^(?:\/|~\/|\.\.?\/|[A-Za-z]:\\)[\w .@+/\\-]*$/.test(value);
}

// ---- showing ------------------------------------------------------------------------------------

/** A secret's shape without the secret: `"de…" (10 characters, redacted)`. */
export function redactedValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean' || typeof value === 'number') return 'a value (redacted)';
  if (Array.isArray(value)) return `a list of ${value.length} (redacted)`;
  if (typeof value === 'object') return 'an object (redacted)';
  const s = String(value);
  if (s.length === 0) return 'an empty string';
  const show = Math.min(3, Math.floor(s.length / 4));
  return show > 0 ? `"${s.slice(0, show)}…" (${s.length} characters, redacted)` : `${s.length} characters (redacted)`;
}

/** `postgres://app:***@db/app`: the passwords of URLs in a text masked. */
export function maskUrlPasswords(s: string): string {
  return s.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@/\s]+@/gi, '$1***@');
}

/**
 * How to show a setting's value in a message: in full when neither its name nor its value looks
 * secret; a URL whose only secret is its password with the password masked; otherwise only a short
 * prefix and the length.
 */
export function displayValue(name: string, value: unknown): string {
  const cap = (s: string): string => (s.length > 120 ? `${s.slice(0, 119)}…` : s);
  if (typeof value === 'string' && !isSecretName(name)) {
    const masked = maskUrlPasswords(value);
    if (masked !== value && !isSecret('', masked)) return JSON.stringify(cap(masked));
  }
  if (isSecret(name, value)) return redactedValue(value);
  return cap(JSON.stringify(value) ?? String(value));
}
