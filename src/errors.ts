/**
 * Failures a user can cause. Each carries where it happened; the doors print them as one line
 * (file:line:column: message) and exit 2. Anything else reaching a door is a bug.
 */
export class UserError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly hint?: string;

  constructor(message: string, where: { file?: string; line?: number; column?: number; hint?: string } = {}) {
    super(message);
    this.name = 'UserError';
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.hint = where.hint;
  }

  /** `file:line:column: message (hint)` — the one line a user sees. */
  format(): string {
    let where = '';
    if (this.file) {
      where = this.file;
      if (this.line) where += `:${this.line}`;
      if (this.line && this.column) where += `:${this.column}`;
      where += ': ';
    }
    return `${where}${this.message}${this.hint ? `\n  hint: ${this.hint}` : ''}`;
  }
}

/** A configuration file is wrong (exit 2). */
export class ConfigError extends UserError {
  constructor(message: string, where: { file?: string; line?: number; column?: number; hint?: string } = {}) {
    super(message, where);
    this.name = 'ConfigError';
  }
}

/** The command line or the Action inputs are wrong (exit 2). */
export class UsageError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, { hint });
    this.name = 'UsageError';
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
