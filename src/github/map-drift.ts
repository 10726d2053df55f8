/** The intelligence map compared with the code, for the drift report (mode: drift). */
import { loadConfig } from '../config/load.js';
import { diffMapAgainstCode } from '../map/api.js';
import type { MapDriftPart } from '../report/drift.js';

/**
 * `map diff` on the repository (src/map/), honouring the guardrails file's `exclude` as the
 * guardrails run did. No map: skipped with the reason. An invalid map has already stopped the
 * run with a ConfigError when the engine loaded it.
 */
export async function mapDriftOf(opts: {
  root: string;
  mapPath: string;
  mapDisplay: string;
  configPath: string;
  configDisplay: string;
  configExplicit: boolean;
  log?: (m: string) => void;
}): Promise<MapDriftPart> {
  const config = await loadConfig(opts.configPath, opts.configDisplay, { optional: !opts.configExplicit });
  const r = await diffMapAgainstCode(opts.root, opts.mapPath, { display: opts.mapDisplay, exclude: config.exclude, ...(opts.log ? { log: opts.log } : {}) });
  if (r.missing) return { skipped: `no intelligence map at ${opts.mapDisplay}` };
  return { changed: r.changed, markdown: r.markdown };
}
