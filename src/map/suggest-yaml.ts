import type { Suggestion } from './suggest.js';

/** A guardrail written out as it is (a built-in default kept in the suggested file): its keys in order, and why it is there. */
export interface KeptGuardrail {
  reason: string;
  fields: [key: string, value: unknown][];
}

/**
 * Suggestions as a guardrails file, ready to run as it is or to paste under `guardrails:`: each
 * guardrail preceded by its one-line reason as a comment. `kept` guardrails (the built-in
 * defaults) come first, each with its own settings.
 */
export function suggestionsYaml(list: readonly Suggestion[], header: string[] = [], kept: readonly KeptGuardrail[] = []): string {
  const entries: KeptGuardrail[] = [
    ...kept,
    ...list.map((s) => ({ reason: s.reason, fields: [['id', s.id], ['title', s.title], ['check', s.check], ...Object.entries(s.options)] as [string, unknown][] })),
  ];
  const out = [...header.map((h) => `# ${oneLine(h)}`), 'version: 1', entries.length ? 'guardrails:' : 'guardrails: []'];
  for (const e of entries) {
    out.push(`  # ${oneLine(e.reason)}`);
    e.fields.forEach(([k, v], i) => {
      const lead = i === 0 ? '  - ' : '    ';
      if (k === 'layers' && Array.isArray(v)) {
        out.push(`${lead}${k}:`);
        for (const layer of v) out.push(`      - ${flow(layer)}`);
      } else {
        // id and check are kebab-case words (validated); everything else is quoted.
        out.push(`${lead}${k}: ${(k === 'id' || k === 'check') && typeof v === 'string' && /^[a-z0-9-]+$/.test(v) ? v : flow(v)}`);
      }
    });
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function oneLine(s: string): string {
  return s.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ');
}

function flow(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(String(v));
}
