import { resolveImport, type PyLayout } from '../../graph/python-resolve.js';
import { treeLayout } from '../../graph/python-tree.js';
import type { ImportStatement, Language, Resolver, SourceTree } from '../types.js';
import { readPython, toPyImport } from './read.js';

/**
 * Python: `.py` and `.pyi`. Reading is graph/python-scan.ts (tokens, import contexts); resolution
 * and module naming are graph/python-resolve.ts over the tree's inferred source roots
 * (python-roots.ts). The whole-tree and on-demand graph is graph/python.ts.
 */
export const python: Language = {
  name: 'python',
  extensions: ['.py', '.pyi'],
  read: readPython,
  resolver: (tree: SourceTree) => pythonResolver(treeLayout(tree)),
};

/** Resolution over a layout (the inferred one, or one with explicit `python-roots`). */
export function pythonResolver(layout: PyLayout): Resolver {
  return {
    resolve(from: string, imp: ImportStatement) {
      const r = resolveImport(layout, from, toPyImport(imp));
      return { targets: r.edges, unresolved: r.unresolved };
    },
    moduleName: (file) => layout.moduleNames.get(file),
  };
}
