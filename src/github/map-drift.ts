/**
 * The intelligence map compared with the code, for the drift report (mode: drift).
 *
 * MAP DIFF CALL SITE (issue 9): src/map/ does not export its diff yet. When it does
 * (`diffMapAgainstCode(...) → { changed, text, markdown }`), call it here and return
 * `{ changed, markdown }`; the drift report, the drift issue and the `map-drift` output use it as is.
 */
import { promises as fs } from 'node:fs';
import type { MapDriftPart } from '../report/drift.js';

export async function mapDriftOf(opts: { root: string; mapPath: string; mapDisplay: string }): Promise<MapDriftPart> {
  const exists = await fs.stat(opts.mapPath).then((s) => s.isFile(), () => false);
  if (!exists) return { skipped: `no intelligence map at ${opts.mapDisplay}` };
  return { skipped: 'this build cannot diff the intelligence map against the code yet' };
}
