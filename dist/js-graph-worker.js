import { createRequire as __lagCreateRequire } from "node:module";
import { fileURLToPath as __lagFileURLToPath } from "node:url";
import { dirname as __lagDirname } from "node:path";
const require = __lagCreateRequire(import.meta.url);
const __filename = __lagFileURLToPath(import.meta.url);
const __dirname = __lagDirname(__filename);

// src/graph/js-worker.ts
import { parentPort } from "node:worker_threads";

// src/graph/depcruise.ts
var loading;
function loadDepcruise() {
  loading ??= importDepcruise().catch((error) => {
    loading = void 0;
    throw error;
  });
  return loading;
}
async function importDepcruise() {
  const [main, tsConfigModule, tsModule] = await Promise.all([import("./vendor/depcruise.mjs"), import("./vendor/depcruise.mjs"), import("./vendor/depcruise.mjs")]);
  const ts = tsModule.typescript ?? tsModule.default ?? tsModule;
  const extractTSConfig = tsConfigModule.extractTSConfig ?? tsConfigModule.default;
  const typescript = main.getAvailableTranspilers().find((transpiler) => transpiler.name === "typescript");
  if (!typescript?.available) {
    throw new Error("dependency-cruiser cannot load TypeScript, so it would silently skip .ts files; the bundle in dist/ is broken (rebuild it with `npm run bundle`).");
  }
  return {
    cruise: main.cruise,
    extractTSConfig,
    typescriptVersion: typescript.currentVersion,
    ts
  };
}

// src/graph/js-cruise.ts
import { readFileSync } from "node:fs";

// src/lang/javascript/extensions.ts
var RESOLVE_EXTENSIONS = [".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mts", ".cts", ".mjs", ".cjs", ".vue", ".svelte", ".json"];

// src/graph/js-cruise.ts
import path2 from "node:path";

// src/graph/js-scan.ts
function scanModule(ts, fileName, text, opts) {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, scriptKind(ts, fileName));
  const diagnostics = sf.parseDiagnostics ?? [];
  const d = diagnostics[0];
  const parseError = d ? { ...position(sf, d.start), message: ts.flattenDiagnosticMessageText(d.messageText, " ") } : null;
  return { imports: importsOf(ts, sf, fileName, opts), parseError };
}
function position(sf, at) {
  const { line, character } = sf.getLineAndCharacterOfPosition(at);
  return { line: line + 1, column: character + 1 };
}
function importsOf(ts, sf, fileName, opts) {
  const isTs = /\.(ts|tsx|mts|cts)$/.test(fileName) && !fileName.endsWith(".d.ts");
  const out = [];
  const at = (node, specifier, kind) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    out.push({ specifier, line: line + 1, column: character + 1, kind });
  };
  let valueNames;
  const values = () => valueNames ??= valueReferences(ts, sf);
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const spec = st.moduleSpecifier.text;
      const clause = st.importClause;
      if (!clause) {
        at(st, spec, "static");
        continue;
      }
      if (clause.isTypeOnly) {
        at(st, spec, "type-only");
        continue;
      }
      const bindings = importedBindings(ts, clause);
      const allInlineType = bindings.length > 0 && bindings.every((b) => b.inlineType);
      if (!isTs) at(st, spec, "static");
      else if (opts.keepValueImports)
        at(st, spec, "static");
      else if (allInlineType) at(st, spec, "type-only");
      else if (bindings.some((b) => !b.inlineType && values().has(b.name))) at(st, spec, "static");
      else at(st, spec, "type-only");
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
      const spec = st.moduleSpecifier.text;
      const inlineOnly = st.exportClause && ts.isNamedExports(st.exportClause) && st.exportClause.elements.length > 0 && st.exportClause.elements.every((e) => e.isTypeOnly);
      at(st, spec, st.isTypeOnly || isTs && !opts.keepValueImports && inlineOnly ? "type-only" : "re-export");
    } else if (ts.isImportEqualsDeclaration(st) && ts.isExternalModuleReference(st.moduleReference) && ts.isStringLiteral(st.moduleReference.expression)) {
      const spec = st.moduleReference.expression.text;
      const used = st.isTypeOnly ? false : !isTs || opts.keepValueImports || values().has(st.name.text) || hasExportModifier(ts, st);
      at(st, spec, used ? "require" : "type-only");
    }
  }
  const visit = (node) => {
    if (ts.isCallExpression(node) && node.arguments.length >= 1) {
      const arg = node.arguments[0];
      const spec = ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg) ? arg.text : void 0;
      if (spec !== void 0) {
        if (node.expression.kind === ts.SyntaxKind.ImportKeyword) at(node, spec, "dynamic");
        else if (ts.isIdentifier(node.expression) && node.expression.text === "require") at(node, spec, "require");
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sf, visit);
  return out;
}
function scriptKind(ts, f) {
  if (f.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (f.endsWith(".jsx")) return ts.ScriptKind.JSX;
  if (/\.(ts|mts|cts)$/.test(f)) return ts.ScriptKind.TS;
  return ts.ScriptKind.JS;
}
function hasExportModifier(ts, node) {
  return (ts.canHaveModifiers(node) ? ts.getModifiers(node) : void 0)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
}
function importedBindings(ts, clause) {
  const out = [];
  if (clause.name) out.push({ name: clause.name.text, inlineType: false });
  const nb = clause.namedBindings;
  if (nb && ts.isNamespaceImport(nb)) out.push({ name: nb.name.text, inlineType: false });
  if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) out.push({ name: el.name.text, inlineType: el.isTypeOnly });
  return out;
}
function valueReferences(ts, sf) {
  const names = /* @__PURE__ */ new Set();
  const visit = (node, parent) => {
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return;
    if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    if (ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node)) return;
    if (ts.isHeritageClause(node) && node.token === ts.SyntaxKind.ImplementsKeyword) return;
    if (ts.isExportDeclaration(node)) {
      if (!node.isTypeOnly && !node.moduleSpecifier && node.exportClause && ts.isNamedExports(node.exportClause)) {
        for (const el of node.exportClause.elements) if (!el.isTypeOnly) names.add((el.propertyName ?? el.name).text);
      }
      return;
    }
    if (ts.isExportAssignment(node) && ts.isIdentifier(node.expression)) names.add(node.expression.text);
    if (ts.isIdentifier(node) && isValuePosition(ts, node, parent)) names.add(node.text);
    if (ts.isShorthandPropertyAssignment(node)) names.add(node.name.text);
    ts.forEachChild(node, (child) => visit(child, node));
  };
  ts.forEachChild(sf, (child) => visit(child, sf));
  return names;
}
function isValuePosition(ts, id, p) {
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isEnumMember(p)) && p.name === id)
    return false;
  if ((ts.isVariableDeclaration(p) || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p) || ts.isEnumDeclaration(p) || ts.isModuleDeclaration(p) || ts.isLabeledStatement(p) || ts.isFunctionExpression(p) || ts.isClassExpression(p)) && p.name === id)
    return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if (ts.isJsxAttribute(p) && p.name === id) return false;
  if (ts.isQualifiedName(p)) return false;
  if ((ts.isBreakStatement(p) || ts.isContinueStatement(p)) && p.label === id) return false;
  if (ts.isMetaProperty(p)) return false;
  return true;
}

// src/graph/js-sfc.ts
import { statSync } from "node:fs";
import path from "node:path";
var SFC_FILE = /\.(vue|svelte)$/;
var SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
function scriptView(file, source) {
  const keep = [];
  const srcImports = [];
  let lang = "js";
  for (const m of source.matchAll(SCRIPT)) {
    const attrs = m[1] ?? "";
    const l = /\blang\s*=\s*["']?(tsx?|jsx?)["'\s>]?/i.exec(attrs)?.[1]?.toLowerCase();
    if (l && (l.startsWith("ts") || lang === "js")) lang = l;
    const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(attrs)?.[1];
    if (src) {
      const { line, column } = position2(source, m.index);
      srcImports.push({ specifier: src.startsWith(".") || src.startsWith("/") ? src : `./${src}`, line, column });
    }
    const start = m.index + m[0].indexOf(">") + 1;
    keep.push([start, start + (m[2]?.length ?? 0)]);
  }
  let text = "";
  let at = 0;
  for (const [s, e] of keep) {
    text += blank(source.slice(at, s)) + source.slice(s, e);
    at = e;
  }
  text += blank(source.slice(at));
  return { text, fileName: `${file}.${lang}`, srcImports };
}
function blank(s) {
  return s.replace(/[^\n\r]/g, " ");
}
function position2(text, offset) {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}
var TRY_EXT = RESOLVE_EXTENSIONS;
function resolveSpecifier(root, from, specifier, spec) {
  const spec0 = specifier.split("?")[0];
  const candidates = [];
  if (spec0.startsWith("./") || spec0.startsWith("../") || spec0 === "." || spec0 === "..") {
    candidates.push(path.posix.join(path.posix.dirname(from), spec0));
  } else if (spec0.startsWith("/")) {
    return null;
  } else {
    for (const a of spec.aliases) {
      const hit = matchAlias(a, spec0);
      if (hit === null) continue;
      for (const t of a.targets) candidates.push(t.replace("*", hit));
    }
    if (candidates.length === 0 && spec.baseUrl !== null) candidates.push(path.posix.join(spec.baseUrl || ".", spec0));
  }
  for (const c of candidates) {
    const n = path.posix.normalize(c);
    if (n === ".." || n.startsWith("../") || path.posix.isAbsolute(n)) continue;
    const hit = firstFile(root, n);
    if (hit) return hit;
  }
  return null;
}
function matchAlias(a, specifier) {
  if (a.exact) return specifier === a.name ? "" : null;
  const star = a.name.indexOf("*");
  const pre = a.name.slice(0, star);
  const post = a.name.slice(star + 1);
  if (specifier.length >= pre.length + post.length && specifier.startsWith(pre) && specifier.endsWith(post)) return specifier.slice(pre.length, specifier.length - post.length);
  return null;
}
function firstFile(root, p) {
  const tries = [p, ...TRY_EXT.map((e) => p + e)];
  const js = /\.(m|c)?js$/.exec(p);
  if (js) tries.push(...[".ts", ".tsx", ".mts", ".cts"].map((e) => p.slice(0, -js[0].length) + e));
  tries.push(...TRY_EXT.map((e) => `${p}/index${e}`));
  for (const t of tries) if (isFile(root, t)) return t;
  return null;
}
function isFile(root, rel) {
  try {
    return statSync(path.join(root, rel), { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

// src/graph/js-cruise.ts
var EXTENSIONS = [...RESOLVE_EXTENSIONS];
var NAMED_RETRIES = 64;
async function cruiseProject(dc, job) {
  const skipped = [];
  const scans = /* @__PURE__ */ new Map();
  const scripts = [];
  const plain = [];
  for (const file of job.files) {
    let text;
    try {
      text = readFileSync(path2.join(job.root, file), "utf8");
    } catch {
      skipped.push({ file, reason: "unreadable" });
      continue;
    }
    const sfc = SFC_FILE.test(file);
    const view = sfc ? scriptView(file, text) : null;
    let scanned;
    try {
      scanned = scanModule(dc.ts, view?.fileName ?? file, view?.text ?? text, { keepValueImports: sfc || job.keepValueImports });
    } catch (e) {
      skipped.push({ file, reason: `the parser failed (${e.message})` });
      continue;
    }
    const { imports, parseError } = scanned;
    if (parseError && !/@flow\b/.test(text.slice(0, 2e3))) {
      skipped.push({ file, reason: `syntax error at ${parseError.line}:${parseError.column}: ${parseError.message}` });
      continue;
    }
    scans.set(file, view ? [...imports, ...view.srcImports.map((s) => ({ ...s, kind: "static" }))] : imports);
    (sfc ? scripts : plain).push(file);
  }
  const edges = [];
  const unresolved = [];
  for (const [from, deps] of await cruiseSafely(dc, job, plain, skipped)) {
    if (deps.length === 0) continue;
    const bySpec = /* @__PURE__ */ new Map();
    for (const s of scans.get(from) ?? []) {
      const list = bySpec.get(s.specifier);
      if (list) list.push(s);
      else bySpec.set(s.specifier, [s]);
    }
    for (const d of deps) {
      const found = bySpec.get(d.module);
      if (d.couldNotResolve) {
        if (looksInternal(d.module, job.resolve)) unresolved.push({ from, specifier: d.module, line: found?.[0]?.line ?? 1 });
        continue;
      }
      if (d.coreModule || d.resolved === from || d.resolved.includes("node_modules/")) continue;
      if (found && found.length > 0) {
        for (const s of found) edges.push({ from, to: d.resolved, line: s.line, column: s.column, kind: s.kind, specifier: d.module });
      } else {
        edges.push({ from, to: d.resolved, line: 1, column: 1, kind: kindOf(d.dependencyTypes), specifier: d.module });
      }
    }
  }
  for (const from of scripts) {
    for (const s of scans.get(from) ?? []) {
      const to = resolveSpecifier(job.root, from, s.specifier, job.resolve);
      if (to === null) {
        if (looksInternal(s.specifier, job.resolve)) unresolved.push({ from, specifier: s.specifier, line: s.line });
      } else if (to !== from) edges.push({ from, to, line: s.line, column: s.column, kind: s.kind, specifier: s.specifier });
    }
  }
  return { edges, unresolved, skipped };
}
function looksInternal(specifier, spec) {
  if (/^(\.|@\/|~\/)/.test(specifier)) return true;
  return spec.aliases.some((a) => a.exact ? specifier === a.name : a.name !== "*" && specifier.startsWith(a.name.slice(0, a.name.indexOf("*"))));
}
async function cruiseSafely(dc, job, files, skipped) {
  const depsOf = /* @__PURE__ */ new Map();
  const queue = files.length ? [files] : [];
  let named = NAMED_RETRIES;
  while (queue.length > 0) {
    const part = queue.pop();
    try {
      for (const [f, deps] of await cruiseOnce(dc, job, part)) depsOf.set(f, deps);
    } catch (e) {
      const message = e.message ?? String(e);
      const reason = `dependency-cruiser could not read it (${message.split("\n").map((l) => l.trim()).filter((l) => l && !/^(Extracting dependencies ran afoul of|\.\.\. in )/.test(l))[0] ?? "error"})`;
      if (part.length === 1) {
        skipped.push({ file: part[0], reason });
        continue;
      }
      const culprit = named > 0 ? part.find((f) => message.includes(`... in ${f}
`) || message.endsWith(`... in ${f}`)) : void 0;
      if (culprit) {
        named--;
        skipped.push({ file: culprit, reason });
        queue.push(part.filter((f) => f !== culprit));
      } else {
        const mid = part.length >> 1;
        queue.push(part.slice(0, mid), part.slice(mid));
      }
    }
  }
  return depsOf;
}
async function cruiseOnce(dc, job, files) {
  const result = await dc.cruise(
    files,
    {
      baseDir: job.root,
      tsPreCompilationDeps: true,
      skipAnalysisNotInRules: true,
      // Every file of the job is a root; following would parse other jobs' files again.
      doNotFollow: { path: "." },
      enhancedResolveOptions: resolveOptions(job),
      cache: false
    },
    {},
    {}
  );
  const modules = result.output.modules;
  const depsOf = /* @__PURE__ */ new Map();
  const wanted = new Set(files);
  for (const m of modules) {
    if (!wanted.has(m.source)) continue;
    if ((depsOf.get(m.source)?.length ?? -1) < m.dependencies.length) depsOf.set(m.source, m.dependencies);
  }
  return depsOf;
}
function resolveOptions(job) {
  const abs = (t) => path2.join(job.root, t);
  const modules = [];
  if (job.resolve.baseUrl !== null) modules.push(abs(job.resolve.baseUrl));
  const alias = [];
  for (const a of job.resolve.aliases) {
    if (a.name === "*") {
      for (const t of a.targets) if (t.endsWith("*")) modules.push(abs(t.slice(0, -1) || "."));
    } else if (!a.name.startsWith("*")) {
      alias.push({ name: a.name, alias: a.targets.map(abs), onlyModule: a.exact });
    }
  }
  return {
    extensions: EXTENSIONS,
    ...alias.length ? { alias } : {},
    ...modules.length ? { modules: [...new Set(modules), "node_modules", "node_modules/@types"] } : {}
  };
}
function kindOf(types) {
  if (types.includes("type-only") || types.includes("pre-compilation-only") || types.some((t) => t.startsWith("triple-slash") || t.startsWith("jsdoc"))) return "type-only";
  if (types.includes("dynamic-import")) return "dynamic";
  if (types.includes("require") || types.includes("import-equals")) return "require";
  if (types.includes("export")) return "re-export";
  return "static";
}

// src/graph/js-worker.ts
parentPort?.on("message", (job) => {
  loadDepcruise().then((dc) => cruiseProject(dc, job)).then(
    (result) => parentPort.postMessage({ ok: true, result }),
    (e) => parentPort.postMessage({ ok: false, error: e.message })
  );
});
