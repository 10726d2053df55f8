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
  const [main, tsConfigModule, tsModule] = await Promise.all([
    import("./vendor/depcruise.mjs"),
    import("./vendor/depcruise.mjs"),
    import("./vendor/depcruise.mjs")
  ]);
  const ts = tsModule.typescript ?? tsModule.default ?? tsModule;
  const extractTSConfig = tsConfigModule.extractTSConfig ?? tsConfigModule.default;
  const typescript = main.getAvailableTranspilers().find((transpiler) => transpiler.name === "typescript");
  if (!typescript?.available) {
    throw new Error(
      "dependency-cruiser cannot load TypeScript, so it would silently skip .ts files; the bundle in dist/ is broken (rebuild it with `npm run bundle`)."
    );
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
import path from "node:path";

// src/graph/js-scan.ts
function scanImports(ts, fileName, text, opts) {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, scriptKind(ts, fileName));
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
      else if (opts.keepValueImports) at(st, spec, "static");
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
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isEnumMember(p)) && p.name === id) return false;
  if ((ts.isVariableDeclaration(p) || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p) || ts.isEnumDeclaration(p) || ts.isModuleDeclaration(p) || ts.isLabeledStatement(p) || ts.isFunctionExpression(p) || ts.isClassExpression(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if (ts.isJsxAttribute(p) && p.name === id) return false;
  if (ts.isQualifiedName(p)) return false;
  if ((ts.isBreakStatement(p) || ts.isContinueStatement(p)) && p.label === id) return false;
  if (ts.isMetaProperty(p)) return false;
  return true;
}

// src/graph/js-cruise.ts
var EXTENSIONS = [".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mts", ".cts", ".mjs", ".cjs", ".json"];
async function cruiseProject(dc, job) {
  const tsConfigFile = job.config ? path.join(job.root, job.config) : void 0;
  const parsed = tsConfigFile ? dc.extractTSConfig(tsConfigFile) : void 0;
  const keepValueImports = Boolean(parsed?.options.verbatimModuleSyntax || parsed?.options.preserveValueImports || parsed?.options.importsNotUsedAsValues === 2);
  const result = await dc.cruise(
    job.files,
    {
      baseDir: job.root,
      tsPreCompilationDeps: true,
      ...tsConfigFile ? { tsConfig: { fileName: tsConfigFile } } : {},
      skipAnalysisNotInRules: true,
      // Every file of the job is a root; following would parse other jobs' files again.
      doNotFollow: { path: "." },
      enhancedResolveOptions: { extensions: EXTENSIONS },
      cache: false
    },
    {},
    parsed ? { tsConfig: parsed } : {}
  );
  const modules = result.output.modules;
  const depsOf = /* @__PURE__ */ new Map();
  const wanted = new Set(job.files);
  for (const m of modules) {
    if (!wanted.has(m.source)) continue;
    if ((depsOf.get(m.source)?.length ?? -1) < m.dependencies.length) depsOf.set(m.source, m.dependencies);
  }
  const edges = [];
  const unresolved = [];
  for (const [from, deps] of depsOf) {
    if (deps.length === 0) continue;
    let text;
    try {
      text = readFileSync(path.join(job.root, from), "utf8");
    } catch {
      continue;
    }
    const bySpec = /* @__PURE__ */ new Map();
    for (const s of scanImports(dc.ts, from, text, { keepValueImports })) {
      const list = bySpec.get(s.specifier);
      if (list) list.push(s);
      else bySpec.set(s.specifier, [s]);
    }
    for (const d of deps) {
      const found = bySpec.get(d.module);
      if (d.couldNotResolve) {
        if (/^(\.|@\/|~\/)/.test(d.module)) unresolved.push({ from, specifier: d.module, line: found?.[0]?.line ?? 1 });
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
  return { edges, unresolved };
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
