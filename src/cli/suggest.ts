import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeAll } from '../report/write.js';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load.js';
import { run } from '../engine.js';
import { UsageError } from '../errors.js';
import { openCode, suggestFor } from '../map/api.js';
import { suggestionsYaml } from '../map/suggest-yaml.js';
import type { Suggestion } from '../map/suggest.js';
import { plural } from '../util/text.js';
import { cliFence, confineReads } from './fence.js';

export const SUGGEST_HELP = `living-architecture suggest [--root DIR] [--config FILE] [--out FILE] [--no-verify]

Guardrails that hold today and would catch a regression tomorrow, as a ready-to-use guardrails
file with a one-line reason each: folders whose imports are acyclic (no-cycles), layerings of
sibling folders the import graph already respects (layers), directions between sibling folders
never crossed (forbidden-imports), and size limits just above today's largest file (max-lines).
Guardrails already in the config are not suggested again. Each suggestion is run before it is
printed and dropped if it does not pass (--no-verify skips that run).

options:
  --root DIR      repository root (default: .)
  --config FILE   the guardrails file (its exclude is honoured; default: <root>/infra/selfcheck/guardrails.yaml)
  --out FILE      write the YAML there instead of stdout
  --no-verify     do not run the suggestions before printing them
`;

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** `living-architecture suggest`: returns the exit code (0). */
export async function suggestCommand(args: string[], io: Io, defaultConfig: string): Promise<number> {
  let v: Record<string, string | boolean | undefined>;
  try {
    v = parseArgs({ args, options: { root: { type: 'string' }, config: { type: 'string' }, out: { type: 'string' }, 'no-verify': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true }).values;
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional.*$/s, ''), "run 'living-architecture suggest --help' for the options");
  }
  if (v.help) {
    io.stdout.write(SUGGEST_HELP);
    return 0;
  }
  const root = path.resolve(io.cwd, (v.root as string | undefined) ?? '.');
  const st = await fs.stat(root).catch(() => null);
  if (!st?.isDirectory()) throw new UsageError(`--root ${root} is not a directory`);
  const configArg = v.config as string | undefined;
  const configAbs = configArg ? path.resolve(io.cwd, configArg) : path.join(root, defaultConfig);
  const configShown = (path.relative(io.cwd, configAbs) || configAbs).split(path.sep).join('/');
  const fence = await cliFence(root, io.cwd);
  await confineReads(fence, [{ path: configAbs, display: configShown, what: configArg ? '--config' : 'the guardrails file' }]);
  const config = await loadConfig(configAbs, configShown, { optional: configArg === undefined });
  const ctx = await openCode(root, { exclude: config.exclude });
  const notes: string[] = [];
  let list = await suggestFor(ctx, config.file ? config.guardrails.map((g) => ({ id: g.id, check: g.check, options: g.options })) : [], notes);
  let dropped: string[] = [];
  if (!v['no-verify'] && list.length) ({ kept: list, dropped } = await verify(root, list, config.exclude));
  const header = [
    `Suggested by living-architecture suggest: ${plural(list.length, 'guardrail')} that hold today${v['no-verify'] ? '' : ' (each one run and passing)'}.`,
    `Paste the ones you want under guardrails: in ${defaultConfig}.`,
  ];
  const yaml = suggestionsYaml(list, header);
  if (v.out) await writeAll([{ path: path.resolve(io.cwd, v.out as string), content: yaml, what: '--out', shown: v.out as string }], { fence }); // creates the folder (a new repository has no infra/selfcheck/ yet)
  else io.stdout.write(yaml);
  for (const n of notes) io.stderr.write(`not proven: ${n}\n`);
  if (dropped.length) io.stderr.write(`dropped ${plural(dropped.length, 'suggestion')} that did not pass when run: ${dropped.join(', ')}\n`);
  return 0;
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
