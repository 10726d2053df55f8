import { confine, fence, type Fence } from '../util/confine.js';

/**
 * The CLI's fence (src/util/confine.ts): --root and the current folder. A path the user writes
 * outside both (`--sarif /tmp/x.sarif`) is their choice; a path inside them, and every default
 * path, must really stay inside: a symbolic link in the repository never redirects a read or a write.
 */
export function cliFence(root: string, cwd: string): Promise<Fence> {
  return fence([root, cwd], { name: '--root or the current folder', userMayLeave: true });
}

/** Refuse every file to read (the guardrails file, the map, …) that leads out of the fence. */
export async function confineReads(f: Fence, files: { path: string; display: string; what: string }[]): Promise<void> {
  for (const file of files) await confine(f, file.path, file.what, file.display);
}
