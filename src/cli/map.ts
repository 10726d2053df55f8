import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { UsageError } from '../errors.js';
import { diffMapAgainstCode, generateMapText, openCode } from '../map/api.js';
import { DEFAULT_MAP } from '../map/load.js';
import { plural } from '../util/text.js';
import { writeAll } from '../report/write.js';
import { neutraliseCommandsInJson } from '../util/workflow-commands.js';
import { commandHelp, parseFlags } from './commands.js';
import { cliFence, confineReads } from './fence.js';

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
}

/** `living-architecture map generate|diff`: returns the exit code. */
export async function mapCommand(args: string[], io: Io, defaultConfig: string): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || sub === '--help' || sub === '-h') {
    io.stdout.write(commandHelp('map'));
    return sub ? 0 : 2;
  }
  if (sub !== 'generate' && sub !== 'diff') throw new UsageError(`unknown map command '${sub}'`, 'use map generate or map diff');
  const v = parseFlags(`map ${sub}`, rest);
  if (v.help) {
    io.stdout.write(commandHelp('map'));
    return 0;
  }
  const root = path.resolve(io.cwd, (v.root as string | undefined) ?? '.');
  const st = await fs.stat(root).catch(() => null);
  if (!st?.isDirectory()) throw new UsageError(`--root ${root} is not a directory`);
  const show = (abs: string) => (path.relative(io.cwd, abs) || abs).split(path.sep).join('/');
  const mapAbs = v.map ? path.resolve(io.cwd, v.map as string) : path.join(root, DEFAULT_MAP);
  const configArg = v.config as string | undefined;
  const configAbs = configArg ? path.resolve(io.cwd, configArg) : path.join(root, defaultConfig);
  const fence = await cliFence(root, io.cwd);
  await confineReads(fence, [
    { path: configAbs, display: show(configAbs), what: configArg ? '--config' : 'the guardrails file' },
    { path: mapAbs, display: show(mapAbs), what: v.map ? '--map' : 'the intelligence map' },
  ]);
  const config = await loadConfig(configAbs, show(configAbs), { optional: configArg === undefined });
  const ctx = await openCode(root, { exclude: config.exclude });

  if (sub === 'diff') {
    const format = (v.format as string | undefined) ?? 'text';
    if (!['text', 'markdown', 'json'].includes(format)) throw new UsageError(`--format must be text, markdown or json, not '${format}'`);
    if (v.map) await fs.access(mapAbs).catch(() => Promise.reject(new UsageError(`--map ${show(mapAbs)} does not exist`)));
    const r = await diffMapAgainstCode(ctx, mapAbs, { display: show(mapAbs) });
    const body = format === 'json' ? `${JSON.stringify({ changed: r.changed, missing: r.missing, ...(r.diff ? { diff: r.diff } : {}) }, null, 2)}\n` : format === 'markdown' ? r.markdown : r.text;
    if (v.out) await writeAll([{ path: path.resolve(io.cwd, v.out as string), content: body, what: '--out', shown: v.out as string }], { fence });
    io.stdout.write(format === 'json' ? neutraliseCommandsInJson(body) : body);
    return r.changed ? 1 : 0;
  }

  const { text, result, lenient } = await generateMapText(ctx, mapAbs, show(mapAbs));
  const outAbs = v.out ? path.resolve(io.cwd, v.out as string) : mapAbs;
  if (v.out) await confineReads(fence, [{ path: outAbs, display: show(outAbs), what: '--out' }]);
  const before = await fs.readFile(outAbs, 'utf8').catch(() => null);
  const summary = `${Object.keys(result.map.modules ?? {}).length} modules (${result.added.length} added, ${result.removed.length} removed)${result.candidates.length ? `, resilience candidates: ${result.candidates.join(', ')}` : ''}`;
  if (v.check) {
    const same = before === text;
    io.stdout.write(same ? `${show(outAbs)} is up to date: ${summary}\n` : `${show(outAbs)} would change: ${summary}\n`);
    return same ? 0 : 1;
  }
  if (lenient) io.stderr.write(`warning: ${show(mapAbs)} had comments or trailing commas; the generated map is plain JSON without them\n`);
  await writeAll([{ path: outAbs, content: text, what: v.out ? '--out' : v.map ? '--map' : 'the intelligence map', shown: show(outAbs) }], { fence });
  io.stdout.write(`${before === text ? 'unchanged' : 'wrote'} ${show(outAbs)}: ${summary}\n`);
  if (result.added.length)
    io.stdout.write(`  fill in purpose and goals of ${plural(result.added.length, 'new module')}: ${result.added.slice(0, 5).join(', ')}${result.added.length > 5 ? ', …' : ''}\n`);
  if (result.removed.length) io.stdout.write(`  dropped (no longer in the code): ${result.removed.join(', ')}\n`);
  return 0;
}
