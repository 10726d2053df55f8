import { parse, TomlError } from 'smol-toml';
import { ConfigError } from '../errors.js';
import { goToJs } from './go-regex.js';
import type { AllowlistSpec, RuleSpec } from './types.js';
import { LineIndex } from '../util/text.js';

/**
 * A `.gitleaks.toml` read as gitleaks 8 reads it: `[[rules]]` (id, description, regex, secretGroup,
 * entropy, keywords, path, allowlists), the global `[allowlist]` / `[[allowlists]]`, and
 * `[extend] disabledRules`. Its rules join the built-in ones (a rule with a built-in's id replaces
 * it); its allowlists apply as gitleaks applies them. Go regular expressions are translated.
 */

export interface GitleaksConfig {
  rules: RuleSpec[];
  /** Rules with a `path` and no `regex`: the file itself is the finding (e.g. `*.p12`). */
  fileRules: { id: string; description: string; path: string }[];
  allowlists: AllowlistSpec[];
  disabledRules: string[];
}

type Table = Record<string, unknown>;

/** Where a string occurs in the file (1-based), for errors about one rule or pattern. */
function lineOf(text: string, needle: string): { line: number; column: number } {
  const i = needle ? text.indexOf(needle) : -1;
  return i < 0 ? { line: 1, column: 1 } : new LineIndex(text).pos(i);
}

export function readGitleaksToml(text: string, file: string): GitleaksConfig {
  let doc: Table;
  try {
    doc = parse(text) as Table;
  } catch (e) {
    if (e instanceof TomlError) throw new ConfigError(`invalid TOML: ${e.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '')}`, { file, line: e.line, column: e.column });
    throw e;
  }
  const fail = (message: string, near: string, hint?: string): never => {
    throw new ConfigError(message, { file, ...lineOf(text, near), ...(hint ? { hint } : {}) });
  };
  const strings = (v: unknown, what: string, near: string): string[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(`${what} must be a list of strings`, near);
    return v as string[];
  };
  const regex = (src: string, what: string): { source: string; flags: string } => {
    try {
      const js = goToJs(src);
      new RegExp(js.source, js.flags);
      return js;
    } catch (e) {
      return fail(`${what}: the regular expression does not compile (${(e as Error).message.replace(/^Invalid regular expression: /, '')})`, src);
    }
  };
  const inline = (js: { source: string; flags: string }): string => (js.flags.replace('u', '') ? `(?${js.flags.replace('u', '')}:${js.source})` : js.source);
  const allowlist = (t: unknown, where: string): AllowlistSpec => {
    if (!t || typeof t !== 'object' || Array.isArray(t)) return fail(`${where} must be a table`, where);
    const a = t as Table;
    const condition = a.condition === undefined ? 'OR' : String(a.condition).toUpperCase();
    if (condition !== 'OR' && condition !== 'AND') fail(`${where}: condition must be "OR" or "AND"`, String(a.condition));
    const target = a.regexTarget === undefined ? 'secret' : String(a.regexTarget);
    if (!['secret', 'match', 'line'].includes(target)) fail(`${where}: regexTarget must be "secret", "match" or "line"`, target);
    const out: AllowlistSpec = {
      condition: condition as 'OR' | 'AND',
      regexTarget: target as 'secret' | 'match' | 'line',
      regexes: strings(a.regexes, `${where}.regexes`, where).map((r) => inline(regex(r, `${where}.regexes`))),
      paths: strings(a.paths, `${where}.paths`, where).map((r) => inline(regex(r, `${where}.paths`))),
      stopwords: strings(a.stopwords, `${where}.stopwords`, where).map((s) => s.toLowerCase()),
    };
    if (typeof a.description === 'string') out.description = a.description;
    const targets = strings(a.targetRules, `${where}.targetRules`, where);
    if (targets.length > 0) out.targetRules = targets;
    return out;
  };
  const tables = (v: unknown, where: string): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((x) => x ?? fail(`${where} is empty`, where));

  const extend = (doc.extend ?? {}) as Table;
  const config: GitleaksConfig = {
    rules: [],
    fileRules: [],
    allowlists: [...tables(doc.allowlist, 'allowlist'), ...tables(doc.allowlists, 'allowlists')].map((a) => allowlist(a, 'allowlist')),
    disabledRules: strings(extend.disabledRules, 'extend.disabledRules', 'disabledRules'),
  };
  const seen = new Set<string>();
  for (const raw of tables(doc.rules, 'rules')) {
    const r = raw as Table;
    const id = typeof r.id === 'string' && r.id ? r.id : fail('every [[rules]] needs an id', '[[rules]]');
    if (seen.has(id)) fail(`rule '${id}' is defined twice`, `"${id}"`);
    seen.add(id);
    const description = typeof r.description === 'string' && r.description ? r.description : id;
    const path = typeof r.path === 'string' ? inline(regex(r.path, `rule '${id}' path`)) : undefined;
    if (typeof r.regex !== 'string') {
      if (path) config.fileRules.push({ id, description, path });
      else fail(`rule '${id}' needs a regex or a path`, `"${id}"`);
      continue;
    }
    const js = regex(r.regex, `rule '${id}'`);
    const group = r.secretGroup === undefined ? undefined : Number(r.secretGroup);
    if (group !== undefined && (!Number.isInteger(group) || group < 0)) fail(`rule '${id}': secretGroup must be a whole number`, `"${id}"`);
    if (group !== undefined && group > 0 && new RegExp(`${js.source}|`, js.flags).exec('')!.length <= group) fail(`rule '${id}': the regex has no group ${group}`, `"${id}"`);
    const entropy = r.entropy === undefined ? undefined : Number(r.entropy);
    if (entropy !== undefined && !(entropy >= 0 && entropy <= 8)) fail(`rule '${id}': entropy must be a number from 0 to 8`, `"${id}"`);
    const rule: RuleSpec = {
      id,
      description,
      keywords: strings(r.keywords, `rule '${id}' keywords`, `"${id}"`).map((k) => k.toLowerCase()),
      regex: js.source,
      flags: js.flags,
      custom: true,
      start: 'window',
      rank: 30,
      allowlists: [...tables(r.allowlist, `rule '${id}' allowlist`), ...tables(r.allowlists, `rule '${id}' allowlists`)].map((a) => allowlist(a, `rule '${id}' allowlist`)),
    };
    if (entropy !== undefined) rule.entropy = entropy;
    if (group !== undefined && group > 0) rule.secretGroup = group;
    if (path) rule.path = path;
    config.rules.push(rule);
  }
  return config;
}
