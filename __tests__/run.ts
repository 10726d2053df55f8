import path from 'node:path';
import { run, type EngineOptions } from '../src/engine.js';
import type { Report } from '../src/types.js';
import { tmpRepo } from './helpers.js';

/** Run the engine on a temp repo made of `files` with `yaml` as its guardrails file. */
export async function runOn(files: Record<string, string | Buffer>, yaml: string | null, opts: Partial<EngineOptions> = {}): Promise<{ report: Report; root: string }> {
  const root = tmpRepo({ ...files, ...(yaml === null ? {} : { 'infra/selfcheck/guardrails.yaml': yaml }) });
  const report = await runIn(root, opts);
  return { report, root };
}

export async function runIn(root: string, opts: Partial<EngineOptions> = {}): Promise<Report> {
  const cfg = path.join(root, 'infra/selfcheck/guardrails.yaml');
  return run({ root, config: { path: cfg, display: 'infra/selfcheck/guardrails.yaml', explicit: false }, env: { PATH: process.env.PATH }, ...opts });
}
