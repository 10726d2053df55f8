import type { EdgeKind } from '../graph/types.js';

/**
 * The seam every language of the import graph goes through (docs: "Adding a language"). A language
 * is one folder under src/lang/ exporting a `Language`: its file extensions, how to read ONE file
 * (a pure function of path and text, JSON-serialisable, so a cache keyed by the file's content can
 * keep it), and how the imports it read resolve in a tree (module naming, search roots, aliases).
 * What a file's facts are is stored once per file per run (src/lang/facts.ts) and read by the graph,
 * the map and route discovery.
 */

/** One import statement as written: where, what kind, the specifier; `names` for `from m import a, b`. */
export interface ImportStatement {
  /** 1-based line and column of the statement. */
  line: number;
  column: number;
  kind: EdgeKind;
  /** As written: `./b`, `@/lib/api`, `backend.services.audit`, `..models`. */
  specifier: string;
  /** Names imported from the specifier, when the language can load them as modules (Python `from m import n`). */
  names?: string[];
}

/** What reading one file gives: pure, JSON-serialisable. */
export interface FileReading {
  imports: ImportStatement[];
  /** Names bound at the top level of the module (definitions, exports), sorted, unique. */
  bindings: string[];
}

/** One import resolved to a file of the tree. */
export interface ImportFact {
  line: number;
  column: number;
  kind: EdgeKind;
  specifier: string;
  /** Repo-relative file the import loads. */
  target: string;
}

/** A file's facts: what it imports (resolved), what it binds, its module name. */
export interface FileFacts {
  language: string;
  imports: ImportFact[];
  /** Specifiers that named a module of the tree that does not exist (for diagnostics). */
  unresolved: { specifier: string; line: number }[];
  bindings: string[];
  /** The module's name where the language has one (Python: dotted). */
  moduleName?: string;
}

/** What a resolver may see of the tree: the file list and file texts (never outside the root). */
export interface SourceTree {
  readonly root: string;
  readonly files: readonly string[];
  readTextSync(file: string): string | null;
}

/** How the imports of a language resolve in one tree (built once per run and language). */
export interface Resolver {
  resolve(from: string, imp: ImportStatement): { targets: { to: string; specifier: string }[]; unresolved: string[] };
  moduleName?(file: string): string | undefined;
}

export interface Language {
  /** `python`, `javascript`: the folder's name. */
  name: string;
  /** File name endings that belong to the language (`.py`); the first matching language wins. */
  extensions: readonly string[];
  /** One file's imports and top-level bindings; pure; never throws on malformed code. */
  read(file: string, text: string): FileReading;
  /** How imports resolve in `tree`. */
  resolver(tree: SourceTree): Resolver;
}
