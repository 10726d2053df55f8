import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { UsageError } from '../errors.js';
import { scanRoutes, type RouteScan } from '../routes/index.js';
import { cmp } from '../util/text.js';
import { Workspace } from '../workspace/workspace.js';
import { commandHelp, parseFlags } from './commands.js';
import { cliFence, confineReads } from './fence.js';
import { neutraliseCommandsInJson } from '../util/workflow-commands.js';

interface Io {
  stdout: NodeJS.WritableStream;
  cwd: string;
}

/** `living-architecture routes`: returns the exit code (0). */
export async function routesCommand(args: string[], io: Io, defaultConfig: string): Promise<number> {
  const v = parseFlags('routes', args);
  if (v.help) {
    io.stdout.write(commandHelp('routes'));
    return 0;
  }
  const format = (v.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
  const root = path.resolve(io.cwd, (v.root as string | undefined) ?? '.');
  const st = await fs.stat(root).catch(() => null);
  if (!st?.isDirectory()) throw new UsageError(`--root ${root} is not a directory`);
  const configArg = v.config as string | undefined;
  const configAbs = configArg ? path.resolve(io.cwd, configArg) : path.join(root, defaultConfig);
  const display = (path.relative(io.cwd, configAbs) || configAbs).split(path.sep).join('/');
  await confineReads(await cliFence(root, io.cwd), [{ path: configAbs, display, what: configArg ? '--config' : 'the guardrails file' }]);
  const config = await loadConfig(configAbs, display, { optional: configArg === undefined });
  const ws = await Workspace.open(root, { exclude: config.exclude });
  const scan = await scanRoutes(ws);
  io.stdout.write(format === 'json' ? neutraliseCommandsInJson(`${JSON.stringify(scan, null, 2)}\n`) : routesText(scan));
  return 0;
}

/** The routes as an aligned table, then a count per framework and the notes. */
export function routesText(scan: RouteScan): string {
  const rows = scan.routes.map((r) => [r.method, r.path, `${r.file}:${r.line}`, r.framework]);
  const head = ['METHOD', 'PATH', 'DECLARED AT', 'FRAMEWORK'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const counts = new Map<string, number>();
  for (const r of scan.routes) counts.set(r.framework, (counts.get(r.framework) ?? 0) + 1);
  const lines = rows.length ? [fmt(head), ...rows.map(fmt), ''] : [];
  const per = [...counts.entries()].sort((a, b) => cmp(a[0], b[0])).map(([f, n]) => `${f} ${n}`);
  lines.push(`${scan.routes.length} route${scan.routes.length === 1 ? '' : 's'}${per.length ? ` (${per.join(', ')})` : ''}`);
  if (scan.notes.length) lines.push('', 'notes:', ...scan.notes.map((n) => `  ${n}`));
  return `${lines.join('\n')}\n`;
}
