import { literalAt, type PyLiteral } from '../python/literal.js';
import { callArgs, closingIndex, dottedAt, splitTopLevel, tokensText } from '../python/spans.js';
import type { PyToken } from '../python/tokens.js';
import { known, unknown, type ConfigValue, type Literal } from './types.js';

/** Resolves a bare name to a value (e.g. a module constant), or undefined. */
export type NameLookup = (name: string) => ConfigValue | undefined;

const GETENV = [['getenv'], ['environ', 'get'], ['environ', 'setdefault'], ['env', 'get']];
/** environs / django-environ typed readers: `env.str("K", "d")`, `env.int("K", default=5)`. */
const ENV_TYPES = new Set([
  'str',
  'int',
  'bool',
  'float',
  'decimal',
  'list',
  'dict',
  'json',
  'url',
  'path',
  'date',
  'datetime',
  'time',
  'timedelta',
  'uuid',
  'log_level',
  'db_url',
  'dj_db_url',
  'db',
  'cache_url',
  'cache',
  'email_url',
  'email',
  'search_url',
  'enum',
]);

/**
 * The reader a call at tokens[s] is, by its callee: `os.getenv`-like (key, default), python-decouple
 * and Starlette `config("K", …)` (decouple: key, default, cast; Starlette: key, cast, default — the
 * second positional argument is the default only when it is a constant), environs / django-environ
 * `env("K", d)` / `env.str("K", d)`.
 */
function readerOf(parts: readonly string[]): 'getenv' | 'config' | 'env' | null {
  if (GETENV.some((g) => g.length <= parts.length && g.every((p, k) => parts[parts.length - g.length + k] === p))) return 'getenv';
  if ((parts.length === 1 && parts[0] === 'config') || (parts.length === 2 && parts[0] === 'decouple' && parts[1] === 'config')) return 'config';
  if ((parts.length === 1 && parts[0] === 'env') || (parts.length === 2 && parts[0] === 'env' && ENV_TYPES.has(parts[1]!))) return 'env';
  return null;
}

/** The environment key and fallback of `os.getenv("K", d)`-like calls (see readerOf), when tokens[s] starts one. */
export function envCallAt(tokens: readonly PyToken[], s: number, lookup?: NameLookup, depth = 0): { key: string; fallback: ConfigValue | null; end: number } | null {
  const d = dottedAt(tokens, s);
  if (!d || tokens[d.end]?.text !== '(') return null;
  const reader = readerOf(d.parts);
  if (!reader) return null;
  const close = closingIndex(tokens, d.end);
  if (close < 0) return null;
  const args = callArgs(tokens, d.end, close);
  const keyTok = args.positional[0] ?? args.keywords.get('key') ?? args.keywords.get('var') ?? args.keywords.get('option');
  if (!keyTok || keyTok[1] !== keyTok[0] + 1 || tokens[keyTok[0]]!.type !== 'string' || tokens[keyTok[0]]!.fstring) return null;
  let def = args.keywords.get('default') ?? (reader === 'getenv' ? args.keywords.get('value') : undefined);
  if (!def && args.positional[1]) {
    const second = args.positional[1];
    const constant = evalPy(tokens, second[0], second[1], lookup, depth + 1);
    // Starlette's second argument is the cast (`config("K", bool, False)`): the default comes third.
    def = reader === 'config' && !constant?.known ? args.positional[2] : second;
  }
  return { key: tokens[keyTok[0]]!.value!, fallback: def ? evalPy(tokens, def[0], def[1], lookup, depth + 1) : null, end: close + 1 };
}

/**
 * The value of the expression tokens[s, e), statically: literals (src/python/literal.ts), lists /
 * tuples / sets of them, names through `lookup`, f-strings whose names all resolve, Pydantic
 * `Field(default=…)` / `Field("x")`, the default of `os.getenv` / `os.environ.get`,
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
  if (e === s + 1 && tokens[s]!.type === 'op' && tokens[s]!.text === '...') return null;
  const v = valueOf(tokens, literalAt(tokens, s, e), lookup, depth);
  if (v === null) return null;
  return v ? { ...v, text } : unknown(text);
}

/** A literal's value; undefined when it is none; null when the expression gives no value (`Field(...)`). */
function valueOf(tokens: readonly PyToken[], lit: PyLiteral, lookup: NameLookup | undefined, depth: number): ConfigValue | null | undefined {
  switch (lit.k) {
    case 'str': {
      if (lit.bytes) return undefined;
      if (!lit.fstring) return known(lit.v, '');
      let value = '';
      for (let i = lit.s; i < lit.e; i++) {
        const x = tokens[i]!;
        const v = x.fstring ? fString(x.value!, lookup) : x.value!;
        if (v === null) return undefined;
        value += v;
      }
      return known(value, '');
    }
    case 'num':
    case 'bool':
      return known(lit.v, '');
    case 'none':
      return known(null, '');
    case 'name':
      return lookup?.(lit.v);
    case 'seq': {
      const items: Literal[] = [];
      for (const item of lit.items) {
        const v = item.k === 'other' ? evalPy(tokens, item.s, item.e, lookup, depth + 1) : valueOf(tokens, item, lookup, depth + 1);
        if (!v?.known) return undefined;
        items.push(v.value);
      }
      return known(items, '');
    }
    default:
      return callValue(tokens, lit.s, lit.e, lookup, depth);
  }
}

/** `os.getenv("K", d)`, `Field(default=…)`, `int("5")`: their value. */
function callValue(tokens: readonly PyToken[], s: number, e: number, lookup: NameLookup | undefined, depth: number): ConfigValue | null | undefined {
  const env = envCallAt(tokens, s, lookup, depth);
  if (env && env.end === e) return env.fallback ?? undefined;
  const d = dottedAt(tokens, s);
  if (!d || tokens[d.end]?.text !== '(' || closingIndex(tokens, d.end) !== e - 1) return undefined;
  const args = callArgs(tokens, d.end, e - 1);
  const callee = d.parts[d.parts.length - 1]!;
  if (callee === 'Field') {
    if (args.keywords.has('default_factory')) return undefined;
    const def = args.keywords.get('default') ?? args.positional[0];
    return def ? evalPy(tokens, def[0], def[1], lookup, depth + 1) : null;
  }
  if (d.parts.length === 1 && ['int', 'float', 'str', 'bool'].includes(callee) && args.positional.length === 1) {
    const [a, b] = args.positional[0]!;
    const v = evalPy(tokens, a, b, lookup, depth + 1);
    if (!v?.known || Array.isArray(v.value)) return undefined;
    const c = convert(callee, v.value);
    return c === undefined ? undefined : known(c, '');
  }
  return undefined;
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
      if (!/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?$/.test(name)) return null;
      const v = lookup?.(name);
      if (!v?.known || Array.isArray(v.value)) return null;
      out += String(v.value);
      i = end;
    } else out += c;
  }
  return out;
}
