import { known, unknown, type ConfigValue, type Literal } from '../types.js';
import { callArgs, closingIndex, dottedAt, splitTopLevel, type PyToken } from './python.js';

/** Resolves a bare name to a value (e.g. a module constant), or undefined. */
export type NameLookup = (name: string) => ConfigValue | undefined;

/** Readable text of tokens[s, e), for messages about values that are not literals. */
export function tokensText(tokens: readonly PyToken[], s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) {
    const t = tokens[i]!;
    const prev = tokens[i - 1];
    const tight = i === s || '.([,)]:'.includes(t.text) || (prev && '.(['.includes(prev.text));
    out += (tight ? '' : ' ') + t.text;
  }
  return out;
}

const GETENV = [['getenv'], ['environ', 'get'], ['environ', 'setdefault'], ['env', 'get']];

/** The environment key and fallback of `os.getenv("K", d)`-like calls, when tokens[s] starts one. */
export function envCallAt(tokens: readonly PyToken[], s: number, lookup?: NameLookup, depth = 0): { key: string; fallback: ConfigValue | null; end: number } | null {
  const d = dottedAt(tokens, s);
  if (!d || tokens[d.end]?.text !== '(') return null;
  if (!GETENV.some((g) => g.length <= d.parts.length && g.every((p, k) => d.parts[d.parts.length - g.length + k] === p))) return null;
  const close = closingIndex(tokens, d.end);
  if (close < 0) return null;
  const args = callArgs(tokens, d.end, close);
  const keyTok = args.positional[0] ?? args.keywords.get('key');
  if (!keyTok || keyTok[1] !== keyTok[0] + 1 || tokens[keyTok[0]]!.type !== 'string' || tokens[keyTok[0]]!.fstring) return null;
  const def = args.positional[1] ?? args.keywords.get('default') ?? args.keywords.get('value');
  return { key: tokens[keyTok[0]]!.value!, fallback: def ? evalPy(tokens, def[0], def[1], lookup, depth + 1) : null, end: close + 1 };
}

/**
 * The value of the expression tokens[s, e), statically: literals, lists / tuples / sets of them,
 * Pydantic `Field(default=…)` / `Field("x")`, the default of `os.getenv` / `os.environ.get`,
 * `x or "fallback"`, `int("5")`. Returns null when the expression gives no value at all
 * (`Field(...)`, a required field); `{ known: false }` when it is computed.
 */
export function evalPy(tokens: readonly PyToken[], s: number, e: number, lookup?: NameLookup, depth = 0): ConfigValue | null {
  const text = tokensText(tokens, s, e);
  if (s >= e || depth > 64) return unknown(text);
  const ors = splitTopLevel(tokens, s, e, 'or').filter(([a, b]) => b > a);
  if (ors.length > 1 && tokens.slice(s, e).some((t) => t.type === 'name' && t.text === 'or')) {
    let last: ConfigValue | null = null;
    for (const [a, b] of ors) {
      last = evalPy(tokens, a, b, lookup, depth + 1);
      if (last?.known && truthy(last.value)) return { ...last, text };
    }
    return last?.known ? { ...last, text } : unknown(text);
  }
  if (tokens.slice(s, e).some((t) => t.type === 'name' && (t.text === 'if' || t.text === 'lambda' || t.text === 'for'))) return unknown(text);
  const t = tokens[s]!;

  if (t.type === 'string') {
    let value = '';
    for (let i = s; i < e; i++) {
      const x = tokens[i]!;
      if (x.type !== 'string' || x.bytes) return unknown(text);
      if (x.fstring) {
        const v = fString(x.value!, lookup);
        if (v === null) return unknown(text);
        value += v;
      } else value += x.value!;
    }
    return known(value, text);
  }
  if (t.type === 'op' && (t.text === '-' || t.text === '+') && e === s + 2 && tokens[s + 1]!.type === 'number') {
    const v = num(tokens[s + 1]!.text);
    return v === null ? unknown(text) : known(t.text === '-' ? -v : v, text);
  }
  if (t.type === 'number' && e === s + 1) {
    const v = num(t.text);
    return v === null ? unknown(text) : known(v, text);
  }
  if (t.type === 'name' && e === s + 1) {
    if (t.text === 'True') return known(true, text);
    if (t.text === 'False') return known(false, text);
    if (t.text === 'None') return known(null, text);
    const v = lookup?.(t.text);
    return v ? { ...v, text } : unknown(text);
  }
  if (t.type === 'op' && (t.text === '[' || t.text === '(' || t.text === '{')) {
    const close = closingIndex(tokens, s);
    if (close !== e - 1) return unknown(text);
    const parts = splitTopLevel(tokens, s + 1, close);
    if (t.text === '(' && parts.length === 1 && tokens[close - 1]?.text !== ',') return evalPy(tokens, s + 1, close, lookup, depth + 1);
    if (t.text === '{' && parts.length === 0) return unknown(text);
    const items: Literal[] = [];
    for (const [a, b] of parts) {
      if (t.text === '{' && tokens.slice(a, b).some((x) => x.text === ':')) return unknown(text);
      const v = evalPy(tokens, a, b, lookup, depth + 1);
      if (!v?.known) return unknown(text);
      items.push(v.value);
    }
    return known(items, text);
  }
  if (t.type === 'op' && t.text === '...' && e === s + 1) return null;

  const env = envCallAt(tokens, s, lookup, depth);
  if (env && env.end === e) return env.fallback ? { ...env.fallback, text } : unknown(text);
  const d = dottedAt(tokens, s);
  if (d && tokens[d.end]?.text === '(') {
    const close = closingIndex(tokens, d.end);
    if (close !== e - 1) return unknown(text);
    const args = callArgs(tokens, d.end, close);
    const callee = d.parts[d.parts.length - 1]!;
    if (callee === 'Field') {
      if (args.keywords.has('default_factory')) return unknown(text);
      const def = args.keywords.get('default') ?? args.positional[0];
      if (!def) return null;
      const v = evalPy(tokens, def[0], def[1], lookup, depth + 1);
      return v === null ? null : { ...v, text };
    }
    if (d.parts.length === 1 && ['int', 'float', 'str', 'bool'].includes(callee) && args.positional.length === 1) {
      const [a, b] = args.positional[0]!;
      const v = evalPy(tokens, a, b, lookup, depth + 1);
      if (!v?.known || Array.isArray(v.value)) return unknown(text);
      const c = convert(callee, v.value);
      return c === undefined ? unknown(text) : known(c, text);
    }
  }
  return unknown(text);
}

function convert(to: string, v: Literal): Literal | undefined {
  if (to === 'str') return v === null ? 'None' : typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v);
  if (to === 'bool') return typeof v === 'string' ? v.length > 0 : Boolean(v);
  const n = typeof v === 'string' ? Number(v.trim()) : typeof v === 'number' ? v : NaN;
  if (!Number.isFinite(n)) return undefined;
  return to === 'int' ? Math.trunc(n) : n;
}

function truthy(v: Literal): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return v !== null && v !== false && v !== 0 && v !== '';
}

function num(s: string): number | null {
  const t = s.replace(/_/g, '').replace(/[lL]$/, '');
  if (/[jJ]$/.test(t)) return null;
  const v = /^0[oO]/.test(t) ? parseInt(t.slice(2), 8) : /^0[bB]/.test(t) ? parseInt(t.slice(2), 2) : Number(t);
  return Number.isFinite(v) ? v : null;
}

/** An f-string's value when every `{name}` in it resolves; null otherwise. */
function fString(body: string, lookup?: NameLookup): string | null {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '{' && body[i + 1] === '{') {
      out += '{';
      i++;
    } else if (c === '}' && body[i + 1] === '}') {
      out += '}';
      i++;
    } else if (c === '{') {
      const end = body.indexOf('}', i);
      if (end < 0) return null;
      const name = body.slice(i + 1, end).trim();
      if (!/^[A-Za-z_]\w*$/.test(name)) return null;
      const v = lookup?.(name);
      if (!v?.known || Array.isArray(v.value)) return null;
      out += String(v.value);
      i = end;
    } else out += c;
  }
  return out;
}
