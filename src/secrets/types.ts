/**
 * The vocabulary of secret scanning. Everything a scanner needs travels to worker threads as plain
 * data (structured clone), so rules are JSON: regular expressions are sources, checks are names.
 */

/** Extra judgement a rule asks for after its pattern matched (implemented in core.ts). */
export type RuleCheck =
  | 'github-checksum' // gh?_ tokens: the last 6 characters are the base62 CRC32 of the 30 before
  | 'jwt' // header and payload are base64url JSON, the header names an algorithm
  | 'generic' // a `password = "…"` style assignment: name and value judged together
  | 'value' // a literal value: not a variable reference, not a placeholder
  | 'db-password' // the password of a database URL: not a variable, not a default
  | 'private-key'; // a PEM/OpenSSH/PGP block with a real body

export interface RuleSpec {
  /** Stable id (gitleaks' id where there is an equivalent, so .gitleaksignore entries keep working). */
  id: string;
  /** What was found, for people: "GitHub personal access token". */
  description: string;
  /**
   * Lower-case literals; a rule runs only near one of them (the prefilter). A rule with neither
   * keywords nor anchors runs over every file.
   */
  keywords: string[];
  /**
   * What must follow a keyword for the prefilter to count it (a regular expression, checked as a
   * lookahead): generic rules ask for an assignment after the name the keyword is in.
   */
  gate?: string;
  /** Case-sensitive regular expressions used as prefilter keywords (for 2-letter prefixes like `SK`). */
  anchors?: string[];
  /** The pattern (JavaScript syntax). */
  regex: string;
  /** RegExp flags besides `g` (e.g. `i`, `s`). */
  flags?: string;
  /** The capture group that is the secret: a number, or 0 for the whole match; default: the last group that took part. */
  secretGroup?: number;
  /** The capture group holding the name a value was assigned to (generic rules). */
  nameGroup?: number;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number;
  check?: RuleCheck;
  /** How many leading characters of the secret are a public prefix that may be shown (`ghp_`, `AKIA`). */
  prefix?: number;
  /**
   * Where the pattern is tried, relative to a keyword found by the prefilter: `keyword` — the match
   * starts at the keyword (prefixed tokens); `name` — the keyword is inside a variable name, the
   * match starts at that name's first character; `window` — anywhere in the lines around the
   * keyword (the default, and for rules from a rules file: the whole file).
   */
  start?: 'keyword' | 'name' | 'window';
  /** The match may span lines (private keys, JSON key files): the window runs this far past the keyword. */
  multiline?: number;
  /** Only files whose path matches (a regex source, gitleaks `path`). */
  path?: string;
  /** Rule-local allowlists (gitleaks `[[rules.allowlists]]`). */
  allowlists?: AllowlistSpec[];
  /** Lower rank wins when two rules match overlapping text (the specific rule over the generic one). */
  rank?: number;
  /** True for rules read from a user's rules file (their regexes get a time budget). */
  custom?: boolean;
  /** Security severity of this kind of secret (0–10). */
  severity?: number;
}

/** An allowlist as gitleaks knows it; all lists optional. */
export interface AllowlistSpec {
  description?: string;
  /** OR (any list matches, the default) or AND (every list given matches). */
  condition?: 'OR' | 'AND';
  /** What `regexes` are matched against. */
  regexTarget?: 'secret' | 'match' | 'line';
  regexes?: string[];
  /** Path regular expressions (gitleaks) — matched against the repo-relative path. */
  paths?: string[];
  /** Substrings that, when found in the secret (case-insensitive), allow it. */
  stopwords?: string[];
  /** Rules an allowlist applies to (global gitleaks `[[allowlists]]` with `targetRules`). */
  targetRules?: string[];
}

/** What the scanner sends back for one match that passed the rule's own judgement. */
export interface Candidate {
  /** Index into the scan spec's rules. */
  rule: number;
  /** 1-based line and column of the secret's first character, and of its end (exclusive column). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  secret: string;
  /** The whole match (for allowlists with regexTarget = match), capped. */
  match: string;
  /** The line of the secret's start (for regexTarget = line), capped; only when a spec asks for it. */
  lineText?: string;
  entropy: number;
}

/** A unit of work: one file, or one chunk of a large one. */
export interface ScanItem {
  file: string;
  /** Line number of the first line of this text, minus one. */
  lineBase: number;
  /** Characters before the text on its first line (a chunk cut inside a very long line). */
  columnBase: number;
  /** Only matches that start before this character offset belong to this item (chunk overlap). */
  reportBefore: number;
}

export interface ScanSpec {
  rules: RuleSpec[];
  /** Return the line text with candidates (some allowlist targets the line). */
  wantLine: boolean;
}

export interface ItemResult {
  file: string;
  binary: boolean;
  candidates: Candidate[];
}
