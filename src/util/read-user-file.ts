import { promises as fs } from 'node:fs';
import { ConfigError } from '../errors.js';

/**
 * Read a file the user keeps (guardrails, map, SLO monitors, baseline). A missing file is null when
 * it is optional (the default path: the feature is skipped or defaulted) and a ConfigError when the
 * user named it; a directory or an unreadable file is always a ConfigError naming the file.
 */
export async function readUserFile(absPath: string, display: string, opts: { optional: boolean; what: string; skipHint: string }): Promise<string | null> {
  try {
    return await fs.readFile(absPath, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      if (opts.optional) return null;
      throw new ConfigError(`${opts.what} not found`, { file: display, hint: `check the path, or leave the option out ${opts.skipHint}` });
    }
    if (code === 'EISDIR') throw new ConfigError(`is a directory, not ${/^[aeiou]/i.test(opts.what) ? 'an' : 'a'} ${opts.what}`, { file: display });
    throw new ConfigError(`cannot be read: ${(e as Error).message}`, { file: display });
  }
}
