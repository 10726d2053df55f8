import type { SourcePos } from '../types.js';

/** A synthetic probe: `requests` calls of `method path`, `concurrency` at a time. */
export interface ProbeDef {
  method: string;
  path: string;
  requests: number;
  concurrency: number;
  timeoutMs: number;
  /** Status codes and classes (`2xx`) that count as success. */
  expect: (number | string)[];
  headers: Record<string, string>;
  body?: string;
  /** Where `path` is written in the SLO file. */
  pathPos: SourcePos;
}

export interface GaugeDef {
  method: string;
  path: string;
  json: string;
  max?: number;
  min?: number;
  samples: number;
  timeoutMs: number;
  headers: Record<string, string>;
  pathPos: SourcePos;
}

/** One SLO, from the native format or mapped from OpenSLO. */
export interface SloDef {
  id: string;
  title?: string;
  /** Percent of probes that must succeed. */
  availability?: number;
  /** Percentile name (`p95`, `max`) → upper bound in milliseconds. */
  latency?: Record<string, number>;
  probe?: ProbeDef;
  gauge?: GaugeDef;
  /** Where the SLO is declared. */
  pos: SourcePos;
}

export interface SloFile {
  /** Repo-relative path for findings (or the display path when outside the root). */
  file: string;
  display: string;
  format: 'native' | 'openslo';
  slos: SloDef[];
  /** Total request budget of a probe run. */
  maxRequests: number;
  /** Requests started per second, at most. */
  rate: number;
  /** What could not be mapped (OpenSLO) or is worth saying. */
  notes: string[];
}

export const DEFAULT_TIMEOUT_MS = 5000;
export const MAX_TIMEOUT_MS = 60_000;
export const DEFAULT_REQUESTS = 100;
export const DEFAULT_MAX_REQUESTS = 2000;
export const DEFAULT_RATE = 100;
