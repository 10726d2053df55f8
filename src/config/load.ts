import { LineCounter, parseDocument } from 'yaml';
import { CHECK_KINDS, kindOf } from '../checks/index.js';
import { ConfigError } from '../errors.js';
import type { Config, Guardrail, Level } from '../types.js';
import { closest } from '../util/text.js';
import { LIVING_IDS } from '../map/run.js';
import { DEFAULT_GUARDRAILS_YAML } from './defaults.js';
import { readUserFile } from '../util/read-user-file.js';
import { YamlPositions, yamlSyntaxMessage, yamlToJs } from '../util/yaml-positions.js';
import { COMMON_PROPERTIES } from './schema.js';
import { validateAt } from '../util/schema-validate.js';

export const DEFAULTS_NAME = '<built-in defaults>';

/**
 * Read guardrails.yaml. `display` is the path shown in messages (as the user wrote it). A missing
 * file gives the embedded defaults when `optional` (the default path); a missing file the user
 * named explicitly is an error. Everything wrong is one ConfigError with file, line and column.
 */
export async function loadConfig(absPath: string, display: string, opts: { optional: boolean }): Promise<Config> {
  const text = await readUserFile(absPath, display, { optional: opts.optional, what: 'guardrails file', skipHint: 'to run the built-in default guardrails' });
  if (text === null) return parseConfig(DEFAULT_GUARDRAILS_YAML, DEFAULTS_NAME, null);
  return parseConfig(text, display, display);
}

/** Parse and validate guardrails YAML text. */
export function parseConfig(text: string, display: string, file: string | null): Config {
  const lc = new LineCounter();
  const doc = parseDocument(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, merge: true });
  const positions = new YamlPositions(doc, lc, display);
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const { line, col } = lc.linePos(err.pos[0]);
    throw new ConfigError(`YAML syntax error: ${yamlSyntaxMessage(firstSentence(err.message))}`, { file: display, line, column: col, hint: yamlHint(err.code) });
  }
  const data = yamlToJs(doc, lc, display, 1000);
  if (data === null || data === undefined) {
    throw new ConfigError('the file is empty', { file: display, line: 1, column: 1, hint: 'start with:\nversion: 1\nguardrails:\n  - id: …' });
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError('the file must be a mapping with version and guardrails', { ...positions.at([]) });
  }
  const top = data as Record<string, unknown>;
  if ('version' in top && top.version !== 1) {
    throw new ConfigError(`unsupported version ${JSON.stringify(top.version)}`, { ...positions.at(['version']), hint: 'this release reads version: 1' });
  }
  validateAt('guardrails', top, [], positions, '');

  const list = top.guardrails as Record<string, unknown>[];
  const seen = new Map<string, number>();
  const guardrails: Guardrail[] = [];
  const disabled: string[] = [];
  const kinds = CHECK_KINDS.map((k) => k.kind);
  list.forEach((item, i) => {
    const path = ['guardrails', i];
    const idText = typeof item.id === 'string' ? item.id : undefined;
    const subject = `guardrail ${idText ? `'${idText}'` : `#${i + 1}`}`;
    if (item.check === undefined) {
      throw new ConfigError(`${subject}: missing required key 'check'`, { ...positions.at(path), hint: `the check kind, one of: ${kinds.join(', ')}` });
    }
    if (typeof item.check !== 'string' || !kindOf(item.check)) {
      const near = typeof item.check === 'string' ? closest(item.check, kinds) : undefined;
      throw new ConfigError(`${subject}: unknown check kind ${JSON.stringify(item.check)}`, {
        ...positions.at([...path, 'check']),
        hint: near ? `did you mean '${near}'? Known kinds: ${kinds.join(', ')}` : `known kinds: ${kinds.join(', ')}`,
      });
    }
    const kind = kindOf(item.check)!;
    validateAt(`guardrail:${kind.kind}`, item, path, positions, subject);
    const id = item.id as string;
    const first = seen.get(id);
    if (first !== undefined) {
      throw new ConfigError(`duplicate guardrail id '${id}' (first used on line ${first})`, { ...positions.at([...path, 'id']), hint: 'ids must be unique: they become SARIF rule ids' });
    }
    seen.set(id, positions.at([...path, 'id']).line);
    try {
      kind.validate?.(optionsOf(item), (p) => positions.at([...path, ...p]));
    } catch (e) {
      // Every message about a guardrail starts by naming it, as the schema's messages do.
      if (e instanceof ConfigError && !e.message.startsWith(subject))
        throw new ConfigError(`${subject}: ${e.message}`, {
          ...(e.file ? { file: e.file } : {}),
          ...(e.line ? { line: e.line } : {}),
          ...(e.column ? { column: e.column } : {}),
          ...(e.hint ? { hint: e.hint } : {}),
        });
      throw e;
    }
    if ((LIVING_IDS as readonly string[]).includes(id)) {
      throw new ConfigError(`guardrail id '${id}' is reserved for the built-in ${id === 'intelligence-map' ? 'intelligence map' : 'SLO'} checks`, {
        ...positions.at([...path, 'id']),
        hint: 'choose another id',
      });
    }
    if (item.enabled === false) {
      disabled.push(id);
      return;
    }
    const keyPos = positions.keysOf(path);
    guardrails.push({
      id,
      title: (item.title as string | undefined) ?? id,
      severity: ((item.severity as Level | undefined) ?? 'error') as Level,
      check: kind.kind,
      ...(item.audit !== undefined ? { audit: item.audit as string } : {}),
      ...(item.rationale !== undefined ? { rationale: item.rationale as string } : {}),
      goals: (item.goals as string[] | undefined) ?? [],
      tags: (item.tags as string[] | undefined) ?? [],
      ...(item['security-severity'] !== undefined ? { securitySeverity: item['security-severity'] as number } : {}),
      options: optionsOf(item),
      pos: keyPos.id ?? positions.at(path),
      keyPos,
      locate: (p) => positions.at([...path, ...p]),
    });
  });
  return { version: 1, file, exclude: (top.exclude as string[] | undefined) ?? [], guardrails, disabled };
}

function optionsOf(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !(k in COMMON_PROPERTIES)));
}

function firstSentence(msg: string): string {
  return msg
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
}

function yamlHint(code: string): string | undefined {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'a key appears twice in the same mapping';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation: list items under guardrails: start with "- " and their keys line up';
    case 'BAD_DQ_ESCAPE':
      return "inside double quotes a backslash starts an escape: write regular expressions in single quotes ('\\s+'), or double every backslash";
    case 'TAB_AS_INDENT':
      return 'YAML indentation uses spaces, not tabs';
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'a value is probably missing a ":" or has a stray indentation';
    default:
      return undefined;
  }
}
