import { jsString, lexJs, type JsToken } from '../../config-values/lex/js.js';
import type { EdgeKind } from '../../graph/types.js';
import type { FileReading, ImportStatement } from '../types.js';
import { SFC_FILE, scriptView } from '../../graph/js-sfc.js';
import { analyzeJs } from './module.js';

/**
 * One JavaScript/TypeScript file read with our tokenizer (config-values/lex/js.ts: never from
 * strings, templates, comments or regular expressions): its import statements — `import … from`,
 * side-effect `import 'x'`, `import type` (type-only), `export … from` (re-export), `import()`
 * (dynamic), `require()` and `import x = require()` — and its top-level bindings (exports and
 * declarations, module.ts). Pure. The module graph itself is dependency-cruiser's (graph/js-cruise.ts),
 * which also sees imports used only as types; this reader is for what needs one file's imports
 * without a project (the map's wraps, route discovery).
 */
export function readJavaScript(file: string, source: string): FileReading {
  // A Vue/Svelte component: its script blocks, in place (lines and columns kept), and `<script src>`.
  const view = SFC_FILE.test(file) ? scriptView(file, source) : null;
  const text = view ? view.text : source;
  const m = analyzeJs(file, text);
  const imports = importsOf(m.tokens);
  if (view) {
    for (const s of view.srcImports) imports.push({ line: s.line, column: s.column, kind: 'static', specifier: s.specifier });
    imports.sort((a, b) => a.line - b.line || a.column - b.column);
  }
  return { imports, bindings: [...new Set([...m.imports.keys(), ...m.exports.keys(), ...m.decls.keys()])].sort() };
}

/** The module calls the global `fetch` (a call not of a member, with no `function fetch` of its own), read from tokens. */
export function callsGlobalFetch(text: string): boolean {
  if (!text.includes('fetch')) return false;
  const t = lexJs(text);
  let calls = false;
  for (let i = 0; i < t.length; i++) {
    if (t[i]!.type !== 'name' || t[i]!.text !== 'fetch') continue;
    const prev = t[i - 1]?.text;
    if (prev === 'function') return false;
    if (t[i + 1]?.text === '(' && prev !== '.' && prev !== '?.') calls = true;
  }
  return calls;
}

function importsOf(t: readonly JsToken[]): ImportStatement[] {
  const out: ImportStatement[] = [];
  const add = (at: JsToken, kind: EdgeKind, specifier: string) => out.push({ line: at.line, column: at.column, kind, specifier });
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if (x.type !== 'name' || t[i - 1]?.text === '.' || t[i - 1]?.text === '?.') continue;
    if (x.text === 'import') {
      const n = t[i + 1];
      if (n?.text === '(') {
        const s = jsString(t[i + 2]);
        if (s !== undefined && (t[i + 3]?.text === ')' || t[i + 3]?.text === ',')) add(x, 'dynamic', s);
        continue;
      }
      if (n?.text === '.') continue; // import.meta
      const direct = jsString(n);
      if (direct !== undefined && n!.type === 'string') {
        add(x, 'static', direct);
        continue;
      }
      const typeOnly = n?.text === 'type' && t[i + 2]?.text !== 'from' && t[i + 2]?.text !== ',' && t[i + 2]?.text !== '=';
      // `import x = require('y')`
      if (t[i + 2]?.text === '=' && t[i + 3]?.text === 'require' && t[i + 4]?.text === '(') {
        const s = jsString(t[i + 5]);
        if (s !== undefined) add(x, typeOnly ? 'type-only' : 'require', s);
        i += 5;
        continue;
      }
      const s = fromClause(t, i + 1);
      if (s) {
        add(x, typeOnly ? 'type-only' : 'static', s.spec);
        i = s.end;
      }
    } else if (x.text === 'export') {
      const n = t[i + 1];
      if (!(n?.text === '*' || n?.text === '{' || n?.text === 'type')) continue;
      const typeOnly = n.text === 'type';
      const s = fromClause(t, i + 1);
      if (s) {
        add(x, typeOnly ? 'type-only' : 're-export', s.spec);
        i = s.end;
      }
    } else if (x.text === 'require' && t[i + 1]?.text === '(' && t[i + 3]?.text === ')') {
      const s = jsString(t[i + 2]);
      if (s !== undefined && t[i + 2]!.type === 'string') add(x, 'require', s);
    }
  }
  return out;
}

/** From the token after `import`/`export`: the `from 'x'` that ends the clause, before a `;` or the next statement. */
function fromClause(t: readonly JsToken[], start: number): { spec: string; end: number } | null {
  let depth = 0;
  for (let j = start; j < t.length && j < start + 4000; j++) {
    const y = t[j]!;
    if (y.text === '{') depth++;
    else if (y.text === '}') depth--;
    else if (depth === 0 && y.text === ';') return null;
    else if (depth === 0 && y.text === 'from' && t[j + 1]?.type === 'string') return { spec: jsString(t[j + 1])!, end: j + 1 };
    else if (depth === 0 && j > start && (y.text === 'import' || y.text === 'export') && y.nl) return null;
  }
  return null;
}
