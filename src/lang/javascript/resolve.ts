import { jsProjects, type Project } from '../../graph/javascript.js';
import { resolveSpecifier } from '../../graph/js-sfc.js';
import type { ImportStatement, Resolver, SourceTree } from '../types.js';

/** Where a JavaScript module's imports resolve: relative paths, then its project's tsconfig `paths`/`baseUrl`, workspace packages and `@/` `~/` conventions. */
export interface JsResolver extends Resolver {
  /** The repository file `specifier` names from `from`, or null (a package, nothing there). */
  file(from: string, specifier: string): string | null;
}

/** Resolution through the same projects as the graph (graph/javascript.ts `jsProjects`). */
export function javascriptResolver(tree: SourceTree, isSource: (file: string) => boolean): JsResolver {
  let byFile: Map<string, Project> | undefined;
  const listed = new Set(tree.files);
  const projectOf = (file: string): Project | undefined => {
    if (!byFile) {
      byFile = new Map();
      for (const p of jsProjects(tree, tree.files.filter(isSource))) for (const f of p.files) byFile.set(f, p);
    }
    return byFile.get(file);
  };
  const file = (from: string, specifier: string): string | null => {
    const spec = projectOf(from)?.job.resolve ?? { aliases: [], baseUrl: null };
    const to = resolveSpecifier(tree.root, from, specifier, spec);
    return to !== null && listed.has(to) ? to : null;
  };
  return {
    file,
    resolve(from: string, imp: ImportStatement) {
      const to = file(from, imp.specifier);
      return { targets: to !== null && to !== from ? [{ to, specifier: imp.specifier }] : [], unresolved: [] };
    },
  };
}
