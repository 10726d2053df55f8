import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { Workspace } from '../workspace/workspace.js';

/** Where Alembic keeps the revisions of a script directory, as alembic.ini says. */
export interface AlembicLayout {
  /** The script directory (holding env.py and versions/), repo-relative ('' at the root). */
  scriptDir: string;
  /** Directories whose .py files (nested folders included) are revisions. */
  versionDirs: string[];
  /** The alembic.ini (or pyproject.toml) read, when one was. */
  ini?: string;
}

/** The `[alembic]` section of an ini file: keys lower-cased, multi-line values joined with '\n'. */
export function readIniSection(text: string, section: string): Map<string, string> {
  const out = new Map<string, string>();
  let current: string | null = null;
  let key: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(raw) || raw.trim() === '') {
      if (raw.trim() === '') key = null;
      continue;
    }
    const sec = /^\s*\[([^\]]+)\]\s*$/.exec(raw);
    if (sec) {
      current = sec[1]!.trim();
      key = null;
      continue;
    }
    if (current !== section) continue;
    if (/^\s/.test(raw) && key !== null) {
      out.set(key, `${out.get(key)}\n${raw.trim()}`); // continuation line
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (!kv) continue;
    key = kv[1]!.trim().toLowerCase();
    out.set(key, kv[2]!.trim());
  }
  return out;
}

/** configparser interpolation: `%(here)s` (and other keys of the section), `%%` → `%`. */
function interpolate(value: string, vars: Map<string, string>, depth = 0): string {
  return value.replace(/%%|%\(([^)]+)\)s/g, (m, name: string | undefined) => {
    if (m === '%%') return '%';
    const v = vars.get(name!.toLowerCase());
    return v === undefined || depth > 5 ? m : interpolate(v, vars, depth + 1);
  });
}

/** Split version_locations the way Alembic does for each `version_path_separator` / `path_separator`. */
export function splitLocations(value: string, separator: string | undefined): string[] {
  const sep = separator?.trim();
  let parts: string[];
  if (sep === undefined || sep === '') parts = value.split(/, *| +|\n/);
  else if (sep === 'space') parts = value.split(/[ \n]+/);
  else if (sep === 'newline') parts = value.split('\n');
  else if (sep === 'os') parts = value.split(/\n/).flatMap((l) => l.split(path.delimiter));
  else parts = value.split(/\n/).flatMap((l) => l.split(sep));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** Stands for the repository root inside interpolated values, so `%(here)s/x` is not joined twice. */
const ROOT = '\u0000root';

/** Repo-relative form of a location written in alembic.ini (relative to the ini's directory). */
function repoPath(iniDir: string, p: string): string {
  if (p.startsWith(ROOT)) return repoPath('', p.slice(ROOT.length).replace(/^\/+/, ''));
  const spec = /^[\w.]+:[\w./-]+$/.test(p) && !/^[A-Za-z]:[\\/]/.test(p) ? p.replace(/^([\w.]+):/, (_m, pkg: string) => `${pkg.replace(/\./g, '/')}/`) : p;
  const joined = path.posix.normalize(path.posix.join(iniDir || '.', spec.replace(/\\/g, '/')));
  return joined === '.' ? '' : joined.replace(/\/$/, '');
}

const under = (dir: string): string => (dir ? `${dir}/` : '');

/** `[tool.alembic]` of a pyproject.toml (Alembic 1.16+) as the same keys an alembic.ini has. */
function readPyproject(text: string): Map<string, string> | null {
  let data: unknown;
  try {
    data = parseToml(text);
  } catch {
    return null;
  }
  const tool = (data as { tool?: { alembic?: Record<string, unknown> } }).tool?.alembic;
  if (!tool || typeof tool !== 'object') return null;
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tool)) {
    if (typeof v === 'string') out.set(k.toLowerCase(), v);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out.set(k.toLowerCase(), v.join('\n'));
  }
  if (Array.isArray(tool.version_locations)) out.set('path_separator', 'newline');
  return out;
}

/**
 * Find the revision directories for `dir`, which is the script directory (holding `versions/`) or
 * the versions directory itself. An alembic.ini (or a pyproject.toml with `[tool.alembic]`) in `dir`
 * or beside it whose script_location is that directory decides through `version_locations`;
 * otherwise `<script dir>/versions`.
 */
export async function alembicLayout(ws: Workspace, dir: string): Promise<AlembicLayout> {
  const d = dir.replace(/\/+$/, '').replace(/^\.\/?/, '');
  const hasUnder = (p: string): boolean => ws.files.some((f) => f.startsWith(under(p)));
  const isScriptDir = hasUnder(`${under(d)}versions`) || ws.has(`${under(d)}env.py`) || ws.has(`${under(d)}script.py.mako`);
  const scriptDir = isScriptDir ? d : d.includes('/') ? path.posix.dirname(d) : '';
  const parent = (p: string): string => (p.includes('/') ? path.posix.dirname(p) : '');
  const dirs = [...new Set([d, parent(d), scriptDir, parent(scriptDir)])];
  const candidates = dirs.flatMap((x) => [`${under(x)}alembic.ini`, `${under(x)}pyproject.toml`]);
  for (const file of candidates) {
    if (!ws.has(file)) continue;
    const text = await ws.readText(file);
    if (text === null) continue;
    const baseDir = file.includes('/') ? path.posix.dirname(file) : '';
    const vars = file.endsWith('.toml') ? readPyproject(text) : readIniSection(text, 'alembic');
    if (!vars) continue;
    vars.set('here', baseDir ? `${ROOT}/${baseDir}` : ROOT);
    const get = (k: string): string | undefined => {
      const v = vars.get(k);
      return v === undefined ? undefined : interpolate(v, vars);
    };
    const location = get('script_location');
    if (location === undefined || repoPath(baseDir, location) !== scriptDir) continue; // no environment, or another one's
    const locations = get('version_locations');
    if (locations) {
      const sep = get('path_separator') ?? get('version_path_separator');
      return { scriptDir, versionDirs: [...new Set(splitLocations(locations, sep).map((p) => repoPath(baseDir, p)))].sort(), ini: file };
    }
    return { scriptDir, versionDirs: [isScriptDir ? `${under(d)}versions` : d], ini: file };
  }
  return { scriptDir, versionDirs: [isScriptDir ? `${under(d)}versions` : d] };
}
