import { languageOf, languages } from './index.js';
import type { FileFacts, FileReading, Language, Resolver, SourceTree } from './types.js';

/**
 * Per-file facts of a tree, stored once per file per run: what the file imports (resolved to files
 * of the tree), what it binds at the top level, its module name. Reading a file is its language's
 * pure `read` (path + text → JSON), so a cache keyed by the file's content (git blob id) can wrap
 * it; resolution needs the tree and is done here, once per language and run.
 */
export class FileFactsStore {
  private readonly readings = new Map<string, FileReading | null>();
  private readonly facts = new Map<string, FileFacts | null>();
  private readonly resolvers = new Map<string, Resolver>();

  constructor(private readonly tree: SourceTree) {}

  /** The file's imports as written and its bindings; null when it is of no language or unreadable. */
  reading(file: string): FileReading | null {
    let r = this.readings.get(file);
    if (r !== undefined) return r;
    const lang = languageOf(file);
    const text = lang ? this.tree.readTextSync(file) : null;
    r = lang && text !== null ? lang.read(file, text) : null;
    this.readings.set(file, r);
    return r;
  }

  /** The file's facts, its imports resolved; null when it is of no language or unreadable. */
  factsOf(file: string): FileFacts | null {
    let f = this.facts.get(file);
    if (f !== undefined) return f;
    const lang = languageOf(file);
    const reading = lang ? this.reading(file) : null;
    if (!lang || !reading) {
      this.facts.set(file, null);
      return null;
    }
    const resolver = this.resolver(lang);
    f = { language: lang.name, imports: [], unresolved: [], bindings: reading.bindings };
    const name = resolver.moduleName?.(file);
    if (name !== undefined) f.moduleName = name;
    for (const imp of reading.imports) {
      const r = resolver.resolve(file, imp);
      for (const t of r.targets) f.imports.push({ line: imp.line, column: imp.column, kind: imp.kind, specifier: t.specifier, target: t.to });
      for (const specifier of r.unresolved) f.unresolved.push({ specifier, line: imp.line });
    }
    this.facts.set(file, f);
    return f;
  }

  /** The files of the tree that belong to `lang`. */
  filesOf(lang: Language): string[] {
    return this.tree.files.filter((f) => languageOf(f) === lang);
  }

  resolver(lang: Language): Resolver {
    let r = this.resolvers.get(lang.name);
    if (!r) this.resolvers.set(lang.name, (r = lang.resolver(this.tree)));
    return r;
  }
}

const stores = new WeakMap<readonly string[], FileFactsStore>();

/** The store of a tree (a run's workspace): one per file list, shared by every reader. */
export function fileFacts(tree: SourceTree): FileFactsStore {
  let s = stores.get(tree.files);
  if (!s) stores.set(tree.files, (s = new FileFactsStore(tree)));
  return s;
}

export { languages };
