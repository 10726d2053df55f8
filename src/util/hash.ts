import { createHash } from 'node:crypto';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A short, stable hash for fingerprints: 32 hex characters of SHA-256 over the parts. */
export function fingerprintOf(...parts: string[]): string {
  return sha256(parts.join('\u0000')).slice(0, 32);
}
