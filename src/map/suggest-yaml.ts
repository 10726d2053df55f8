import type { Suggestion } from './suggest.js';

/**
 * Suggestions as a guardrails file, ready to run as it is or to paste under `guardrails:`: each
 * guardrail preceded by its one-line reason as a comment.
 */
export function suggestionsYaml(list: readonly Suggestion[], header: string[] = []): string {
  const out = [...header.map((h) => `# ${h}`), 'version: 1', list.length ? 'guardrails:' : 'guardrails: []'];
  for (const s of list) {
    out.push(`  # ${s.reason.replace(/\n/g, ' ')}`, `  - id: ${s.id}`, `    title: ${JSON.stringify(s.title)}`, `    check: ${s.check}`);
    for (const [k, v] of Object.entries(s.options)) {
      if (k === 'layers' && Array.isArray(v)) {
        out.push(`    ${k}:`);
        for (const layer of v) out.push(`      - ${flow(layer)}`);
      } else {
        out.push(`    ${k}: ${flow(v)}`);
      }
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function flow(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(String(v));
}
