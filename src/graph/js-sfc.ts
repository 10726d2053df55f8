import { statSync } from 'node:fs';
import { RESOLVE_EXTENSIONS } from '../lang/javascript/extensions.js';
import path from 'node:path';
import type { Alias } from './tsconfig.js';

/**
 * Vue and Svelte single-file components in the JavaScript graph, without their compilers: the
 * `<script>` / `<script setup>` / `<script context="module">` blocks are kept in place and
 * everything else (template, style, markup) is blanked to spaces, so TypeScript parses the
 * scripts with the lines and columns of the file. Their imports are resolved here with the same
 * aliases (tsconfig `paths`, workspace packages) and extensions the cruise uses.
 */
export const SFC_FILE = /\.(vue|svelte)$/;

export interface ScriptView {
  /** The file's text with everything but its script blocks blanked. */
  text: string;
  /** A file name whose extension tells TypeScript the blocks' language. */
  fileName: string;
  /** `<script src="…">`: an import of that file (line, column). */
  srcImports: { specifier: string; line: number; column: number }[];
}

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

export function scriptView(file: string, source: string): ScriptView {
  const keep: [number, number][] = [];
  const srcImports: ScriptView['srcImports'] = [];
  let lang = 'js';
  for (const m of source.matchAll(SCRIPT)) {
    const attrs = m[1] ?? '';
    const l = /\blang\s*=\s*["']?(tsx?|jsx?)["'\s>]?/i.exec(attrs)?.[1]?.toLowerCase();
    if (l && (l.startsWith('ts') || lang === 'js')) lang = l;
    const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(attrs)?.[1];
    if (src) {
      const { line, column } = position(source, m.index!);
      srcImports.push({ specifier: src.startsWith('.') || src.startsWith('/') ? src : `./${src}`, line, column });
    }
    const start = m.index! + m[0].indexOf('>') + 1;
    keep.push([start, start + (m[2]?.length ?? 0)]);
  }
  let text = '';
  let at = 0;
  for (const [s, e] of keep) {
    text += blank(source.slice(at, s)) + source.slice(s, e);
    at = e;
  }
  text += blank(source.slice(at));
  return { text, fileName: `${file}.${lang}`, srcImports };
}

function blank(s: string): string {
  return s.replace(/[^\n\r]/g, ' ');
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}

/** What the simple resolver needs of a project: its aliases (tsconfig paths first) and baseUrl, repo-relative. */
export interface ResolveSpec {
  aliases: Alias[];
  baseUrl: string | null;
}

const TRY_EXT = RESOLVE_EXTENSIONS;

/**
 * Resolves an import of a component to a repo-relative file, or null (a package, or nothing
 * there). Only regular files inside the root are answers: every candidate is checked with a
 * path that cannot leave the root, and the caller keeps only files the workspace lists.
 */
export function resolveSpecifier(root: string, from: string, specifier: string, spec: ResolveSpec): string | null {
  const spec0 = specifier.split('?')[0]!;
  const candidates: string[] = [];
  if (spec0.startsWith('./') || spec0.startsWith('../') || spec0 === '.' || spec0 === '..') {
    candidates.push(path.posix.join(path.posix.dirname(from), spec0));
  } else if (spec0.startsWith('/')) {
    return null;
  } else {
    for (const a of spec.aliases) {
      const hit = matchAlias(a, spec0);
      if (hit === null) continue;
      // every matching alias in order (a subpath's build output may be missing; its folder is not)
      for (const t of a.targets) candidates.push(t.replace('*', hit));
    }
    if (candidates.length === 0 && spec.baseUrl !== null) candidates.push(path.posix.join(spec.baseUrl || '.', spec0));
  }
  for (const c of candidates) {
    const n = path.posix.normalize(c);
    if (n === '..' || n.startsWith('../') || path.posix.isAbsolute(n)) continue;
    const hit = firstFile(root, n);
    if (hit) return hit;
  }
  return null;
}

function matchAlias(a: Alias, specifier: string): string | null {
  if (a.exact) return specifier === a.name ? '' : null;
  const star = a.name.indexOf('*');
  const pre = a.name.slice(0, star);
  const post = a.name.slice(star + 1);
  if (specifier.length >= pre.length + post.length && specifier.startsWith(pre) && specifier.endsWith(post)) return specifier.slice(pre.length, specifier.length - post.length);
  return null;
}

function firstFile(root: string, p: string): string | null {
  const tries = [p, ...TRY_EXT.map((e) => p + e)];
  // `./x.js` written for `./x.ts` (NodeNext, Vite)
  const js = /\.(m|c)?js$/.exec(p);
  if (js) tries.push(...['.ts', '.tsx', '.mts', '.cts'].map((e) => p.slice(0, -js[0].length) + e));
  tries.push(...TRY_EXT.map((e) => `${p}/index${e}`));
  for (const t of tries) if (isFile(root, t)) return t;
  return null;
}

function isFile(root: string, rel: string): boolean {
  try {
    return statSync(path.join(root, rel), { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}
