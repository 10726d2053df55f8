// The file names of JavaScript/TypeScript, in one place (read by the graph, the resolvers, routes and the map).

/** JavaScript and TypeScript modules. */
export const SCRIPT_EXTENSIONS = ['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts'] as const;
/** Vue and Svelte components: their `<script>` blocks are read into the JavaScript graph. */
export const COMPONENT_EXTENSIONS = ['.vue', '.svelte'] as const;
/**
 * What an import without extension may name, in the order a resolver tries them (TypeScript
 * sources first, declarations, JavaScript, components, JSON).
 */
export const RESOLVE_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mts', '.cts', '.mjs', '.cjs', '.vue', '.svelte', '.json'] as const;

/** A JavaScript/TypeScript module or a Vue/Svelte component, by name. */
export function isJavaScriptFile(file: string): boolean {
  return SCRIPT_EXTENSIONS.some((e) => file.endsWith(e)) || COMPONENT_EXTENSIONS.some((e) => file.endsWith(e));
}
