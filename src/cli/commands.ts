/**
 * Every command and flag of the CLI, in one table: the parser of each command and every help text
 * are made from it, so a flag cannot be accepted without being documented, or the reverse.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';

export interface Flag {
  name: string;
  /** The value's placeholder (`DIR`): a flag that takes a value. Without it, a switch. */
  value?: string;
  help: string;
  short?: string;
  /** Shown without brackets in the synopsis; the command checks it. */
  required?: boolean;
}

export interface CommandSpec {
  /** As typed: `check`, `map generate`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Paragraphs of the command's own help. */
  about?: string;
  flags: Flag[];
}

import { DEFAULT_BASELINE, DEFAULT_CONFIG, DEFAULT_MAP, DEFAULT_SLO } from '../defaults.js';

const root: Flag = { name: 'root', value: 'DIR', help: 'repository root (default: .)' };
const verbose: Flag = { name: 'verbose', help: 'progress on stderr' };
const noCommands: Flag = { name: 'no-commands', help: "do not run 'command' guardrails" };
const excludeFrom: Flag = { name: 'config', value: 'FILE', help: `guardrails file whose 'exclude' is honoured (default: <root>/${DEFAULT_CONFIG})` };

/** Flags every command accepts. */
export const COMMON_FLAGS: Flag[] = [
  { name: 'no-color', help: 'plain output (also when NO_COLOR is set or stdout is not a terminal)' },
  { name: 'color', help: 'colours even when stdout is not a terminal or NO_COLOR is set' },
  { name: 'help', short: 'h', help: 'the help of the command' },
];

export const COMMANDS: CommandSpec[] = [
  {
    name: 'check',
    summary: 'run the guardrails and report (exit 0 pass, 1 fail, 2 bad input)',
    flags: [
      { ...root, help: 'repository root to check (default: .)' },
      { name: 'config', value: 'FILE', help: `guardrails file (default: <root>/${DEFAULT_CONFIG}; when that is missing, the built-in default guardrails run)` },
      { name: 'only', value: 'ID,...', help: 'run only these guardrails' },
      { name: 'fail-on', value: 'LEVEL', help: 'error | warning | note | new | none (default: error)' },
      { name: 'sarif', value: 'FILE', help: 'write SARIF 2.1.0 for GitHub code scanning' },
      {
        name: 'sarif-levels',
        value: 'severity|gate',
        help: "SARIF result levels: the guardrail's severity (default), or gate: error only for findings that fail --fail-on, so code scanning's check agrees",
      },
      { name: 'json', value: 'FILE', help: 'write the JSON report' },
      { name: 'summary', value: 'FILE', help: "write the Markdown summary (as the Action's job summary)" },
      { name: 'category', value: 'NAME', help: 'SARIF automationDetails id (default: living-architecture)' },
      { name: 'format', value: 'text|json', help: 'what to print on stdout (default: text)' },
      noCommands,
      verbose,
      { name: 'baseline', value: 'FILE', help: `drift tracker baseline (default: <root>/${DEFAULT_BASELINE}, used when present): findings are new, recurring or regressed; see --fail-on new` },
      { name: 'map', value: 'FILE', help: `intelligence map (default: <root>/${DEFAULT_MAP}; skipped with a notice when missing); its checks run as 'intelligence-map'` },
      { name: 'slo', value: 'FILE', help: `SLO monitors (default: <root>/${DEFAULT_SLO}; skipped when missing); its static check runs as 'slo-monitors'` },
      { name: 'cache-dir', value: 'DIR', help: 'keep per-file facts (imports, secret-scan verdicts) here by git blob id: the next run reads only changed files (default: no cache)' },
    ],
  },
  {
    name: 'routes',
    summary: 'every HTTP route found, with file:line',
    about: `Print every HTTP route found in the code (FastAPI, Flask, Express, Next.js), with router prefixes
composed across files, and where each is declared (file:line). What routes-exist, the intelligence
map's critical paths and the SLO probes are checked against. The guardrails file's 'exclude' is
honoured when there is one. Notes list mounts and prefixes that could not be resolved statically.`,
    flags: [root, excludeFrom, { name: 'format', value: 'text|json', help: 'what to print (default: text)' }],
  },
  {
    name: 'baseline update',
    summary: 'write the drift tracker baseline',
    about: `Run every guardrail and write the drift tracker baseline (default: <root>/${DEFAULT_BASELINE}):
the findings present today with the day each was first and last seen, and the findings that are
gone with the day they disappeared. Commit the file; 'check --fail-on new' (or the Action's
fail-on: new) then fails only on findings that are not in it, or that come back after a fix.
Fixed entries older than staleAfterDays (in the file, default 90) are dropped.
Guardrails that are skipped or cannot run keep their entries as they are. Set SOURCE_DATE_EPOCH
to fix the day written.`,
    flags: [
      root,
      { name: 'config', value: 'FILE', help: `guardrails file (default: <root>/${DEFAULT_CONFIG})` },
      { name: 'baseline', value: 'FILE', help: 'baseline file to update or create' },
      { ...noCommands, help: "do not run 'command' guardrails (their entries are kept)" },
      verbose,
    ],
  },
  {
    name: 'map generate',
    summary: 'write the intelligence map from the code',
    about: `Write the intelligence map from the code: every source module with its imports, routes and what
it wraps (database, cache, HTTP, queue, storage), and resilience candidates. Every field a person
wrote (purposes, goals, owners, goal definitions, truths, evolution) is kept, and so is the order
of keys; new modules get empty purpose and goals to fill, modules that are gone are dropped.`,
    flags: [
      root,
      { name: 'map', value: 'FILE', help: `the map (default: <root>/${DEFAULT_MAP})` },
      excludeFrom,
      { name: 'out', value: 'FILE', help: 'where to write (default: the map itself)' },
      { name: 'check', help: 'write nothing, exit 1 when the map would change' },
    ],
  },
  {
    name: 'map diff',
    summary: 'show what changed between the committed map and the code (exit 1 when it drifted)',
    about: `What changed between the committed map and the code: modules added and removed, dependencies
changed, routes added and removed, critical paths with no route. Exit 1 when the map no longer
matches the code.`,
    flags: [
      root,
      { name: 'map', value: 'FILE', help: `the map (default: <root>/${DEFAULT_MAP})` },
      excludeFrom,
      { name: 'out', value: 'FILE', help: 'also write the report there' },
      { name: 'format', value: 'text|markdown|json', help: 'what to print (default: text)' },
    ],
  },
  {
    name: 'slo probe',
    summary: 'measure the SLOs against a running service',
    about: `Measure every SLO of the SLO monitors file against a running service with real HTTP requests:
availability = share of probes answered with the expected status, latency percentiles by nearest
rank over all probes, gauges read from a JSON path. Prints observed against target; exit 1 when
an SLO is breached, 2 when the file is invalid or the service cannot be reached.

Never hammers: requests are bounded per probe (requests, concurrency, timeout), started at most
'rate' per second, and the whole run refuses to start when it would exceed the request budget.`,
    flags: [
      { name: 'base-url', value: 'URL', help: 'the service under test (http or https)', required: true },
      root,
      { name: 'slo', value: 'FILE', help: `the SLO file (default: <root>/${DEFAULT_SLO}); OpenSLO v1 documents are read too` },
      { name: 'only', value: 'ID,...', help: 'probe only these SLOs' },
      { name: 'max-requests', value: 'N', help: "request budget of the run (default: the file's max-requests, else 2000)" },
      { name: 'rate', value: 'N', help: "requests started per second at most (default: the file's rate, else 100)" },
      { name: 'json', value: 'FILE', help: 'write per SLO its id, target, observed and breached' },
      { name: 'summary', value: 'FILE', help: "write the Markdown section (as the Action's job summary)" },
      verbose,
    ],
  },
  {
    name: 'suggest',
    summary: 'guardrails that hold today, as a guardrails file that keeps the built-in defaults',
    about: `Guardrails that hold today and would catch a regression tomorrow, as a ready-to-use guardrails
file with a one-line reason each: folders whose imports are acyclic (no-cycles), layerings of
sibling folders the import graph already respects (layers), directions between sibling folders
never crossed (forbidden-imports), and size limits just above today's largest file (max-lines).
The built-in default guardrails (monolith-size, no-committed-secrets) are kept in it: they run
only while there is no guardrails file. With a guardrails file, what it already guards is not
suggested again, and the output holds the entries to add. Each suggestion is run before it is
printed and dropped if it does not pass (--no-verify skips that run).`,
    flags: [
      root,
      { name: 'config', value: 'FILE', help: `the guardrails file (its exclude is honoured; default: <root>/${DEFAULT_CONFIG})` },
      { name: 'out', value: 'FILE', help: 'write the YAML there instead of stdout (never over the guardrails file it read)' },
      { name: 'no-verify', help: 'do not run the suggestions before printing them' },
    ],
  },
];

/** The commands whose name starts with `group` (`map` → map generate and map diff). */
function specsOf(group: string): CommandSpec[] {
  const list = COMMANDS.filter((c) => c.name === group || c.name.startsWith(`${group} `));
  if (!list.length) throw new Error(`no command '${group}' in the table`);
  return list;
}

function synopsis(c: CommandSpec): string {
  const required = c.flags.filter((f) => f.required).map((f) => `--${f.name} ${f.value}`);
  return [`living-architecture ${c.name}`, ...required, '[options]'].join(' ');
}

function flagRows(flags: Flag[]): string[] {
  const left = flags.map((f) => `${f.short ? `-${f.short}, ` : ''}--${f.name}${f.value ? ` ${f.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return flags.map((f, i) => `  ${left[i]!.padEnd(width)}${wrap(f.help, 2 + width)}`);
}

/** Words to lines of at most 100 columns, the next ones indented by `indent`. */
function wrap(text: string, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent + line.length + 1 + word.length > 100) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

const EVERY = `options of every command:\n${flagRows(COMMON_FLAGS).join('\n')}\n`;

/** `living-architecture <command> --help`: the synopsis, what it does and its flags. */
export function commandHelp(group: string): string {
  return `${specsOf(group)
    .map((c) => [synopsis(c), '', ...(c.about ? [c.about, ''] : []), 'options:', ...flagRows(c.flags), ''].join('\n'))
    .join('\n')}\n${EVERY}`;
}

/** `living-architecture --help`: every command and every flag. */
export function mainHelp(version: string): string {
  const usage = COMMANDS.map((c) => [synopsis(c), c.summary] as const);
  const width = Math.max(...usage.map(([u]) => u.length)) + 2;
  return [
    `living-architecture ${version} — prove a repository's architectural guardrails`,
    '',
    'Usage:',
    ...usage.map(([u, s]) => `  ${u.padEnd(width)}${s}`),
    '  living-architecture --version | --help',
    '',
    ...COMMANDS.flatMap((c) => [`${c.name} options:`, ...flagRows(c.flags), '']),
    EVERY,
    'Paths on the command line are relative to the current directory; paths inside the guardrails',
    'file are relative to --root. Exit codes: 0 gate passed, 1 gate failed, 2 configuration or usage error.',
    `'living-architecture COMMAND --help' tells more about a command. Needs Node.js 22 or later.`,
    '',
  ].join('\n');
}

export type Values = Record<string, string | boolean | undefined>;

/** Parse a command's flags (its own and the common ones), strictly: an unknown flag or a positional is a usage error. */
export function parseFlags(name: string, args: string[]): Values {
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec) throw new Error(`no command '${name}' in the table`);
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const f of [...spec.flags, ...COMMON_FLAGS]) options[f.name] = { type: f.value ? 'string' : 'boolean', ...(f.short ? { short: f.short } : {}) };
  try {
    return parseArgs({ args, options, allowPositionals: false, strict: true }).values as Values;
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional.*$/s, ''), `run 'living-architecture ${name.split(' ')[0]} --help' for the options`);
  }
}

/** Colours: --color / --no-color win (the last one given), then NO_COLOR (any non-empty value), then whether stdout is a terminal. */
export function colorWanted(args: readonly string[], env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  for (let i = args.length - 1; i >= 0; i--) {
    if (args[i] === '--color') return true;
    if (args[i] === '--no-color') return false;
    if (args[i] === '--') break;
  }
  if (env.NO_COLOR) return false;
  return isTTY;
}
