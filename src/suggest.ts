/**
 * `suggest` for both doors (the CLI's `suggest`, the Action's `mode: suggest`): guardrails that hold
 * today (src/map/suggest.ts), each run before it is offered, plus the built-in default guardrails
 * the repository would otherwise lose. The defaults run only while there is no guardrails file, so
 * a suggested file without them would silently turn the secrets scan off.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_GUARDRAILS_YAML } from './config/defaults.js';
import { DEFAULTS_NAME, loadConfig, parseConfig } from './config/load.js';
import { run } from './engine.js';
import { openCode, suggestFor } from './map/api.js';
import type { Suggestion } from './map/suggest.js';
import { suggestionsYaml, type KeptGuardrail } from './map/suggest-yaml.js';
import { SUMMARY_LIMIT } from './report/summary.js';
import { writeAll, type OutputFile } from './report/write.js';
import type { Config, Guardrail } from './types.js';
import { confine, type Fence } from './util/confine.js';
import { plural } from './util/text.js';

export interface SuggestedFile {
  /** The guardrails file (complete) or the entries to add (when the repository has a guardrails file). */
  yaml: string;
  /** True when the repository has no guardrails file: `yaml` is a complete file to save there. */
  complete: boolean;
  /** Ids of the built-in defaults kept, then of the suggestions. */
  defaults: string[];
  suggested: string[];
  /** Suggestions dropped because they did not pass when run. */
  dropped: string[];
  /** What the code reading could not see (a project config not installed, a file that does not parse). */
  notices: string[];
}

/** The built-in default guardrails as the loader reads them. */
export function defaultGuardrails(): Guardrail[] {
  return parseConfig(DEFAULT_GUARDRAILS_YAML, DEFAULTS_NAME, null).guardrails;
}

/**
 * The defaults to keep: all of them when there is no guardrails file; otherwise those the file
 * neither names (by id, also disabled) nor covers with a guardrail of the same kind.
 */
export function defaultsToKeep(config: Config): Guardrail[] {
  if (!config.file) return defaultGuardrails();
  return defaultGuardrails().filter((d) => !config.disabled.includes(d.id) && !config.guardrails.some((g) => g.id === d.id || g.check === d.check));
}

/** A guardrail's keys as a file holds them: common keys first, then the kind's own. */
function fieldsOf(g: Guardrail): KeptGuardrail['fields'] {
  return [
    ['id', g.id],
    ['title', g.title],
    ...(g.severity !== 'error' ? [['severity', g.severity] as [string, unknown]] : []),
    ...(g.audit ? [['audit', g.audit] as [string, unknown]] : []),
    ...(g.rationale ? [['rationale', g.rationale] as [string, unknown]] : []),
    ['check', g.check],
    ...Object.entries(g.options),
  ];
}

export interface SuggestOptions {
  root: string;
  config: Config;
  /** The guardrails file as the user names it (headers and reasons). */
  configShown: string;
  /** Run each suggestion and keep only those that pass (default: true). */
  verify?: boolean;
}

/** The suggested guardrails file of `root`. */
export async function suggestGuardrails(o: SuggestOptions): Promise<SuggestedFile> {
  const { config } = o;
  const ctx = await openCode(o.root, { exclude: config.exclude });
  const defaults = defaultsToKeep(config);
  const existing = [...(config.file ? config.guardrails : []), ...defaults].map((g) => ({ id: g.id, check: g.check, options: g.options }));
  const notices: string[] = [];
  let list = await suggestFor(ctx, existing, notices);
  let dropped: string[] = [];
  if (o.verify !== false && list.length) ({ kept: list, dropped } = await verify(o.root, list, config.exclude));
  const complete = !config.file;
  const kept: KeptGuardrail[] = defaults.map((g) => ({
    reason: complete
      ? `Built-in default, kept: the defaults run only while there is no guardrails file.`
      : `Built-in default that stopped running when ${o.configShown} was written (it has no ${g.check} guardrail).`,
    fields: fieldsOf(g),
  }));
  const what = [
    defaults.length ? plural(defaults.length, 'built-in default guardrail') : '',
    `${plural(list.length, 'guardrail')} that hold today${o.verify === false ? '' : ' (each one run and passing)'}`,
  ]
    .filter(Boolean)
    .join(' and ');
  const header = [
    `Suggested by living-architecture suggest: ${what}.`,
    complete ? `Save it as ${o.configShown}: the built-in defaults stop running once that file exists, so they are kept here.` : `Paste the ones you want under guardrails: in ${o.configShown}.`,
  ];
  return { yaml: suggestionsYaml(list, header, kept), complete, defaults: defaults.map((g) => g.id), suggested: list.map((s) => s.id), dropped, notices };
}

/** Run the suggestions as a guardrails file on the repository; keep the ones that pass. */
async function verify(root: string, list: Suggestion[], exclude: string[]): Promise<{ kept: Suggestion[]; dropped: string[] }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'la-suggest-'));
  try {
    const file = path.join(dir, 'guardrails.yaml');
    const body = suggestionsYaml(list).replace(/^version: 1\n/m, `version: 1\nexclude: ${JSON.stringify(exclude)}\n`);
    await fs.writeFile(file, body);
    const report = await run({ root, config: { path: file, display: 'suggestions', explicit: true }, only: list.map((s) => s.id), allowCommands: false, env: {} });
    const passed = new Set(report.guardrails.filter((g) => g.status === 'pass').map((g) => g.id));
    return { kept: list.filter((s) => passed.has(s.id)), dropped: list.filter((s) => !passed.has(s.id)).map((s) => s.id) };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The job summary section: what was suggested and the file in a fenced block that nothing in it can close. */
export function suggestMarkdown(s: SuggestedFile, opts: { configShown: string; file: string }): string {
  const longest = Math.max(0, ...[...s.yaml.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const parts = [
    '## Suggested guardrails',
    '',
    `${[s.defaults.length ? plural(s.defaults.length, 'built-in default guardrail') : '', plural(s.suggested.length, 'guardrail') + ' that hold today'].filter(Boolean).join(' and ')}. ` +
      (s.complete ? `Save this as \`${opts.configShown}\` in the repository.` : `Paste the ones you want under \`guardrails:\` in \`${opts.configShown}\`.`) +
      ` The same text is in the file the step output \`suggestion-file\` names (\`${opts.file}\`).`,
    '',
  ];
  if (s.dropped.length) parts.push(`Dropped because they did not pass when run: ${s.dropped.join(', ')}.`, '');
  const block = [`${fence}yaml`, s.yaml.trimEnd(), fence, ''].join('\n');
  if (Buffer.byteLength(parts.join('\n')) + Buffer.byteLength(block) < SUMMARY_LIMIT) parts.push(block);
  else parts.push('The file is too large for the job summary: read it from the step output `suggestion-file`.', '');
  return parts.join('\n');
}

export interface SuggestModeOptions {
  root: string;
  /** The `config` input as written, relative to the root, and its default. */
  configInput: string;
  defaultConfig: string;
  rel: (abs: string) => string;
  env: NodeJS.ProcessEnv;
  fences: { read: Fence; write: Fence };
  log: (message: string) => void;
}

/** The Action's `mode: suggest`: writes the suggested file and the summary section; returns the step outputs. */
export async function suggestMode(o: SuggestModeOptions): Promise<Record<string, string>> {
  const configAbs = path.resolve(o.root, o.configInput);
  await confine(o.fences.read, configAbs, "input 'config'", o.configInput);
  const configShown = o.rel(configAbs);
  const config = await loadConfig(configAbs, configShown, { optional: o.configInput === o.defaultConfig });
  const out = path.join(o.env.RUNNER_TEMP || o.root, 'living-architecture-guardrails.yaml');
  const s = await suggestGuardrails({ root: o.root, config, configShown });
  const file = o.rel(out);
  const writes: OutputFile[] = [{ path: out, content: s.yaml, what: 'the suggested guardrails file', shown: file }];
  if (o.env.GITHUB_STEP_SUMMARY) writes.push({ path: o.env.GITHUB_STEP_SUMMARY, content: suggestMarkdown(s, { configShown, file }), append: true });
  await writeAll(writes, { fence: o.fences.write });
  o.log(
    `Suggested ${[s.defaults.length ? plural(s.defaults.length, 'built-in default') : '', plural(s.suggested.length, 'guardrail') + ' that hold today'].filter(Boolean).join(' and ')}: ${file} (output suggestion-file) and the job summary.`,
  );
  for (const n of s.notices) o.log(`notice: ${n}`);
  if (s.dropped.length) o.log(`Dropped ${plural(s.dropped.length, 'suggestion')} that did not pass when run: ${s.dropped.join(', ')}`);
  return { result: 'pass', 'suggestion-file': file, suggestions: String(s.suggested.length) };
}
