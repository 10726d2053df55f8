export const REAL_TS_PACKAGES: string[];
export const REAL_CODE_DIR: string;
export function npmSrc(spec: string, opts: { cache?: string; fetch: false }): string | null;
export function npmSrc(spec: string, opts?: { cache?: string; fetch?: true }): string;
export function countTs(dir: string): number;
