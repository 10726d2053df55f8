import type { GoalRisk } from '../types.js';
import { clip, codeSpan, mdText } from '../util/markdown.js';

const LEVEL_ICON = { error: '🔴', warning: '🟠', note: '🔵' } as const;
const SHOWN = 8;

/**
 * "At risk": one row per business goal that findings endanger (from the intelligence map), with
 * the guardrails that failed for it and its findings by level, most severe first.
 */
export function goalsSection(goals: readonly GoalRisk[]): string[] {
  if (goals.length === 0) return [];
  const out = ['### At risk', '', '| | Goal | Failing guardrails | Findings |', '|:-:|---|---|--:|'];
  for (const g of goals) {
    const name = g.title ? `**${mdText(clip(g.title, 300))}**<br>${codeSpan(g.id)}` : codeSpan(g.id);
    const shown = g.guardrails.slice(0, SHOWN).map((id) => codeSpan(id));
    if (g.guardrails.length > SHOWN) shown.push(`and ${g.guardrails.length - SHOWN} more`);
    const counts = (['error', 'warning', 'note'] as const).filter((l) => g.counts[l] > 0).map((l) => `${g.counts[l]} ${l}${g.counts[l] === 1 ? '' : 's'}`);
    out.push(`| ${LEVEL_ICON[g.level]} | ${name} | ${shown.join(', ')} | ${counts.join(', ')} |`);
  }
  out.push('');
  return out;
}
