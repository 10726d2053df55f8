import { getAssignments, keyMatches, type Assignment, type Literal, type Scalar } from '../config-values/index.js';
import { displayValue, isSecret } from '../secrets/redact.js';
import { ConfigError } from '../errors.js';
import type { Finding } from '../types.js';
import { forEachLimit } from '../util/async.js';
import { parseUserRegex, type UserRegex } from '../util/safe-regex.js';
import { cmp, excerpt, plural } from '../util/text.js';
import { asList, globs, regexes } from './schema-bits.js';
import { findingOf, type CheckContext, defineKind } from './types.js';
import { isSecuritySetting } from './severity.js';
import { append } from '../util/array.js';

const SCALAR_TYPES = ['string', 'number', 'boolean', 'null'];

export const configValue = defineKind({
  kind: 'config-value',
  description:
    'A setting has (or has not) a value wherever it is assigned: .env, YAML, JSON, TOML, INI, Python (settings classes, os.getenv defaults), JS/TS (process.env fallbacks, config objects), docker compose.',
  tags: ['configuration'],
  securitySeverity: 7.5,
  // Only a credential or a CORS policy is a security matter: a pool size is not (tagged `security` by the engine when it is).
  security: (g) => isSecuritySetting(String(g.options.key ?? '')),
  schema: {
    properties: {
      files: globs('Files where the key is assigned (globs). Each is read by its type: .env*, .yaml/.yml (compose environment too), .json, .toml, .ini/.cfg, .py, JS/TS.'),
      exclude: globs('Files not to read (globs).'),
      key: { type: 'string', minLength: 1, description: 'The setting, e.g. SECRET_KEY; compared case-insensitively. A dotted key (database.pool_size) also matches nested YAML/JSON/TOML/INI keys.' },
      forbid: {
        type: [...SCALAR_TYPES, 'array'],
        items: { type: SCALAR_TYPES },
        description: 'Value(s) the key must never have; a list value containing one of them is a finding too.',
      },
      'forbid-pattern': regexes('Regular expression(s) no value of the key may match (each item of a list value is tested).'),
      require: { type: 'boolean', description: 'true: the key must be assigned somewhere in the files.' },
      min: { type: 'number', description: 'Smallest allowed numeric value.' },
      max: { type: 'number', description: 'Largest allowed numeric value.' },
    },
    required: ['files', 'key'],
  },
  validate(options, locate) {
    const rules = ['forbid', 'forbid-pattern', 'require', 'min', 'max'] as const;
    if (!rules.some((r) => options[r] !== undefined)) {
      throw new ConfigError("a 'config-value' guardrail needs at least one of forbid, forbid-pattern, require, min, max", { ...locate([]), hint: 'e.g. forbid: ["change-me", ""]' });
    }
    if (typeof options.min === 'number' && typeof options.max === 'number' && options.min > options.max) {
      throw new ConfigError(`min (${options.min}) is larger than max (${options.max})`, { ...locate(['min']) });
    }
  },
  async run(ctx, g) {
    const key = g.options.key;
    const forbid: Scalar[] = g.options.forbid === undefined ? [] : Array.isArray(g.options.forbid) ? g.options.forbid : [g.options.forbid];
    const patterns = asList(g.options['forbid-pattern']).map((p) => parseUserRegex(p));
    const min = g.options.min;
    const max = g.options.max;
    const files = ctx.workspace.select(asList(g.options.files), asList(g.options.exclude));
    const found: Assignment[] = [];
    await forEachLimit(files, 8, async (file) => {
      const all = await getAssignments(ctx, file);
      if (all)
        append(
          found,
          all.filter((a) => keyMatches(key, a)),
        );
    });
    found.sort((a, b) => cmp(a.file, b.file) || a.line - b.line || a.column - b.column);

    const findings: Finding[] = [];
    let notLiteral = 0;
    for (const a of found) {
      if (!a.value.known) {
        notLiteral++;
        continue;
      }
      const secret = isSecret(a.key, a.value.value);
      const reasons = await judge(ctx, a, a.value.value, { forbid, patterns, min, max }, secret);
      if (reasons.length === 0) continue;
      const name = a.path.join('.');
      findings.push(
        findingOf(g, {
          file: a.file,
          line: a.line,
          column: a.column,
          message: `${name} ${reasons.map((r) => r.text).join('; ')}: ${displayValue(a.key, a.value.value)}`,
          identity: `${name}\u0000${reasons.map((r) => r.rule).join(',')}`,
          properties: { key: name, source: a.source, rules: reasons.map((r) => r.rule), ...(secret ? { redacted: true } : { value: a.value.value }) },
        }),
      );
    }
    if (g.options.require === true && found.length === 0) {
      const at = g.keyPos.require ?? g.keyPos.key ?? g.pos;
      const shown = asList(g.options.files);
      findings.push(
        findingOf(g, {
          file: at.file,
          line: at.line,
          column: at.column,
          message: `${key} is not set in any of the files (${excerpt(shown.join(', '), 100)}: ${plural(files.length, 'file')} read)`,
          identity: `missing:${key}`,
          properties: { key },
        }),
      );
    }
    const parts = [`${plural(found.length, 'assignment')} of ${key} in ${plural(new Set(found.map((a) => a.file)).size, 'file')} (${plural(files.length, 'file')} read)`];
    if (notLiteral > 0) parts.push(`${notLiteral} computed, not judged`);
    return { findings, detail: parts.join('; ') };
  },
});

interface Rules {
  forbid: Scalar[];
  patterns: UserRegex[];
  min: number | undefined;
  max: number | undefined;
}

/** Why a value breaks the rules; a secret's number is not repeated in the reason. */
async function judge(ctx: CheckContext, a: Assignment, value: Literal, r: Rules, secret: boolean): Promise<{ rule: string; text: string }[]> {
  const out: { rule: string; text: string }[] = [];
  const items = Array.isArray(value) ? value.flat(2) : [value];
  for (const f of r.forbid) {
    if (!Array.isArray(value) && sameValue(value, f)) {
      out.push({ rule: 'forbid', text: 'is set to a forbidden value' });
      break;
    }
    if (Array.isArray(value) && items.some((v) => sameValue(v, f))) {
      out.push({ rule: 'forbid', text: `contains the forbidden value ${displayValue(a.key, f)}` });
      break;
    }
  }
  for (const re of r.patterns) {
    let hit = false;
    for (const v of items) {
      if (v === null) continue;
      const m = await ctx.regex.match(re, String(v));
      if (!m.ok) {
        out.push({ rule: 'forbid-pattern', text: `could not be checked against /${excerpt(re.source, 60)}/ (the pattern ran out of time)` });
        hit = true;
        break;
      }
      if (m.matches.length > 0) {
        out.push({ rule: 'forbid-pattern', text: `matches the forbidden pattern /${excerpt(re.source, 60)}/` });
        hit = true;
        break;
      }
    }
    if (hit) break;
  }
  if (r.min !== undefined || r.max !== undefined) {
    const n = numberOf(value);
    if (n === undefined) {
      if (value !== null) out.push({ rule: 'number', text: `is not a number (expected ${range(r.min, r.max)})` });
    } else if (r.min !== undefined && n < r.min) out.push({ rule: 'min', text: `is ${secret ? 'below' : `${n}, below`} the minimum ${r.min}` });
    else if (r.max !== undefined && n > r.max) out.push({ rule: 'max', text: `is ${secret ? 'above' : `${n}, above`} the maximum ${r.max}` });
  }
  return out;
}

function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${min}..${max}`;
  return min !== undefined ? `at least ${min}` : `at most ${max}`;
}

function numberOf(v: Literal): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*[-+]?(\d[\d_]*\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v)) return Number(v.replace(/_/g, ''));
  return undefined;
}

/** A value equals a forbidden one: same text; numbers by value; booleans as true/false in any case. */
function sameValue(v: Literal, f: Scalar): boolean {
  if (Array.isArray(v)) return false;
  if (f === null || v === null) return f === v;
  if (typeof f === 'number') return numberOf(v) === f;
  if (typeof f === 'boolean') return typeof v === 'boolean' ? v === f : String(v).toLowerCase() === String(f);
  return String(v) === f || (typeof v === 'boolean' && String(v) === f.toLowerCase());
}
