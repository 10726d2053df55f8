/**
 * The one door to dependency-cruiser: no other module in src/ imports it.
 *
 * From source (vitest, tsc) the two specifiers below are the real package.
 * In dist/, scripts/bundle.mjs rewrites both to the external file
 * `./vendor/depcruise.mjs`, a separate bundle of dependency-cruiser + TypeScript
 * (about 10 MB) that dist/index.js and dist/cli.js share and only load when a
 * JavaScript graph is needed, so `living-architecture --version` stays fast.
 * The vendor file exports `cruise`, `getAvailableTranspilers` and
 * `extractTSConfig` by name; the package's extract-ts-config module exports it
 * as `default`. Both shapes are handled below.
 */
import type { ICruiseOptions, IReporterOutput, IResolveOptions, ITranspileOptions } from 'dependency-cruiser';
import type { ParsedCommandLine } from 'typescript';

export type CruiseFn = (fileAndDirectoryArray: string[], cruiseOptions?: ICruiseOptions, resolveOptions?: Partial<IResolveOptions>, transpileOptions?: ITranspileOptions) => Promise<IReporterOutput>;

/** Reads a tsconfig (following `extends`) into what `transpileOptions.tsConfig` expects. */
export type ExtractTSConfigFn = (tsConfigFileName: string) => ParsedCommandLine;

export interface Depcruise {
  cruise: CruiseFn;
  extractTSConfig: ExtractTSConfigFn;
  /** e.g. "typescript@5.9.3": what parses .ts files (for diagnostics). */
  typescriptVersion: string;
  /** The TypeScript compiler API: the same copy dependency-cruiser parses with. */
  ts: TypeScriptApi;
}

export type TypeScriptApi = typeof import('typescript');

let loading: Promise<Depcruise> | undefined;

/** dependency-cruiser's API, loaded once on first use and cached. */
export function loadDepcruise(): Promise<Depcruise> {
  loading ??= importDepcruise().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** dependency-cruiser's `cruise`, loaded once on first use and cached. */
export async function loadCruise(): Promise<CruiseFn> {
  return (await loadDepcruise()).cruise;
}

async function importDepcruise(): Promise<Depcruise> {
  const [main, tsConfigModule, tsModule] = await Promise.all([import('dependency-cruiser'), import('dependency-cruiser/config-utl/extract-ts-config'), import('typescript')]);
  // Bundled, all three are the vendor file, which exports `typescript` by name; from source it is
  // the package's default export.
  const ts = ((tsModule as { typescript?: TypeScriptApi }).typescript ?? (tsModule as unknown as { default?: TypeScriptApi }).default ?? tsModule) as TypeScriptApi;
  const extractTSConfig = (tsConfigModule as { extractTSConfig?: ExtractTSConfigFn }).extractTSConfig ?? tsConfigModule.default;

  // Without TypeScript dependency-cruiser does not fail: it silently skips
  // every .ts/.tsx file. Refuse to run in that state.
  const typescript = main.getAvailableTranspilers().find((transpiler) => transpiler.name === 'typescript');
  if (!typescript?.available) {
    throw new Error('dependency-cruiser cannot load TypeScript, so it would silently skip .ts files; ' + 'the bundle in dist/ is broken (rebuild it with `npm run bundle`).');
  }
  return {
    cruise: main.cruise as CruiseFn,
    extractTSConfig,
    typescriptVersion: typescript.currentVersion,
    ts,
  };
}
