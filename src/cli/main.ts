import path from 'node:path';
import { DEFAULT_BASELINE, DEFAULT_CATEGORY, DEFAULT_CONFIG, DEFAULT_MAP, DEFAULT_SLO } from '../defaults.js';
import { DELTA_NAME, STORE_NAME } from '../facts/cache.js';
import { cliCommandsAllowed } from '../config/trust.js';
import { run, type EngineOptions } from '../engine.js';
import { UsageError, isUserError } from '../errors.js';
import { FAIL_ON_VALUES } from '../gate.js';
import { isSarifLevels, SARIF_LEVELS_VALUES } from '../report/sarif-levels.js';
import { WRITERS } from '../report/writers.js';
import { checkOutputs, writeAll, type OutputFile } from '../report/write.js';
import { neutraliseCommandsInJson, neutralisingStream } from '../util/workflow-commands.js';
import { colorWanted, commandHelp, mainHelp, parseFlags } from './commands.js';
import { cliFence, confineReads } from './fence.js';
import type { FailOn } from '../types.js';
import { VERSION } from '../version.js';

export { DEFAULT_CONFIG };

/** Parse argv and run; returns the exit code. Never throws for a user's mistake. */
export async function main(argv: string[], raw: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; cwd: string; env: NodeJS.ProcessEnv; isTTY: boolean }): Promise<number> {
  // The CLI runs inside workflows too: no repository text it prints may form a workflow command.
  const io = { ...raw, stdout: neutralisingStream(raw.stdout), stderr: neutralisingStream(raw.stderr) };
  try {
    return await dispatch(argv, io);
  } catch (e) {
    if (isUserError(e)) {
      io.stderr.write(`error: ${e.format()}\n`);
      return 2;
    }
    io.stderr.write(`internal error: ${(e as Error).message}\n  please report this at https://github.com/living-architecture/guardrails/issues\n`);
    if (io.env.LA_DEBUG || argv.includes('--verbose')) io.stderr.write(`${(e as Error).stack}\n`);
    return 2;
  }
}

async function dispatch(argv: string[], io: Parameters<typeof main>[1]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout.write(mainHelp(VERSION));
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version' || argv[0] === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'check':
      return check(rest, io);
    case 'baseline':
      return (await import('./baseline.js')).baselineCommand(rest, io, DEFAULT_CONFIG);
    case 'routes':
      return (await import('./routes.js')).routesCommand(rest, io, DEFAULT_CONFIG);
    case 'map':
      return (await import('./map.js')).mapCommand(rest, io, DEFAULT_CONFIG);
    case 'slo':
      return (await import('./slo.js')).sloCommand(rest, io);
    case 'suggest':
      return (await import('./suggest.js')).suggestCommand(rest, io, DEFAULT_CONFIG);
    default:
      throw new UsageError(`unknown command '${cmd}'`, "run 'living-architecture --help' for the commands");
  }
}

async function check(args: string[], io: Parameters<typeof main>[1]): Promise<number> {
  const v = parseFlags('check', args);
  if (v.help) {
    io.stdout.write(commandHelp('check'));
    return 0;
  }
  const failOn = (v['fail-on'] as string | undefined) ?? 'error';
  if (!FAIL_ON_VALUES.includes(failOn as FailOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON_VALUES.join(', ')}, not '${failOn}'`);
  const sarifLevels = (v['sarif-levels'] as string | undefined) ?? 'severity';
  if (!isSarifLevels(sarifLevels)) throw new UsageError(`--sarif-levels must be one of ${SARIF_LEVELS_VALUES.join(', ')}, not '${sarifLevels}'`);
  const format = (v.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
  const root = path.resolve(io.cwd, (v.root as string | undefined) ?? '.');
  const configArg = v.config as string | undefined;
  const configAbs = configArg ? path.resolve(io.cwd, configArg) : path.join(root, DEFAULT_CONFIG);
  const display = path.relative(io.cwd, configAbs) || configAbs;
  const options: EngineOptions = {
    root,
    config: { path: configAbs, display: display.split(path.sep).join('/'), explicit: configArg !== undefined },
    only: ((v.only as string | undefined) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    failOn: failOn as FailOn,
    ...(await cliCommandsAllowed({ noCommands: v['no-commands'] === true, env: io.env, root, configAbs })),
    env: io.env,
    ...(v.verbose ? { log: (m: string) => io.stderr.write(`${m}\n`) } : {}),
  };
  const baselineArg = v.baseline as string | undefined;
  const baselineAbs = baselineArg ? path.resolve(io.cwd, baselineArg) : path.join(root, DEFAULT_BASELINE);
  options.baseline = { path: baselineAbs, display: (path.relative(io.cwd, baselineAbs) || baselineAbs).split(path.sep).join('/'), explicit: baselineArg !== undefined };
  const fileOption = (arg: string | undefined, dflt: string) => {
    const abs = arg ? path.resolve(io.cwd, arg) : path.join(root, dflt);
    return { path: abs, display: (path.relative(io.cwd, abs) || abs).split(path.sep).join('/'), explicit: arg !== undefined };
  };
  options.map = fileOption(v.map as string | undefined, DEFAULT_MAP);
  options.slo = fileOption(v.slo as string | undefined, DEFAULT_SLO);
  await assertDir(root);
  const fence = await cliFence(root, io.cwd);
  if (typeof v['cache-dir'] === 'string' && v['cache-dir']) {
    const shown = v['cache-dir'];
    const dir = path.resolve(io.cwd, shown);
    await checkOutputs(
      [STORE_NAME, DELTA_NAME].map((name) => ({ path: path.join(dir, name), what: '--cache-dir', shown })),
      { fence },
    );
    options.cacheDir = dir;
  }
  await confineReads(fence, [
    { ...options.config, what: configArg ? '--config' : 'the guardrails file' },
    { ...options.map, what: v.map ? '--map' : 'the intelligence map' },
    { ...options.slo, what: v.slo ? '--slo' : 'the SLO monitors file' },
    { ...options.baseline, what: baselineArg ? '--baseline' : 'the baseline file' },
  ]);
  const out = (option: string) => ({ path: path.resolve(io.cwd, v[option] as string), what: `--${option}`, shown: v[option] as string });
  const files = (['sarif', 'json', 'summary'] as const).filter((o) => v[o]); // --sarif, --json, --summary: each a writer of the same name
  await checkOutputs(files.map(out), { fence }); // fail before the run, not after
  const report = await run({ ...options, ownOutputs: files.map((o) => out(o).path) }); // never scan what we write

  const ctx = { category: (v.category as string | undefined) ?? DEFAULT_CATEGORY, sarifLevels, color: colorWanted(args, io.env, io.isTTY) };
  const writes: OutputFile[] = files.map((o) => ({ ...out(o), content: WRITERS[o].render(report, ctx).output }));
  await writeAll(writes, { fence });

  if (format === 'json') io.stdout.write(neutraliseCommandsInJson(WRITERS.json.render(report, ctx).output));
  else io.stdout.write(WRITERS.text.render(report, ctx).output);
  return report.result === 'pass' ? 0 : 1;
}

async function assertDir(root: string): Promise<void> {
  const { promises: fs } = await import('node:fs');
  const st = await fs.stat(root).catch(() => null);
  if (!st?.isDirectory()) throw new UsageError(`--root ${root} is not a directory`);
}
