/** What the config-value readers find: where a key gets a value, in any supported source. */

export type Scalar = string | number | boolean | null;
export type Literal = Scalar | Literal[];

/**
 * A value as read statically: `known` when it is a literal (or a literal fallback such as the
 * default of `os.getenv("K", "x")` or `process.env.K ?? "x"`), otherwise only its source text.
 */
export type ConfigValue = { known: true; value: Literal; text: string } | { known: false; text: string };

export type ConfigSource = 'env' | 'yaml' | 'compose' | 'json' | 'toml' | 'ini' | 'python' | 'javascript';

export interface Assignment {
  /** The key as written (the last segment of `path` for nested formats). */
  key: string;
  /** Full key path in nested formats (YAML, JSON, TOML, INI sections); `[key]` elsewhere. */
  path: string[];
  file: string;
  line: number;
  column: number;
  value: ConfigValue;
  source: ConfigSource;
  /** Other names the setting is read by (a pydantic-settings field: its env_prefix + name, its alias). */
  aliases?: string[];
}

export function known(value: Literal, text: string): ConfigValue {
  return { known: true, value, text };
}

export function unknown(text: string): ConfigValue {
  return { known: false, text };
}
