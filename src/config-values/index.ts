import type { Facts } from '../facts.js';
import type { Workspace } from '../workspace/workspace.js';
import { readEnv } from './env.js';
import { readJavaScript } from './javascript.js';
import { readPython } from './python.js';
import { readIni, readJson, readToml } from './structured.js';
import type { Assignment } from './types.js';
import { readYaml } from './yaml.js';

export type { Assignment, ConfigValue, Literal, Scalar, ConfigSource } from './types.js';

type Reader = (file: string, text: string) => Assignment[];

const JS = /\.(?:js|jsx|mjs|cjs|ts|tsx|mts|cts)$/;

/** The reader of a file, chosen by its name; unknown names are read as `KEY=value` lines. */
export function readerFor(file: string): { name: string; read: Reader } {
  const base = file.slice(file.lastIndexOf('/') + 1);
  if (base === '.env' || base.startsWith('.env.') || base.endsWith('.env')) return { name: 'env', read: readEnv };
  if (/\.ya?ml$/i.test(base)) return { name: 'yaml', read: readYaml };
  if (/\.(?:json|jsonc|json5)$/i.test(base)) return { name: 'json', read: readJson };
  if (/\.toml$/i.test(base)) return { name: 'toml', read: readToml };
  if (/\.(?:ini|cfg|conf|properties)$/i.test(base)) return { name: 'ini', read: readIni };
  if (/\.pyi?$/.test(base)) return { name: 'python', read: readPython };
  if (JS.test(base) && !base.endsWith('.d.ts')) return { name: 'javascript', read: readJavaScript };
  return { name: 'env', read: readEnv };
}

/** Every assignment of every key in a file's text. */
export function readAssignments(file: string, text: string): Assignment[] {
  try {
    return readerFor(file).read(file, text);
  } catch (e) {
    if (e instanceof RangeError) return []; // nested deeper than a parser's stack: nothing readable
    throw e;
  }
}

/** A file's assignments, read once per run and shared by every config-value guardrail. */
export async function getAssignments(ctx: { workspace: Workspace; facts: Facts }, file: string): Promise<Assignment[] | null> {
  return ctx.facts.get(`config-values:${file}`, async () => {
    // Synchronous read: many small files go several times faster than through promises.
    const text = ctx.workspace.readTextSync(file);
    return text === null ? null : readAssignments(file, text);
  });
}

/**
 * Does an assignment set `key`? Keys compare case-insensitively (Pydantic settings and most env
 * loaders do); a dotted key (`database.pool_size`) also matches the end of a nested path.
 */
export function keyMatches(key: string, a: Assignment): boolean {
  const k = key.toLowerCase();
  if (a.key.toLowerCase() === k || a.aliases?.some((x) => x.toLowerCase() === k)) return true;
  if (!key.includes('.') || a.path.length < 2) return false;
  const parts = k.split('.');
  if (parts.length > a.path.length) return false;
  const tail = a.path.slice(a.path.length - parts.length).map((p) => p.toLowerCase());
  return parts.every((p, i) => p === tail[i]);
}

const SECRET_KEY = /secret|passw|pwd|token|key|credential|private|salt|cookie|signing/i;

/** Keys whose values are never shown in full (SECRET, PASSWORD, TOKEN, KEY, …). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

const TOKEN_SHAPES = /^(?:gh[pousr]_|github_pat_|xox[abprs]-|AKIA|ASIA|sk_live_|rk_live_|sk-|AIza|glpat-|npm_)|hooks\.slack\.com\/services\/|-----BEGIN [A-Z ]*PRIVATE KEY/;

/** A value that looks like a credential whatever its key: a known token shape, or long and random. */
export function looksSecret(value: unknown): boolean {
  const items = Array.isArray(value) ? value.flat(4) : [value];
  return items.some((v) => {
    if (typeof v !== 'string') return false;
    if (TOKEN_SHAPES.test(v)) return true;
    // URLs: their passwords are masked when shown; a secret in the query string hides the whole value.
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return /[?&][^=&]*(?:token|key|secret|sig|signature|password|auth)[^=&]*=/i.test(v);
    return v.length >= 24 && !/\s/.test(v) && entropy(v) >= 4;
  });
}

/** Whether a value of this key is shown only redacted (in messages and in the report). */
export function isRedacted(key: string, value: unknown): boolean {
  return isSecretKey(key) || looksSecret(value);
}

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/**
 * How to show a value in a message: in full when neither the key nor the value looks secret
 * (passwords inside URLs masked), otherwise only a short prefix and the length.
 */
export function displayValue(key: string, value: unknown): string {
  if (isRedacted(key, value)) return redacted(value);
  if (typeof value === 'string') return JSON.stringify(maskUrlPassword(value).length > 120 ? `${maskUrlPassword(value).slice(0, 119)}…` : maskUrlPassword(value));
  const s = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? maskUrlPassword(v) : v)) ?? String(value);
  return s.length > 120 ? `${s.slice(0, 119)}…` : s;
}

/** A secret's shape without the secret: `"de…" (10 characters)`. */
export function redacted(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean' || typeof value === 'number') return 'a value (redacted)';
  if (Array.isArray(value)) return `a list of ${value.length} (redacted)`;
  const s = String(value);
  if (s.length === 0) return 'an empty string';
  const show = Math.min(3, Math.floor(s.length / 4));
  return show > 0 ? `"${s.slice(0, show)}…" (${s.length} characters, redacted)` : `${s.length} characters (redacted)`;
}

function maskUrlPassword(s: string): string {
  return s.replace(/(\w+:\/\/[^:/@\s]+:)[^@/\s]+@/g, '$1***@');
}
