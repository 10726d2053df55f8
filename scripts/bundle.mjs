#!/usr/bin/env node
/**
 * Builds dist/: the Action (index.js), the CLI (cli.js, a Node.js version check
 * that then starts git early with cli-prefetch.js and loads cli-main.js) and one shared, lazily loaded vendor file
 * (vendor/depcruise.mjs = dependency-cruiser + TypeScript).
 *
 *   node scripts/bundle.mjs [--outdir DIR]      (default: dist)
 *
 * Why esbuild and not ncc (the spec's default):
 * - dependency-cruiser 18 cannot be bundled as published. It finds TypeScript
 *   and its reporters through import(variable), and acorn/package manifests
 *   through createRequire(import.meta.url). In a bundle those resolve against
 *   dist/ at run time, so without node_modules they fail, and TypeScript's
 *   failure is swallowed: .ts files are silently skipped. The code has to be
 *   patched. esbuild's onLoad hook patches the pristine files in memory at build
 *   time, and every patch must match its site exactly once, or the build
 *   fails with the file, site and dependency-cruiser version. ncc (webpack) has no
 *   such hook: we would need patch-package on node_modules plus ncc's own
 *   handling of the same sites, where webpack turns import(variable) into an
 *   always-failing context. Tried with ncc 0.45 on dependency-cruiser 18.7.2:
 *   the build succeeds with no error, leaves TypeScript out (2.4 MB in 11
 *   chunks), and in a clean dir fails at run time with "Cannot find module
 *   'acorn'".
 * - The ~10 MB vendor code must be a separate file that index.js and cli.js
 *   share and load only when a JS graph is needed, so `--version` stays fast.
 *   With esbuild that is an onResolve rule that rewrites dependency-cruiser to
 *   the external "./vendor/depcruise.mjs". The same rule fails the build if
 *   anything other than src/graph/depcruise.ts imports dependency-cruiser or
 *   typescript, or imports it statically. ncc builds each entry as its own
 *   world, so the vendor would be duplicated or need hand-written externals.
 * - esbuild's output is deterministic and the build takes about a second, which
 *   keeps check-dist cheap.
 * After the build, a smoke test copies the vendor file into an empty temp dir
 * (no node_modules above it) and cruises a TypeScript fixture (cycle, paths
 * alias, import type). If .ts files are not parsed there, the build fails.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const requireFromRoot = createRequire(join(ROOT, 'package.json'));
const VENDOR_FILE = 'vendor/depcruise.mjs';
const PROBE = join(ROOT, '__tests__/fixtures/ts-bundle/probe.mjs');

// Lets bundled CommonJS (TypeScript, enhanced-resolve, @actions/*) call
// require() for node builtins, and gives TypeScript the __filename it needs
// to build ts.sys (it checks whether the file system is case-sensitive by
// swapping the case of its own file name).
const BANNER = [
  'import { createRequire as __lagCreateRequire } from "node:module";',
  'import { fileURLToPath as __lagFileURLToPath } from "node:url";',
  'import { dirname as __lagDirname } from "node:path";',
  'const require = __lagCreateRequire(import.meta.url);',
  'const __filename = __lagFileURLToPath(import.meta.url);',
  'const __dirname = __lagDirname(__filename);',
].join('\n');

const COMMON = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  banner: { js: BANNER },
  charset: 'utf8',
  legalComments: 'eof',
  sourcemap: false,
  write: false,
  metafile: true,
  logLevel: 'warning',
  // Tells src/graph/ that it runs bundled: dependency-cruiser is the vendor file beside the bundle
  // and the JavaScript graph worker is dist/js-graph-worker.js.
  define: { __LA_BUNDLED__: 'true' },
  // jsonc-parser's "main" is a UMD build whose require() calls an ESM bundle cannot serve; its ESM build bundles cleanly.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};

function parseArgs(argv) {
  let outdir = 'dist';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--outdir' && argv[i + 1]) outdir = argv[++i];
    else if (argv[i].startsWith('--outdir=')) outdir = argv[i].slice('--outdir='.length);
    else throw new Error(`unknown argument ${argv[i]}; usage: node scripts/bundle.mjs [--outdir DIR]`);
  }
  return { outdir: resolve(ROOT, outdir) };
}

function assertSafeOutdir(outdir) {
  const rel = relative(outdir, ROOT);
  const isRootOrAncestor = rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  if (isRootOrAncestor || existsSync(join(outdir, '.git')) || outdir === resolve(sep)) {
    throw new Error(`refusing to empty ${outdir}: it holds the repository`);
  }
}

// ---------------------------------------------------------------------------
// dependency-cruiser patches. Each patch must match its site exactly once, and
// every patch must be applied during the build. Otherwise the build fails.
// ---------------------------------------------------------------------------

// dependency-cruiser exports neither package.json nor a require condition.
const DC_ROOT = resolve(fileURLToPath(import.meta.resolve('dependency-cruiser')), '../../..');
const DC_VERSION = JSON.parse(readFileSync(join(DC_ROOT, 'package.json'), 'utf8')).version;
const DC_META = requireFromRoot(join(DC_ROOT, 'src/meta.cjs'));
const TS_VERSION = JSON.parse(readFileSync(requireFromRoot.resolve('typescript/package.json'), 'utf8')).version;

/** Modules that exist inside the bundle: the only ones dependency-cruiser may "find". */
const BUNDLED_TRANSPILERS = { typescript: TS_VERSION };

const PATCHES = [
  {
    file: 'src/utl/try-import.mjs',
    why: "tryImport(name) does import(name) and require(name/package.json) against the vendor file's location and swallows every error; serve TypeScript from the bundle and let a broken bundle throw",
    edits: [
      {
        find: 'export default async function tryImport(pModuleName, pSemanticVersion) {',
        replace: (s) => `${s}\n\treturn __lagTryImportBundled(pModuleName, pSemanticVersion);`,
      },
      { find: 'const lModule = await import(pModuleName);', replace: () => 'const lModule = false;' },
    ],
    prepend: `import { coerce as __lagCoerce, satisfies as __lagSatisfies } from "semver";
const __lagBundled = { typescript: () => import("typescript") };
async function __lagTryImportBundled(pModuleName, pSemanticVersion) {
	if (!Object.hasOwn(__lagBundled, pModuleName)) return false;
	const lModule = await __lagBundled[pModuleName]();
	const lResolved = lModule.default ?? lModule;
	if (pSemanticVersion && !__lagSatisfies(__lagCoerce(lResolved.version)?.version ?? "0.0.0", pSemanticVersion)) {
		throw new Error(\`bundled \${pModuleName}@\${lResolved.version} does not satisfy dependency-cruiser's range \${pSemanticVersion}\`);
	}
	return lResolved;
}
`,
  },
  {
    file: 'src/extract/transpile/try-import-available.mjs',
    why: "tryImportAvailable(name) does require.resolve(name) against the vendor file's location; when it is false, dependency-cruiser drops .ts from its extensions and skips those files silently",
    edits: [
      {
        find: 'export default function tryImportAvailable(pModuleName, pSemanticVersion) {',
        replace: (s) => `${s}\n\treturn Object.hasOwn(${JSON.stringify(BUNDLED_TRANSPILERS)}, pModuleName);`,
      },
      { find: 'return Boolean(require.resolve(pModuleName));', replace: () => 'return false;' },
    ],
  },
  {
    file: 'src/extract/transpile/javascript-wrap.mjs',
    why: "the acorn version comes from createRequire(import.meta.url)('acorn'), which needs node_modules next to the vendor file",
    edits: [
      {
        find: /const require = createRequire\(import\.meta\.url\);\s*return `acorn@\$\{require\("acorn"\)\.version\}`;/,
        replace: () => 'return `acorn@${__lagAcornVersion}`;',
      },
    ],
    prepend: 'import { version as __lagAcornVersion } from "acorn";\n',
  },
  {
    file: 'src/report/index.mjs',
    why: 'reporters are loaded with import(variable); give each one a literal import() so it is bundled',
    edits: [
      { find: 'TYPE2MODULE.get(pOutputType) ?? "./identity.mjs"', replace: (s) => s },
      {
        find: 'const lModule = await import(lModuleToImport);',
        replace: () => 'const lModule = await __lagImportReporter(lModuleToImport);',
      },
    ],
    prepend: (source) => {
      const modules = [...source.matchAll(/\[\s*"[^"]+",\s*"(\.\/[^"]+\.mjs)"\s*\]/g)].map((m) => m[1]);
      if (modules.length < 10) throw new Error(`found only ${modules.length} reporters in TYPE2MODULE`);
      const unique = [...new Set([...modules, './identity.mjs'])].sort();
      const entries = unique.map((m) => `\t[${JSON.stringify(m)}, () => import(${JSON.stringify(m)})],`);
      return `const __lagReporters = new Map([\n${entries.join('\n')}\n]);
function __lagImportReporter(pModule) {
	const lLoad = __lagReporters.get(pModule);
	if (!lLoad) throw new Error(\`reporter \${pModule} is not in the bundle\`);
	return lLoad();
}
`;
    },
  },
  {
    file: 'src/report/plugins.mjs',
    why: 'third-party reporter plugins are loaded with import(variable); the bundle does not support them, so say so instead of resolving against dist/',
    edits: [
      {
        find: 'const lModule = await import(pOutputType);',
        replace: () => 'const lModule = await Promise.reject(new Error("reporter plugins are not supported by the bundled dependency-cruiser"));',
      },
    ],
  },
];

// Code in these files that still reads createRequire(import.meta.url) after patching
// is only reached after the early return the patch adds, so it never runs.
const DEAD_CREATE_REQUIRE = new Set(['src/utl/try-import.mjs', 'src/extract/transpile/try-import-available.mjs']);

function countMatches(source, find) {
  if (typeof find === 'string') return source.split(find).length - 1;
  return [...source.matchAll(new RegExp(find.source, 'g'))].length;
}

function applyPatch(patch, source) {
  let out = source;
  for (const edit of patch.edits) {
    const count = countMatches(out, edit.find);
    if (count !== 1) {
      throw new Error(
        `dependency-cruiser ${DC_VERSION}: patch for ${patch.file} no longer applies: ` +
          `expected exactly 1 match of ${String(edit.find)}, found ${count}.\n` +
          `  Why the patch exists: ${patch.why}.\n` +
          '  Read the new code, update PATCHES in scripts/bundle.mjs, and run the build again.',
      );
    }
    out = out.replace(edit.find, (match) => edit.replace(match));
  }
  const prepend = typeof patch.prepend === 'function' ? patch.prepend(source) : (patch.prepend ?? '');
  return prepend + out;
}

/** Sites that would resolve against dist/ at run time, found in patched code. */
function findUnpatchedSites(file, source) {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const sites = [];
  // import( not followed by a plain string literal and ")"
  for (const m of code.matchAll(/\bimport\(\s*(?!(?:"[^"\n]*"|'[^'\n]*')\s*\))([^\n]{0,40})/g)) {
    sites.push(`import(${m[1]}`);
  }
  if (/createRequire\(\s*import\.meta\.url\s*\)/.test(code) && !DEAD_CREATE_REQUIRE.has(file)) {
    sites.push('createRequire(import.meta.url)');
  }
  return sites;
}

// tsconfig-paths-webpack-plugin requires this only on its webpack < 4 code path,
// which never runs with the enhanced-resolve 5 that dependency-cruiser uses.
const UNREACHABLE = ['enhanced-resolve/lib/createInnerCallback'];

function depcruisePatchPlugin(applied) {
  return {
    name: 'patch-dependency-cruiser',
    setup(build) {
      const unreachable = new RegExp(`^(${UNREACHABLE.map((u) => u.replace(/[/.]/g, '\\$&')).join('|')})$`);
      build.onResolve({ filter: unreachable }, (args) => ({ path: args.path, namespace: 'unreachable' }));
      build.onLoad({ filter: /.*/, namespace: 'unreachable' }, (args) => ({
        contents: `throw new Error(${JSON.stringify(`${args.path} is not in the bundle (legacy webpack < 4 code path)`)});`,
        loader: 'js',
      }));
      const filter = /[\\/]node_modules[\\/]dependency-cruiser[\\/]src[\\/].*\.[cm]?js$/;
      build.onLoad({ filter }, async (args) => {
        const file = relative(DC_ROOT, args.path).split(sep).join('/');
        const original = readFileSync(args.path, 'utf8');
        const patch = PATCHES.find((p) => p.file === file);
        let contents = original;
        if (patch) {
          try {
            contents = applyPatch(patch, original);
          } catch (error) {
            return { errors: [{ text: error.message }] };
          }
          applied.add(file);
        }
        const sites = findUnpatchedSites(file, contents);
        if (sites.length > 0) {
          return {
            errors: [
              {
                text:
                  `dependency-cruiser ${DC_VERSION}: ${file} has ${sites.join(', ')}, which would resolve ` +
                  'against dist/ at run time and fail (or silently skip files) without node_modules. ' +
                  'Add a patch for it to PATCHES in scripts/bundle.mjs.',
              },
            ],
          };
        }
        return { contents, loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}

// ---------------------------------------------------------------------------
// The door: src/graph/depcruise.ts is the only importer of the vendor code.
// ---------------------------------------------------------------------------

function vendorExternalPlugin() {
  const door = join(ROOT, 'src/graph/depcruise.ts');
  return {
    name: 'dependency-cruiser-is-vendored',
    setup(build) {
      build.onResolve({ filter: /^(dependency-cruiser|typescript)(\/.*)?$/ }, (args) => {
        if (args.importer === door && args.kind === 'dynamic-import' && (args.path.startsWith('dependency-cruiser') || args.path === 'typescript')) {
          return { path: `./${VENDOR_FILE}`, external: true };
        }
        return {
          errors: [
            {
              text:
                `${relative(ROOT, args.importer)} imports "${args.path}" (${args.kind}). Only src/graph/depcruise.ts may ` +
                'load dependency-cruiser, with import(), so that dist/vendor/depcruise.mjs stays separate and lazy.',
            },
          ],
        };
      });
    },
  };
}

// TypeScript is exported too: the JavaScript graph parses import statements with the very same
// copy dependency-cruiser uses (for their lines and for which imports TypeScript erases).
const VENDOR_ENTRY = `export { cruise, format, getAvailableTranspilers, allExtensions } from "dependency-cruiser";
export { default as extractTSConfig } from "dependency-cruiser/config-utl/extract-ts-config";
export { default as typescript } from "typescript";
`;

// ---------------------------------------------------------------------------

async function buildVendor() {
  const supported = DC_META.supportedTranspilers.typescript;
  const { satisfies } = requireFromRoot('semver');
  if (!satisfies(TS_VERSION, supported)) {
    throw new Error(`typescript ${TS_VERSION} is outside dependency-cruiser's range ${supported}; it would be ignored`);
  }
  const applied = new Set();
  const result = await esbuild.build({
    ...COMMON,
    stdin: { contents: VENDOR_ENTRY, resolveDir: ROOT, sourcefile: 'vendor-depcruise-entry.mjs', loader: 'js' },
    outfile: join('dist', VENDOR_FILE),
    // Measured on the TS fixture (median of 7 runs, Node 24): whitespace + syntax
    // minification gives 7.9 MB and about 280 ms to import; full minification gives
    // 4.7 MB but about 345 ms, because renamed identifiers load slower in V8;
    // no minification gives 12.2 MB and about 310 ms. Keeping the names also
    // keeps stack traces readable.
    minifyWhitespace: true,
    minifySyntax: true,
    plugins: [depcruisePatchPlugin(applied)],
  });
  const missing = PATCHES.map((p) => p.file).filter((f) => !applied.has(f));
  if (missing.length > 0) {
    throw new Error(
      `dependency-cruiser ${DC_VERSION}: these patched files are no longer part of the bundle: ${missing.join(', ')}. ` +
        'Their loading mechanism moved; find where it went and update PATCHES in scripts/bundle.mjs.',
    );
  }
  return result.outputFiles.map((f) => ({ rel: VENDOR_FILE, text: f.text }));
}

async function buildEntry(entry, outName, { shebang, external = {}, minify = true }) {
  const entryPath = join(ROOT, entry);
  if (!existsSync(entryPath)) {
    console.warn(`bundle: ${entry} does not exist yet; skipping dist/${outName}`);
    return [];
  }
  const result = await esbuild.build({
    ...COMMON,
    entryPoints: [entryPath],
    outfile: join('dist', outName),
    // As the vendor file: whitespace and syntax minified, names kept (readable stack traces). On a
    // warm run of the incremental bench (a 1.8 MB CLI bundle becomes 1.2 MB) about 40 ms less to
    // load and compile, and 1,900 fewer page faults; renaming identifiers too loads slower in V8.
    // (The CLI's door stays as written: a few lines a reader checks.)
    minifyWhitespace: minify,
    minifySyntax: minify,
    plugins: [vendorExternalPlugin(), siblingExternalPlugin(entryPath, external)],
  });
  return result.outputFiles.map((f) => {
    let text = f.text.replace(/^#![^\n]*\n/, '');
    if (shebang) text = `#!/usr/bin/env node\n${text}`;
    return { rel: outName, text };
  });
}

/**
 * `external`: imports of the entry itself (as written in it) that stay imports of another file of
 * dist/. The CLI's door (src/cli.ts) checks the Node.js version before it imports the CLI, so the
 * CLI is its own file, dist/cli-main.js: an old Node never loads it.
 */
function siblingExternalPlugin(entryPath, external) {
  return {
    name: 'sibling-external',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.importer !== entryPath || !Object.hasOwn(external, args.path)) return undefined;
        return { path: external[args.path], external: true };
      });
    },
  };
}

/** Cruises a TypeScript fixture with the vendor file copied alone into an empty temp dir. */
function verifyVendor(vendorText) {
  const dir = mkdtempSync(join(tmpdir(), 'lag-bundle-verify-'));
  try {
    for (let d = dir; dirname(d) !== d; d = dirname(d)) {
      if (existsSync(join(d, 'node_modules'))) {
        throw new Error(`${join(d, 'node_modules')} is above the temp dir, so the vendor bundle cannot be verified on its own`);
      }
    }
    mkdirSync(join(dir, 'vendor'));
    writeFileSync(join(dir, VENDOR_FILE), vendorText);
    cpSync(PROBE, join(dir, 'probe.mjs'));
    const run = spawnSync(process.execPath, [join(dir, 'probe.mjs'), `./${VENDOR_FILE}`, join(dir, 'project')], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`the vendor bundle does not work on its own:\n${run.stderr}${run.stdout}`);
    const report = JSON.parse(run.stdout);
    const edges = new Set(report.edges.map((e) => `${e.from} -> ${e.to}`));
    const expected = ['src/a.ts -> src/b.ts', 'src/b.ts -> src/a.ts', 'src/b.ts -> src/lib/c.ts', 'src/a.ts -> src/types.ts'];
    const absent = expected.filter((e) => !edges.has(e));
    if (absent.length > 0 || !report.typescript.startsWith('typescript@')) {
      throw new Error(`the vendor bundle does not parse TypeScript on its own (missing ${absent.join(', ') || 'nothing'}; ` + `typescript: ${report.typescript}):\n${JSON.stringify(report, null, 2)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) {
    throw new Error(`Node ${process.version} is too old for dependency-cruiser; run with ./node_modules/.bin/node or npm run bundle`);
  }
  const { outdir } = parseArgs(process.argv.slice(2));
  assertSafeOutdir(outdir);

  const vendor = await buildVendor();
  verifyVendor(vendor[0].text);
  const files = [
    ...vendor,
    ...(await buildEntry('src/index.ts', 'index.js', { shebang: false })),
    ...(await buildEntry('src/cli.ts', 'cli.js', { shebang: true, minify: false, external: { './cli/start.js': './cli-main.js', './cli/prefetch.js': './cli-prefetch.js' } })),
    ...(await buildEntry('src/cli/start.ts', 'cli-main.js', { shebang: false })),
    // What the door starts before it loads the CLI: git's walks of the tree (src/cli/prefetch.ts).
    ...(await buildEntry('src/cli/prefetch.ts', 'cli-prefetch.js', { shebang: false })),
    // The JavaScript graph cruises large repositories on both cores through this worker.
    ...(await buildEntry('src/graph/js-worker.ts', 'js-graph-worker.js', { shebang: false })),
    // dist/ must stay ESM even when copied away from the root package.json.
    { rel: 'package.json', text: '{\n  "type": "module"\n}\n' },
  ];

  rmSync(outdir, { recursive: true, force: true });
  for (const { rel, text } of files) {
    const target = join(outdir, rel);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text, { mode: rel === 'cli.js' ? 0o755 : 0o644 });
  }
  for (const { rel, text } of files) {
    const kb = (Buffer.byteLength(text) / 1024).toFixed(0).padStart(6);
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
    console.log(`${kb} KiB  ${hash}  ${relative(ROOT, join(outdir, rel)) || rel}`);
  }
}

main().catch((error) => {
  console.error(`bundle failed: ${error.message}`);
  process.exit(1);
});
