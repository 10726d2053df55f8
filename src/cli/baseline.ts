/** `living-architecture baseline update`: run every guardrail and fold the findings into the baseline file. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { todayOf } from '../baseline/dates.js';
import { readBaseline } from '../baseline/file.js';
import { cliCommandsAllowed } from '../config/trust.js';
import { run } from '../engine.js';
import { UsageError } from '../errors.js';
import { writeAll } from '../report/write.js';
import { WRITERS } from '../report/writers.js';
import { plural } from '../util/text.js';
import { commandHelp, parseFlags } from './commands.js';
import { cliFence, confineReads } from './fence.js';
import { DEFAULT_BASELINE } from '../defaults.js';

export { DEFAULT_BASELINE };

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Returns the exit code: 0 when the file was written. */
export async function baselineCommand(args: string[], io: Io, defaultConfig: string): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout.write(commandHelp('baseline'));
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'update') throw new UsageError(`unknown baseline command '${sub}'`, "the command is 'living-architecture baseline update'");
  const v = parseFlags('baseline update', rest);
  if (v.help) {
    io.stdout.write(commandHelp('baseline'));
    return 0;
  }
  const root = path.resolve(io.cwd, (v.root as string | undefined) ?? '.');
  const st = await fs.stat(root).catch(() => null);
  if (!st?.isDirectory()) throw new UsageError(`--root ${root} is not a directory`);
  const shown = (abs: string): string => (path.relative(io.cwd, abs) || abs).split(path.sep).join('/');
  const configArg = v.config as string | undefined;
  const configAbs = configArg ? path.resolve(io.cwd, configArg) : path.join(root, defaultConfig);
  const baselineArg = v.baseline as string | undefined;
  const baselineAbs = baselineArg ? path.resolve(io.cwd, baselineArg) : path.join(root, DEFAULT_BASELINE);

  const fence = await cliFence(root, io.cwd);
  await confineReads(fence, [
    { path: configAbs, display: shown(configAbs), what: configArg ? '--config' : 'the guardrails file' },
    { path: baselineAbs, display: shown(baselineAbs), what: baselineArg ? '--baseline' : 'the baseline file' },
  ]);
  // Read first: a broken baseline stops before the guardrails run.
  const prev = await readBaseline(baselineAbs, shown(baselineAbs));
  const report = await run({
    root,
    config: { path: configAbs, display: shown(configAbs), explicit: configArg !== undefined },
    failOn: 'none',
    ...(await cliCommandsAllowed({ noCommands: v['no-commands'] === true, env: io.env, root, configAbs })),
    env: io.env,
    ...(v.verbose ? { log: (m: string) => io.stderr.write(`${m}\n`) } : {}),
  });
  const { content, update: u } = WRITERS.baseline.render(report, { previousBaseline: prev, date: todayOf(io.env) }).output;
  await writeAll([{ path: baselineAbs, content, what: baselineArg ? '--baseline' : 'the baseline file', shown: shown(baselineAbs) }], { fence });

  for (const n of report.notices) io.stderr.write(`notice: ${n}\n`);
  const parts = [
    `${plural(u.baseline.findings.length, 'finding')}${u.added || u.regressed ? ` (${[u.added && `${u.added} new`, u.regressed && `${u.regressed} back after a fix`].filter(Boolean).join(', ')})` : ''}`,
    `${u.fixed} fixed since the last update`,
    u.dropped ? `${plural(u.dropped, 'stale fixed entry', 'stale fixed entries')} dropped` : undefined,
    u.untouched ? `${plural(u.untouched, 'entry', 'entries')} kept as they were (their guardrail did not run)` : undefined,
  ].filter(Boolean);
  io.stdout.write(`${prev ? 'Updated' : 'Wrote'} ${shown(baselineAbs)}: ${parts.join(', ')}.\n`);
  return 0;
}
