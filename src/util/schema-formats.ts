import { unsafeRepoPath } from './paths.js';
import { parseUserRegex } from './safe-regex.js';

/**
 * The custom JSON Schema formats of our schemas, in Ajv's format-definition shape. The precompiled
 * validators (`validators.generated.ts`) call these very functions: the code generator
 * (`scripts/validators.mjs`) compiles the schemas with them and writes a reference to this object,
 * not a copy of the functions.
 */
export const FORMATS = {
  /** A path or glob inside the repository (no `..`, no absolute path): see `unsafeRepoPath`. */
  'repo-glob': { type: 'string', validate: (s: string): boolean => unsafeRepoPath(s) === null },
  /** A pattern the configuration may use: JavaScript RegExp syntax, as `parseUserRegex` reads it. */
  regex: {
    type: 'string',
    validate: (s: string): boolean => {
      try {
        parseUserRegex(s);
        return true;
      } catch {
        return false;
      }
    },
  },
} as const;
