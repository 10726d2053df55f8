import { engine, isSecret, isSecretName, randomToken, scanText, urlSecretPart } from './redact.js';

/**
 * Redaction of free text that may carry secrets: a command's output, a matched line, a message.
 * Two sources of knowledge, one rule (redact.ts):
 * - known secrets (the environment's secret-looking values, a command's pass-env values): found
 *   whole, in part (any piece of 8 characters or more: a prefix, a suffix, a line of a key), and
 *   encoded (base64 and base64url at any alignment, hex, URL- and JSON-escaped);
 * - what the text itself shows: the secrets scanner's built-in rules, `NAME=value` assignments
 *   whose name says secret, `Bearer …` headers, URL passwords, PEM blocks, long random tokens.
 * Each secret becomes `…` (a public prefix like `AKIA` may stay).
 */

/** The shortest piece of a known secret that is recognised on its own. */
const PIECE = 8;
/** Values longer than this are recognised whole and by their lines only. */
const MAX_PIECES_OF = 16 * 1024;

type Range = [start: number, end: number, prefix: number];

/** A set of secret values, recognised in text whole, in part and encoded. */
export class KnownSecrets {
  private readonly pieces = new Set<string>();
  private readonly whole: string[] = [];
  private readonly short: string[] = [];

  constructor(values: Iterable<string | undefined>) {
    for (const v of values) if (v) for (const core of coresOf(v)) this.add(core);
  }

  get empty(): boolean {
    return this.pieces.size === 0 && this.whole.length === 0 && this.short.length === 0;
  }

  private add(core: string): void {
    if (core.length < 4) return;
    if (core.length < PIECE) {
      this.short.push(core);
      return;
    }
    if (core.length > MAX_PIECES_OF) {
      this.whole.push(core);
      return;
    }
    for (const form of formsOf(core)) for (let i = 0; i + PIECE <= form.length; i++) this.pieces.add(form.slice(i, i + PIECE));
  }

  /** Where known secrets (or pieces and encodings of them) are in a text. */
  ranges(text: string, out: Range[] = []): Range[] {
    if (this.pieces.size > 0) {
      let open = -1;
      let end = -1;
      for (let i = 0; i + PIECE <= text.length; i++) {
        if (!this.pieces.has(text.slice(i, i + PIECE))) continue;
        if (open >= 0 && i <= end) end = i + PIECE;
        else {
          if (open >= 0) out.push([open, end, 0]);
          open = i;
          end = i + PIECE;
        }
      }
      if (open >= 0) out.push([open, end, 0]);
    }
    for (const w of this.whole) for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + 1)) out.push([i, i + w.length, 0]);
    for (const s of this.short) {
      for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) {
        if (!/[A-Za-z0-9]/.test(text[i - 1] ?? '') && !/[A-Za-z0-9]/.test(text[i + s.length] ?? '')) out.push([i, i + s.length, 0]);
      }
    }
    return out;
  }
}

/**
 * The parts of a value that are secret: the password of a URL (its host is not), the body of a PEM
 * block and each of its lines (its armour is not), otherwise the value and each of its lines.
 */
function coresOf(value: string): string[] {
  const v = value.trim();
  const part = urlSecretPart(v);
  if (part) {
    const out = [part];
    try {
      out.push(decodeURIComponent(part));
    } catch {
      // not URL-encoded
    }
    return out;
  }
  const lines = v.split(/\r?\n/).map((l) => l.trim());
  const body = lines.filter((l) => !/^-----(?:BEGIN|END) [A-Z0-9 ]+-----$/.test(l));
  const out = new Set<string>([body.join('\n'), ...(body.length > 1 ? body : [])]);
  return [...out].filter((c) => c.length >= 4);
}

/** A secret as it may be printed: itself, base64/base64url at each alignment, hex, URL- and JSON-escaped. */
function formsOf(core: string): string[] {
  const out = new Set<string>([core]);
  const bytes = Buffer.from(core, 'utf8');
  for (let k = 0; k < 3; k++) {
    const enc = Buffer.concat([Buffer.alloc(k), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    // the characters that depend on the secret's bytes alone, whatever comes before and after it
    const stable = enc.slice(Math.ceil((k * 8) / 6), (k + bytes.length) % 3 === 0 ? enc.length : enc.length - 1);
    if (stable.length >= PIECE) {
      out.add(stable);
      out.add(stable.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  out.add(bytes.toString('hex'));
  out.add(encodeURIComponent(core));
  out.add(JSON.stringify(core).slice(1, -1));
  return [...out];
}

/** The secret values of an environment: those whose name or shape says secret, plus the ones named in `always`. */
export function secretValuesOf(env: NodeJS.ProcessEnv, always: Iterable<string> = []): string[] {
  const out: string[] = [];
  const named = new Set(always);
  for (const [k, v] of Object.entries(env)) if (v && (named.has(k) || isSecret(k, v))) out.push(v);
  return out;
}

const cache = new WeakMap<object, KnownSecrets>();
/** The known secrets of an environment, made once per environment object. */
export function knownSecretsOf(env: NodeJS.ProcessEnv): KnownSecrets {
  let k = cache.get(env);
  if (!k) cache.set(env, (k = new KnownSecrets(secretValuesOf(env))));
  return k;
}

// `NAME=value`, `NAME: value`, `"name": "value"`, `--name=value`, `export NAME=value`
const LINE_ASSIGN = /^[ \t]*(?:export[ \t]+|set[ \t]+)?["']?([A-Za-z_][\w.-]{0,100})["']?[ \t]*(?::=|=>|=|:)(.*)$/gm;
const INLINE_ASSIGN = /(?<![\w.])["']?([A-Za-z_][\w.-]{0,100})["']?[ \t]*(?::=|=>|=|:)[ \t]*(?:"([^"\n]{0,4096})"|'([^'\n]{0,4096})'|([^\s"',;&)}\]]{1,4096}))/g;
const AUTH_SCHEME = /\b(?:Bearer|Basic|Token|Digest)[ \t]+([A-Za-z0-9._~+/=-]{8,})/gi;
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]{0,30}:\/\/([^\s/?#@:'"]{1,256})(?::([^\s/?#@'"]{1,256}))?@/gi;
const PEM = /-----BEGIN ([A-Z0-9 ]{1,40})-----/g;
const TOKEN = /[A-Za-z0-9+/_\-.~]{20,}={0,2}/g;

function assignmentValue(name: string, raw: string, start: number, out: Range[]): void {
  let value = raw;
  let at = start;
  // a quoted value is what is inside the quotes (the rest of the line is not the value)
  const close = /^["'`]/.test(value) ? value.indexOf(value[0]!, 1) : -1;
  if (close > 0) {
    value = value.slice(1, close);
    at += 1;
  }
  if (!value || !isSecretName(name) || !isSecret(name, value)) return;
  const { judge } = engine();
  if (judge.isReference(value) || /^(?:\*+|…|x+)$/i.test(value)) return;
  out.push([at, at + value.length, 0]);
}

/** Where the text itself shows secrets. */
function shownRanges(text: string, out: Range[]): void {
  for (const { secret, prefix } of scanText(text)) {
    for (let i = text.indexOf(secret); i >= 0; i = text.indexOf(secret, i + 1)) out.push([i, i + secret.length, prefix]);
  }
  let m: RegExpExecArray | null;
  LINE_ASSIGN.lastIndex = 0;
  while ((m = LINE_ASSIGN.exec(text)) !== null) {
    if (m[0].length === 0) {
      LINE_ASSIGN.lastIndex++;
      continue;
    }
    const raw = m[2]!;
    const value = raw.trim();
    if (value) assignmentValue(m[1]!, value, m.index + m[0].length - raw.length + raw.indexOf(value), out);
  }
  INLINE_ASSIGN.lastIndex = 0;
  while ((m = INLINE_ASSIGN.exec(text)) !== null) {
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    const quoted = m[2] !== undefined || m[3] !== undefined;
    const end = m.index + m[0].length - (quoted ? 1 : 0);
    assignmentValue(m[1]!, value, end - value.length, out);
  }
  AUTH_SCHEME.lastIndex = 0;
  while ((m = AUTH_SCHEME.exec(text)) !== null) out.push([m.index + m[0].length - m[1]!.length, m.index + m[0].length, 0]);
  URL_CREDENTIALS.lastIndex = 0;
  while ((m = URL_CREDENTIALS.exec(text)) !== null) {
    const secret = urlSecretPart(m[0]);
    if (!secret) continue;
    const end = m.index + m[0].length - 1;
    out.push([end - secret.length, end, 0]);
  }
  PEM.lastIndex = 0;
  while ((m = PEM.exec(text)) !== null) {
    const bodyStart = m.index + m[0].length;
    const footer = text.indexOf(`-----END ${m[1]}-----`, bodyStart);
    const bodyEnd = footer >= 0 ? footer : text.length;
    if (bodyEnd > bodyStart) out.push([bodyStart, bodyEnd, 0]);
  }
  TOKEN.lastIndex = 0;
  while ((m = TOKEN.exec(text)) !== null) {
    const t = m[0].replace(/^[-.~=_]+|[-.~_]+$/g, '');
    // a long run (base64 -w0 of a file) is judged by its ends
    const random = t.length > 1024 ? randomToken(t.slice(0, 1024)) || randomToken(t.slice(-1024)) : randomToken(t);
    if (random) out.push([m.index + m[0].indexOf(t), m.index + m[0].indexOf(t) + t.length, 0]);
  }
}

/** Replace the ranges (merged) by `…`, keeping a public prefix (`AKIA`, `ghp_`) where the secrets rules name one. */
function apply(text: string, ranges: Range[]): string {
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let at = 0;
  let i = 0;
  while (i < ranges.length) {
    let [s, e, prefix] = ranges[i]!;
    while (++i < ranges.length && ranges[i]![0] <= e) {
      e = Math.max(e, ranges[i]![1]);
      if (ranges[i]![0] === s) prefix = Math.max(prefix, ranges[i]![2]);
    }
    if (s < at) s = at;
    out += text.slice(at, s) + text.slice(s, s + Math.min(prefix, Math.floor((e - s) / 2))) + '…';
    at = e;
  }
  return out + text.slice(at);
}

/** The text with every secret it shows, and every known secret, replaced by `…`. */
export function redactSecretsInText(text: string, known?: KnownSecrets): string {
  if (text.length < 4) return text;
  const ranges: Range[] = [];
  if (known && !known.empty) known.ranges(text, ranges);
  if (text.length >= 8) shownRanges(text, ranges);
  return apply(text, ranges);
}
