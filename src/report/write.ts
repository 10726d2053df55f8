import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Write files all-or-nothing: each goes to a temporary sibling first and is renamed into place only
 * when every one was written, so a failure never leaves a half-written report behind.
 */
export async function writeAll(files: { path: string; content: string; append?: boolean }[]): Promise<void> {
  const staged: { tmp: string; dest: string }[] = [];
  try {
    for (const f of files) {
      await fs.mkdir(path.dirname(f.path), { recursive: true });
      if (f.append) continue; // appended after the others are in place
      const tmp = `${f.path}.${process.pid}.tmp`;
      await fs.writeFile(tmp, f.content);
      staged.push({ tmp, dest: f.path });
    }
  } catch (e) {
    await Promise.all(staged.map((s) => fs.rm(s.tmp, { force: true })));
    throw e;
  }
  for (const s of staged) await fs.rename(s.tmp, s.dest);
  for (const f of files) if (f.append) await fs.appendFile(f.path, f.content);
}
