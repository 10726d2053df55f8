#!/usr/bin/env node
// Generated tables in README.md and docs/: `npm run readme` rewrites them, `--check` only says
// which are stale (exit 1). A table lives between two markers and is replaced whole:
//
//   <!-- inputs:start --> … <!-- inputs:end -->           README: the Action's inputs (action.yml)
//   <!-- outputs:start --> … <!-- outputs:end -->         README: the Action's outputs (action.yml)
//   <!-- keys:start --> … <!-- keys:end -->               docs/checks/<kind>.md: the kind's keys (schemas/guardrails.schema.json)
//   <!-- common-keys:start --> … <!-- common-keys:end --> keys every guardrail has (same schema)
//   <!-- kinds:start --> … <!-- kinds:end -->             every check kind, one line, linked to its guide
//
// __tests__/docs/readme.test.ts fails when a committed table differs from what this generates.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const COMMON = ['id', 'title', 'severity', 'check', 'audit', 'rationale', 'goals', 'tags', 'security-severity', 'enabled'];

const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim();
const code = (s) => `\`${String(s).replace(/\|/g, '\\|')}\``;

function action() {
  return parseYaml(readFileSync(path.join(REPO, 'action.yml'), 'utf8'));
}

function schema() {
  return JSON.parse(readFileSync(path.join(REPO, 'schemas/guardrails.schema.json'), 'utf8'));
}

/** Per check kind: { description, properties, required } from the generated schema. */
export function kinds(s = schema()) {
  const out = new Map();
  for (const branch of s.properties.guardrails.items.allOf) {
    const kind = branch.if.properties.check.const;
    out.set(kind, { description: branch.then.properties.check.description, properties: branch.then.properties, required: branch.then.required ?? [] });
  }
  return out;
}

function typeOf(p) {
  if (p.enum) return p.enum.map(code).join(' \\| ');
  if ('const' in p) return code(p.const);
  const t = Array.isArray(p.type) ? p.type : [p.type];
  const what = p.format === 'regex' ? 'regex' : p.format === 'repo-glob' ? 'glob' : 'string';
  if (t.includes('array') && t.length === 2 && t.includes('string')) return `${what} or list of ${what === 'regex' ? 'regexes' : `${what}s`}`;
  if (t.includes('array') && t.length > 2) return 'value or list of values';
  if (t.length === 2 && t.includes('number') && t.includes('string')) return 'seconds or duration (`90s`, `5m`)';
  if (t[0] === 'array') {
    const items = p.items ?? {};
    if (Array.isArray(items.type) && items.type.includes('array')) return 'list of (glob, or list of globs)';
    const it = Array.isArray(items.type) ? items.type.join(' or ') : items.format === 'repo-glob' ? 'glob' : (items.type ?? 'value');
    return `list of ${it}s`;
  }
  if (t[0] === 'object') return p.properties ? 'mapping (see below)' : 'mapping of strings';
  if (t[0] === 'integer') return p.minimum !== undefined ? `whole number ≥ ${p.minimum}` : 'whole number';
  return t[0] ?? '';
}

function keysTable(props, required, names) {
  const rows = ['| key | type | default | what it means |', '|---|---|---|---|'];
  for (const name of names) {
    const p = props[name];
    const req = required.includes(name) ? ' **(required)**' : '';
    const dflt = p.default !== undefined ? code(JSON.stringify(p.default)) : '';
    rows.push(`| ${code(name)}${req} | ${typeOf(p)} | ${dflt} | ${cell(p.description ?? '')} |`);
    if (p.properties) {
      for (const [sub, sp] of Object.entries(p.properties)) rows.push(`| ${code(`${name}.${sub}`)} | ${typeOf(sp)} | | ${cell(sp.description ?? '')} |`);
    }
  }
  return rows.join('\n');
}

const GENERATORS = {
  inputs: () => {
    const rows = ['| input | default | what it means |', '|---|---|---|'];
    for (const [name, spec] of Object.entries(action().inputs)) rows.push(`| ${code(name)} | ${spec.default ? code(spec.default) : ''} | ${cell(spec.description)} |`);
    return rows.join('\n');
  },
  outputs: () => {
    const rows = ['| output | what it holds |', '|---|---|'];
    for (const [name, spec] of Object.entries(action().outputs)) rows.push(`| ${code(name)} | ${cell(spec.description)} |`);
    return rows.join('\n');
  },
  keys: (file) => {
    const kind = path.basename(file, '.md');
    const k = kinds().get(kind);
    if (!k) throw new Error(`${file}: no check kind '${kind}' in schemas/guardrails.schema.json`);
    return keysTable(
      k.properties,
      k.required,
      Object.keys(k.properties).filter((n) => !COMMON.includes(n)),
    );
  },
  'common-keys': () => {
    const any = [...kinds().values()][0];
    const props = { ...any.properties, check: { type: 'string', description: 'The check kind: one of the kinds below. The remaining keys belong to the kind.' } };
    return keysTable(props, ['id', 'check'], COMMON);
  },
  kinds: (file) => {
    const rel = path
      .relative(path.dirname(path.join(REPO, file)), path.join(REPO, 'docs/checks'))
      .split(path.sep)
      .join('/');
    const rows = ['| kind | what it proves |', '|---|---|'];
    for (const [kind, k] of kinds()) rows.push(`| [${code(kind)}](${rel}/${kind}.md) | ${cell(k.description)} |`);
    return rows.join('\n');
  },
};

/** The text of a Markdown file with every generated table brought up to date. */
export function regenerate(file, text) {
  return text.replace(/(<!-- ([a-z-]+):start -->)\n[\s\S]*?\n?(<!-- \2:end -->)/g, (_, start, name, end) => {
    const gen = GENERATORS[name];
    if (!gen) throw new Error(`${file}: unknown generated block '${name}' (known: ${Object.keys(GENERATORS).join(', ')})`);
    return `${start}\n${gen(file)}\n${end}`;
  });
}

/** README.md and every Markdown file under docs/, repo-relative. */
export function markdownFiles() {
  const docs = readdirSync(path.join(REPO, 'docs'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f.split(path.sep).join('/')}`);
  return ['README.md', ...docs.sort()];
}

/** [{ file, before, after }] for every file with generated blocks. */
export function tables() {
  return markdownFiles()
    .map((file) => {
      const before = readFileSync(path.join(REPO, file), 'utf8');
      return { file, before, after: regenerate(file, before) };
    })
    .filter((t) => /<!-- [a-z-]+:start -->/.test(t.before));
}

function main() {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const t of tables()) {
    if (t.after === t.before) continue;
    stale.push(t.file);
    if (!check) writeFileSync(path.join(REPO, t.file), t.after);
  }
  if (check && stale.length) {
    console.error(`stale generated tables in ${stale.join(', ')}: run npm run readme`);
    process.exit(1);
  }
  console.log(stale.length ? `${check ? 'stale' : 'updated'}: ${stale.join(', ')}` : 'generated tables are up to date');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
