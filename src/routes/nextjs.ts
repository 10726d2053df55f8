import { lexJs } from '../config-values/lex/js.js';
import type { Workspace } from '../workspace/workspace.js';
import type { Route } from './types.js';

/**
 * Next.js routes from the file system:
 * - app router: `app/**\/route.(ts|js|…)` exporting GET, POST, … (`export async function GET`,
 *   `export const POST = …`, `export { handler as GET }`); route groups `(group)` and parallel
 *   slots `@slot` take no path segment; `_private` folders are not routed;
 * - pages router: `pages/api/**` (every method: `ALL`), `index` naming its folder.
 * `app` and `pages` are found next to a `next.config.*` or `package.json`, or under `src/` there
 * (at the top of a repository without either, `app/` and `src/app/`).
 */

const EXT = '(?:ts|tsx|js|jsx|mjs|mts|cjs|cts)';
const APP_ROUTE = new RegExp(`(?:^|/)app/(?:.+/)?route\\.${EXT}$`);
const PAGES_API = new RegExp(`(?:^|/)pages/api/.+\\.${EXT}$`);
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);

export async function discoverNext(ws: Workspace, jsFiles: readonly string[]): Promise<Route[]> {
  const files = jsFiles.filter((f) => !/\.d\.[cm]?ts$/.test(f) && !/\.(test|spec)\.[^/]+$/.test(f) && !f.includes('/__tests__/') && (APP_ROUTE.test(f) || PAGES_API.test(f)));
  return files.flatMap((f) => routesOf(ws, f));
}

function routesOf(ws: Workspace, file: string): Route[] {
  const app = APP_ROUTE.test(file) ? routerDir(ws, file, 'app') : null;
  if (app !== null) {
    const path = urlOf(
      file
        .slice(app.length + 1)
        .split('/')
        .slice(0, -1),
    );
    const text = path === null ? null : ws.readTextSync(file);
    if (path === null || text === null) return [];
    return exportedMethods(text).map(([method, line]) => ({ method, path, file, line, framework: 'nextjs' }));
  }
  const pages = PAGES_API.test(file) ? routerDir(ws, file, 'pages') : null;
  if (pages === null) return [];
  const rel = file
    .slice(pages.length + 1)
    .replace(/\.[^./]+$/, '')
    .split('/');
  if (rel[rel.length - 1] === 'index') rel.pop();
  const path = urlOf(rel);
  const text = path === null ? null : ws.readTextSync(file);
  if (path === null || text === null || !/export\s+default|module\.exports/.test(text)) return [];
  return [{ method: 'ALL', path, file, line: defaultExportLine(text), framework: 'nextjs' }];
}

/** The `app` / `pages` directory of a Next.js project that contains `file`, or null. */
function routerDir(ws: Workspace, file: string, name: 'app' | 'pages'): string | null {
  const parts = file.split('/');
  for (let i = 0; i < parts.length - 1; i++) {
    if (parts[i] !== name) continue;
    const dir = parts.slice(0, i + 1).join('/');
    const parent = parts.slice(0, i).join('/');
    const project = parts[i - 1] === 'src' ? parts.slice(0, i - 1).join('/') : parent;
    if (isNextProject(ws, project)) return dir;
  }
  // A bare repository without package.json: only a top-level app/ (or src/app/) counts.
  if (parts[0] === name) return name;
  if (parts[0] === 'src' && parts[1] === name) return `src/${name}`;
  return null;
}

function isNextProject(ws: Workspace, dir: string): boolean {
  const p = dir ? `${dir}/` : '';
  return ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs', 'package.json'].some((f) => ws.has(p + f));
}

/** URL path of folder segments, or null when a segment opts out of routing. */
function urlOf(segments: readonly string[]): string | null {
  const out: string[] = [];
  for (const s of segments) {
    if (s.startsWith('_')) return null;
    if (/^\(\.{1,3}\)/.test(s)) return null; // intercepting routes
    if (/^\(.*\)$/.test(s) || s.startsWith('@')) continue;
    out.push(s.replace(/^%5F/i, '_'));
  }
  return `/${out.join('/')}`;
}

/** The HTTP methods a route module exports, with their lines. */
export function exportedMethods(text: string): [string, number][] {
  const t = lexJs(text);
  const out = new Map<string, number>();
  for (let i = 0; i < t.length; i++) {
    if (t[i]!.text !== 'export' || t[i - 1]?.text === '.') continue;
    let k = i + 1;
    if (t[k]?.text === 'async') k++;
    if (t[k]?.text === 'function' && METHODS.has(t[k + 1]?.text ?? '')) out.set(t[k + 1]!.text, t[i]!.line);
    else if ((t[k]?.text === 'const' || t[k]?.text === 'let' || t[k]?.text === 'var') && METHODS.has(t[k + 1]?.text ?? '')) out.set(t[k + 1]!.text, t[i]!.line);
    else if (t[k]?.text === '{') {
      for (let j = k + 1; j < t.length && t[j]!.text !== '}'; j++) {
        const name = t[j + 1]?.text === 'as' ? t[j + 2]?.text : t[j]!.text;
        if (t[j + 1]?.text === 'as') j += 2;
        if (name && METHODS.has(name) && !out.has(name)) out.set(name, t[j]!.line);
      }
    }
  }
  return [...out.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
}

function defaultExportLine(text: string): number {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => /^\s*export\s+default\b|module\.exports\s*=/.test(l));
  return i < 0 ? 1 : i + 1;
}
