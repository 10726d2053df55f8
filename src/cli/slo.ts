import path from 'node:path';
import { UsageError } from '../errors.js';
import { DEFAULT_SLO, loadSlo } from '../slo/load.js';
import { sloJson, sloMarkdown, sloText } from '../slo/report.js';
import { probeSlos } from '../slo/run.js';
import { writeAll, type OutputFile } from '../report/write.js';
import { commandHelp, parseFlags } from './commands.js';
import { cliFence, confineReads } from './fence.js';

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** `living-architecture slo probe`: returns the exit code. */
export async function sloCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || sub === '--help' || sub === '-h') {
    io.stdout.write(commandHelp('slo'));
    return sub ? 0 : 2;
  }
  if (sub !== 'probe') throw new UsageError(`unknown slo command '${sub}'`, 'use slo probe --base-url URL');
  const v = parseFlags('slo probe', rest);
  if (v.help) {
    io.stdout.write(commandHelp('slo'));
    return 0;
  }
  const baseUrl = v['base-url'] as string | undefined;
  if (!baseUrl) throw new UsageError('slo probe needs --base-url URL', 'e.g. --base-url http://localhost:8000');
  const root = path.resolve(io.cwd, (v.root as string | undefined) ?? '.');
  const sloAbs = v.slo ? path.resolve(io.cwd, v.slo as string) : path.join(root, DEFAULT_SLO);
  const display = (path.relative(io.cwd, sloAbs) || sloAbs).split(path.sep).join('/');
  const fence = await cliFence(root, io.cwd);
  await confineReads(fence, [{ path: sloAbs, display, what: v.slo ? '--slo' : 'the SLO monitors file' }]);
  const slo = await loadSlo(sloAbs, display, { root, optional: false });
  const int = (name: string): number | undefined => {
    const raw = v[name] as string | undefined;
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0 || (name === 'max-requests' && !Number.isInteger(n)))
      throw new UsageError(`--${name} must be a positive ${name === 'rate' ? 'number' : 'whole number'}, not '${raw}'`);
    return n;
  };
  const maxRequests = int('max-requests');
  const rate = int('rate');
  for (const n of slo!.notes) io.stderr.write(`note: ${n}\n`);
  const run = await probeSlos(slo!, {
    baseUrl,
    env: io.env,
    ...(maxRequests ? { maxRequests } : {}),
    ...(rate ? { rate } : {}),
    only: ((v.only as string | undefined) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    ...(v.verbose ? { log: (m: string) => io.stderr.write(`${m}\n`) } : {}),
  });
  const writes: OutputFile[] = [];
  if (v.json) writes.push({ path: path.resolve(io.cwd, v.json as string), content: sloJson(run), what: '--json', shown: v.json as string });
  if (v.summary) writes.push({ path: path.resolve(io.cwd, v.summary as string), content: sloMarkdown(run), what: '--summary', shown: v.summary as string });
  await writeAll(writes, { fence });
  io.stdout.write(sloText(run));
  return run.breached.length ? 1 : 0;
}
