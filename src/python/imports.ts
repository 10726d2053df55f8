import { dottedAt } from './spans.js';
import type { PyToken } from './tokens.js';

/**
 * The names an import statement binds, from its logical line's tokens: `import a.b as c, d` and
 * `from ..m import (x as y, z)`. (The import-graph scanner in src/graph reads imports on its own,
 * without tokens, for speed.)
 */
export interface ImportedName {
  /** Leading dots of a relative `from` import; 0 for absolute ones and for `import`. */
  level: number;
  /** The dotted module as written after the dots ('' for `from . import x`). */
  module: string;
  /** `from` imports: the name imported (`*` for a star import); `import` statements: null. */
  name: string | null;
  /** The name given with `as`, or null. */
  alias: string | null;
  line: number;
}

/** The imports of a logical line that is an `import` or `from … import` statement; [] for any other. */
export function importsOf(t: readonly PyToken[]): ImportedName[] {
  const head = t[0];
  if (head?.type !== 'name') return [];
  const line = head.line;
  const out: ImportedName[] = [];
  if (head.text === 'import') {
    for (let i = 1; i < t.length; ) {
      const d = dottedAt(t, i);
      if (!d) break;
      let j = d.end;
      let alias: string | null = null;
      if (t[j]?.text === 'as' && t[j + 1]?.type === 'name') {
        alias = t[j + 1]!.text;
        j += 2;
      }
      out.push({ level: 0, module: d.parts.join('.'), name: null, alias, line });
      if (t[j]?.text !== ',') break;
      i = j + 1;
    }
    return out;
  }
  if (head.text !== 'from') return [];
  let i = 1;
  let level = 0;
  while (t[i]?.type === 'op' && (t[i]!.text === '.' || t[i]!.text === '...')) level += t[i++]!.text.length;
  const d = t[i]?.text === 'import' ? null : dottedAt(t, i);
  if (d) i = d.end;
  if (t[i]?.text !== 'import' || (level === 0 && !d)) return [];
  const module = d ? d.parts.join('.') : '';
  for (i++; i < t.length; i++) {
    const x = t[i]!;
    if (x.type === 'op' && x.text === '*') out.push({ level, module, name: '*', alias: null, line });
    if (x.type !== 'name') continue;
    const as = t[i + 1]?.text === 'as' && t[i + 2]?.type === 'name' ? t[i + 2]!.text : null;
    out.push({ level, module, name: x.text, alias: as, line });
    if (as !== null) i += 2;
  }
  return out;
}
