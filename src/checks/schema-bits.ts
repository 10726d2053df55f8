import type { JsonSchema } from './types.js';

/** Glob(s) relative to the repository root; a single string is accepted for a one-item list. */
export function globs(description: string): JsonSchema {
  return {
    description,
    type: ['string', 'array'],
    format: 'repo-glob',
    items: { type: 'string', format: 'repo-glob', minLength: 1 },
  };
}

/** Regular expression(s): JavaScript syntax, a leading `(?i)` accepted. */
export function regexes(description: string): JsonSchema {
  return {
    description,
    type: ['string', 'array'],
    format: 'regex',
    items: { type: 'string', format: 'regex' },
  };
}

/** A list-or-single option as a list. */
export function asList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.map(String) : [String(v)];
}
