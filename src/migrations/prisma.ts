import { parse as parseToml } from 'smol-toml';
import type { Workspace } from '../workspace/workspace.js';
import { cmp, plural } from '../util/text.js';
import { sortProblems, type Problem, type ToolResult } from './types.js';

/** Provider names Prisma treats as the same database. */
function normalizeProvider(p: string): string {
  const v = p.trim().toLowerCase();
  return v === 'postgres' ? 'postgresql' : v;
}

/** `datasource db { provider = "postgresql" … }` of a Prisma schema, with its line. */
export function datasourceProvider(schema: string): { provider: string; line: number } | null {
  const lines = schema.split(/\r?\n/);
  let inside = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.replace(/\/\/.*$/, '');
    if (!inside && /^\s*datasource\s+\w+\s*\{/.test(l)) inside = true;
    if (!inside) continue;
    const m = /^\s*(?:datasource\s+\w+\s*\{\s*)?provider\s*=\s*"([^"]*)"/.exec(l);
    if (m) return { provider: m[1]!, line: i + 1 };
    if (/\}/.test(l)) inside = false;
  }
  return null;
}

/**
 * Read a Prisma migrations folder statically: every folder of `migrations/` has its
 * migration.sql and sorts in the order its timestamp says (Prisma applies them by name), and
 * migration_lock.toml names the provider of schema.prisma's datasource.
 */
export async function analyzePrisma(ws: Workspace, dir: string): Promise<ToolResult> {
  const d = dir.replace(/\/+$/, '').replace(/^\.\/?/, '');
  const base = d ? `${d}/` : '';
  if (d !== '' && !ws.files.some((f) => f.startsWith(base))) return { problems: [], detail: '', missing: `${dir} holds no files (expected the Prisma folder with schema.prisma and migrations/)` };
  const problems: Problem[] = [];
  const migDir = `${base}migrations/`;
  const folders = new Map<string, string[]>();
  for (const f of ws.files) {
    if (!f.startsWith(migDir)) continue;
    const rest = f.slice(migDir.length);
    if (!rest.includes('/')) continue; // migration_lock.toml and other files at the top
    const folder = rest.slice(0, rest.indexOf('/'));
    folders.set(folder, [...(folders.get(folder) ?? []), f]);
  }
  const names = [...folders.keys()].sort(cmp);
  for (const name of names) {
    const files = folders.get(name)!.sort(cmp);
    if (!files.includes(`${migDir}${name}/migration.sql`)) {
      problems.push({
        file: files[0]!,
        line: 1,
        identity: `no-migration-sql:${name}`,
        message: `Migration folder ${migDir}${name} has no migration.sql: Prisma stops with P3015 ("Could not find the migration file"). Add the SQL, or remove the folder.`,
      });
    }
  }
  // Prisma applies folders in name order: the numeric prefix must agree with it.
  const at = (name: string): string => {
    const files = folders.get(name)!;
    return files.find((f) => f.endsWith('/migration.sql')) ?? files[0]!;
  };
  const stamps: { name: string; n: bigint }[] = [];
  for (const name of names) {
    const m = /^(\d+)_/.exec(name);
    if (!m) {
      problems.push({
        file: at(name),
        line: 1,
        identity: `unordered-name:${name}`,
        message: `Migration folder ${name} does not start with a timestamp: Prisma applies folders in name order, so its place in the history is an accident of its name. Name it <YYYYMMDDHHMMSS>_${name} (as prisma migrate dev does).`,
      });
      continue;
    }
    stamps.push({ name, n: BigInt(m[1]!) });
  }
  for (let i = 1; i < stamps.length; i++) {
    const prev = stamps[i - 1]!;
    const cur = stamps[i]!;
    if (cur.n < prev.n) {
      problems.push({
        file: at(cur.name),
        line: 1,
        identity: `out-of-order:${cur.name}`,
        message: `Migration folder ${cur.name} sorts after ${prev.name}, but its timestamp is earlier: Prisma applies folders in name order, not by timestamp. Use timestamps of the same length (YYYYMMDDHHMMSS).`,
      });
    } else if (cur.n === prev.n) {
      problems.push({
        file: at(cur.name),
        line: 1,
        identity: `same-timestamp:${cur.name}`,
        message: `Migration folders ${prev.name} and ${cur.name} share one timestamp: their order is decided by the rest of the name. Give ${cur.name} a later timestamp.`,
      });
    }
  }

  const lockFile = `${migDir}migration_lock.toml`;
  const schemas = ws
    .select([`${base}**/*.prisma`])
    .filter((f) => !f.startsWith(migDir))
    .sort(cmp);
  let schemaProvider: { provider: string; line: number; file: string } | null = null;
  for (const s of schemas) {
    const text = await ws.readText(s);
    const p = text === null ? null : datasourceProvider(text);
    if (p) {
      schemaProvider = { ...p, file: s };
      break;
    }
  }
  if (ws.has(lockFile)) {
    const text = (await ws.readText(lockFile)) ?? '';
    let provider: string | undefined;
    try {
      const v = (parseToml(text) as Record<string, unknown>).provider;
      provider = typeof v === 'string' ? v : undefined;
    } catch (e) {
      problems.push({
        file: lockFile,
        line: 1,
        identity: 'lock-invalid',
        message: `${lockFile} is not valid TOML (${(e as Error).message.split('\n')[0]}). It holds one line: provider = "<your datasource provider>".`,
      });
    }
    const line = Math.max(1, text.split(/\r?\n/).findIndex((l) => /^\s*provider\s*=/.test(l)) + 1);
    if (provider !== undefined && schemaProvider && normalizeProvider(provider) !== normalizeProvider(schemaProvider.provider)) {
      problems.push({
        file: lockFile,
        line,
        identity: `provider-mismatch:${provider}:${schemaProvider.provider}`,
        message: `${lockFile} says provider "${provider}", but the datasource in ${schemaProvider.file}:${schemaProvider.line} says "${schemaProvider.provider}": these migrations were written for another database and Prisma stops with P3019. Start a migration history for ${schemaProvider.provider} (prisma migrate dev), or fix the provider.`,
      });
    }
  }
  return { problems: sortProblems(problems), detail: `${plural(names.length, 'migration')} in ${migDir.slice(0, -1)}${schemaProvider ? `, provider ${schemaProvider.provider}` : ''}` };
}
