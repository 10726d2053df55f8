import { sha256 } from '../util/hash.js';

/**
 * Redaction for everything that leaves the scanner: messages, properties, logs. A secret is shown
 * as at most its public prefix (`AKIA…`, `ghp_…`), never more than half of it; its identity is a
 * hash, so fingerprints and allowlists work without ever storing the value.
 */

/** The longest prefix ever shown. */
export const MAX_SHOWN_PREFIX = 24;

/** `ghp_…` for a secret whose first `prefix` characters are a public marker; `…` otherwise. */
export function redact(secret: string, prefix = 0): string {
  const n = Math.max(0, Math.min(prefix, MAX_SHOWN_PREFIX, Math.floor(secret.length / 2)));
  return `${secret.slice(0, n)}…`;
}

/** A stable, non-reversible name of a secret: 32 hex characters of its SHA-256. */
export function secretHash(secret: string): string {
  return sha256(secret).slice(0, 32);
}

/**
 * Replace every occurrence of the given secrets in a text by their redaction: for writers that pass
 * on text a secret may have reached (a command's output, a log line).
 */
export function redactText(text: string, secrets: Iterable<{ value: string; prefix?: number } | string>): string {
  const list = [...secrets]
    .map((s) => (typeof s === 'string' ? { value: s, prefix: 0 } : { value: s.value, prefix: s.prefix ?? 0 }))
    .filter((s) => s.value.length >= 4)
    .sort((a, b) => b.value.length - a.value.length);
  let out = text;
  for (const s of list) if (out.includes(s.value)) out = out.split(s.value).join(redact(s.value, s.prefix));
  return out;
}
