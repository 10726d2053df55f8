import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';
import { interpolated } from './env.js';
import { known, unknown, type Assignment, type ConfigValue, type Literal } from './types.js';

/** docker compose file names (compose.yaml, docker-compose.prod.yml, …). */
export function isComposeFile(file: string): boolean {
  return /(^|\/)(docker-)?compose(\.[\w.-]+)?\.ya?ml$/.test(file);
}

/**
 * Every key of every mapping in a YAML stream, with its full path. In compose files, `environment:`
 * lists (`- KEY=value`) are assignments too, and `${VAR:-default}` interpolation is applied.
 */
export function readYaml(file: string, text: string): Assignment[] {
  const lc = new LineCounter();
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: false, strict: false });
  } catch {
    return [];
  }
  if (!Array.isArray(docs)) return [];
  const compose = isComposeFile(file);
  const out: Assignment[] = [];
  const pos = (offset: number): { line: number; column: number } => {
    const p = lc.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const scalarValue = (n: Node): ConfigValue => {
    const src = n.range ? text.slice(n.range[0], n.range[1]).trim() : '';
    if (!isScalar(n)) return unknown(src);
    const v = n.value;
    if (typeof v === 'string') return compose ? interpolated(v, src) : known(v, src);
    if (typeof v === 'number' || typeof v === 'boolean' || v === null) return known(v, src);
    return known(String(v), src);
  };
  const valueOf = (n: Node | null | undefined): ConfigValue => {
    if (n === null || n === undefined) return known(null, '');
    if (isSeq(n)) {
      const items: Literal[] = [];
      for (const it of n.items as Node[]) {
        const v = scalarValue(it);
        if (!v.known) return unknown(rangeText(n));
        items.push(v.value);
      }
      return known(items, rangeText(n));
    }
    return scalarValue(n);
  };
  const rangeText = (n: Node): string => (n.range ? text.slice(n.range[0], n.range[1]).trim() : '');

  const walk = (n: Node | null | undefined, path: string[]): void => {
    if (!n || path.length > 200) return;
    if (isMap(n)) {
      for (const pair of n.items) {
        const k = pair.key as Node | null;
        if (!k || !isScalar(k) || k.value === null || typeof k.value === 'object') continue;
        const key = String(k.value);
        const v = pair.value as Node | null;
        const p = [...path, key];
        if (!isMap(v)) out.push({ key, path: p, file, ...pos(k.range?.[0] ?? 0), value: valueOf(v), source: compose ? 'compose' : 'yaml' });
        if (compose && key === 'environment' && isSeq(v)) environmentList(v, p);
        else walk(v, p);
      }
    } else if (isSeq(n)) {
      n.items.forEach((it, i) => walk(it as Node, [...path, String(i)]));
    }
  };
  const environmentList = (seq: Node, path: string[]): void => {
    if (!isSeq(seq)) return;
    for (const it of seq.items as Node[]) {
      if (!isScalar(it) || typeof it.value !== 'string') continue;
      const m = /^([^=\s]+)(?:=(.*))?$/s.exec(it.value);
      if (!m) continue;
      const value = m[2] === undefined ? unknown(`${m[1]} (from the host environment)`) : interpolated(m[2], m[2]);
      out.push({ key: m[1]!, path: [...path, m[1]!], file, ...pos(it.range?.[0] ?? 0), value, source: 'compose' });
    }
  };
  for (const d of docs) walk(d.contents as Node | null, []);
  return out;
}
