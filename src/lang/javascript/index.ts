import type { Language, SourceTree } from '../types.js';
import { readJavaScript } from './read.js';
import { javascriptResolver } from './resolve.js';
import { COMPONENT_EXTENSIONS, isJavaScriptFile, SCRIPT_EXTENSIONS } from './extensions.js';

export { COMPONENT_EXTENSIONS, isJavaScriptFile, RESOLVE_EXTENSIONS, SCRIPT_EXTENSIONS } from './extensions.js';

/**
 * JavaScript/TypeScript (and Vue/Svelte components). The module graph is dependency-cruiser's,
 * per project (graph/javascript.ts); one file's imports and bindings are read with our tokenizer
 * (read.ts) and resolved through the same tsconfig `paths` logic as the graph (resolve.ts).
 */
export const javascript: Language = {
  name: 'javascript',
  extensions: [...SCRIPT_EXTENSIONS, ...COMPONENT_EXTENSIONS],
  read: readJavaScript,
  resolver: (tree: SourceTree) => javascriptResolver(tree, isJavaScriptFile),
};
