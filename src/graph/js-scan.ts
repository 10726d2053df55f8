import type { Node, SourceFile } from 'typescript';
import type { TypeScriptApi } from './depcruise.js';
import type { EdgeKind } from './types.js';

/** One import-like statement of a JS/TS file: where it is, what it names, and whether it runs. */
export interface ImportStatement {
  specifier: string;
  line: number;
  column: number;
  kind: EdgeKind;
}

/**
 * Finds the import statements of a file with TypeScript's parser (the copy dependency-cruiser
 * uses), for their positions and for which of them TypeScript erases when it compiles: `import
 * type`, imports whose specifiers are all `type`, and — unless the tsconfig asks to keep them
 * (`verbatimModuleSyntax`, `preserveValueImports`) — imports whose bindings are used only as
 * types. That is what `ts.transpileModule` does, without transpiling.
 */
export function scanImports(ts: TypeScriptApi, fileName: string, text: string, opts: { keepValueImports: boolean }): ImportStatement[] {
  return scanModule(ts, fileName, text, opts).imports;
}

/** What TypeScript's parser says is wrong with a file: the first syntax error, or null. */
export interface ParseProblem {
  line: number;
  column: number;
  message: string;
}

/** `scanImports`, and the file's first syntax error (a file with one is not trusted for its imports). */
export function scanModule(ts: TypeScriptApi, fileName: string, text: string, opts: { keepValueImports: boolean }): { imports: ImportStatement[]; parseError: ParseProblem | null } {
  // No parent pointers (half the parse time on large files): the walks below carry the parent.
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, scriptKind(ts, fileName));
  const diagnostics = (sf as unknown as { parseDiagnostics?: import('typescript').DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const d = diagnostics[0];
  const parseError = d ? { ...position(sf, d.start), message: ts.flattenDiagnosticMessageText(d.messageText, ' ') } : null;
  return { imports: importsOf(ts, sf, fileName, opts), parseError };
}

function position(sf: SourceFile, at: number): { line: number; column: number } {
  const { line, character } = sf.getLineAndCharacterOfPosition(at);
  return { line: line + 1, column: character + 1 };
}

function importsOf(ts: TypeScriptApi, sf: SourceFile, fileName: string, opts: { keepValueImports: boolean }): ImportStatement[] {
  const isTs = /\.(ts|tsx|mts|cts)$/.test(fileName) && !fileName.endsWith('.d.ts');
  const out: ImportStatement[] = [];
  const at = (node: Node, specifier: string, kind: EdgeKind): void => {
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    out.push({ specifier, line: line + 1, column: character + 1, kind });
  };
  let valueNames: Set<string> | undefined;
  const values = (): Set<string> => (valueNames ??= valueReferences(ts, sf));

  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const spec = st.moduleSpecifier.text;
      const clause = st.importClause;
      if (!clause) {
        at(st, spec, 'static'); // side-effect import: always kept
        continue;
      }
      if (clause.isTypeOnly) {
        at(st, spec, 'type-only');
        continue;
      }
      const bindings = importedBindings(ts, clause);
      const allInlineType = bindings.length > 0 && bindings.every((b) => b.inlineType);
      if (!isTs) at(st, spec, 'static');
      else if (opts.keepValueImports)
        at(st, spec, 'static'); // kept (an all-`type` import stays as `import {} from`)
      else if (allInlineType) at(st, spec, 'type-only');
      else if (bindings.some((b) => !b.inlineType && values().has(b.name))) at(st, spec, 'static');
      else at(st, spec, 'type-only');
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
      const spec = st.moduleSpecifier.text;
      const inlineOnly = st.exportClause && ts.isNamedExports(st.exportClause) && st.exportClause.elements.length > 0 && st.exportClause.elements.every((e) => e.isTypeOnly);
      at(st, spec, st.isTypeOnly || (isTs && !opts.keepValueImports && inlineOnly) ? 'type-only' : 're-export');
    } else if (ts.isImportEqualsDeclaration(st) && ts.isExternalModuleReference(st.moduleReference) && ts.isStringLiteral(st.moduleReference.expression)) {
      const spec = st.moduleReference.expression.text;
      const used = st.isTypeOnly ? false : !isTs || opts.keepValueImports || values().has(st.name.text) || hasExportModifier(ts, st);
      at(st, spec, used ? 'require' : 'type-only');
    }
  }
  // require('x') and import('x') anywhere in the file.
  const visit = (node: Node): void => {
    if (ts.isCallExpression(node) && node.arguments.length >= 1) {
      const arg = node.arguments[0]!;
      const spec = ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg) ? arg.text : undefined;
      if (spec !== undefined) {
        if (node.expression.kind === ts.SyntaxKind.ImportKeyword) at(node, spec, 'dynamic');
        else if (ts.isIdentifier(node.expression) && node.expression.text === 'require') at(node, spec, 'require');
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sf, visit);
  return out;
}

function scriptKind(ts: TypeScriptApi, f: string) {
  if (f.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (f.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.(ts|mts|cts)$/.test(f)) return ts.ScriptKind.TS;
  return ts.ScriptKind.JS;
}

function hasExportModifier(ts: TypeScriptApi, node: Node): boolean {
  return (ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
}

function importedBindings(ts: TypeScriptApi, clause: import('typescript').ImportClause): { name: string; inlineType: boolean }[] {
  const out: { name: string; inlineType: boolean }[] = [];
  if (clause.name) out.push({ name: clause.name.text, inlineType: false });
  const nb = clause.namedBindings;
  if (nb && ts.isNamespaceImport(nb)) out.push({ name: nb.name.text, inlineType: false });
  if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) out.push({ name: el.name.text, inlineType: el.isTypeOnly });
  return out;
}

/**
 * Names referenced as values anywhere in the file: identifiers outside type positions that are
 * not merely property names or declaration names. Export specifiers (`export { X }`) and JSX tags
 * count as values, as they do for TypeScript's emit.
 */
function valueReferences(ts: TypeScriptApi, sf: SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: Node, parent: Node): void => {
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return;
    if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    if (ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node)) return;
    if (ts.isHeritageClause(node) && node.token === ts.SyntaxKind.ImplementsKeyword) return;
    if (ts.isExportDeclaration(node)) {
      // `export { X }` (no module specifier) re-exports local bindings: values unless marked type.
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

function isValuePosition(ts: TypeScriptApi, id: import('typescript').Identifier, p: Node): boolean {
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if (
    (ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isEnumMember(p)) &&
    p.name === id
  )
    return false;
  if (
    (ts.isVariableDeclaration(p) ||
      ts.isFunctionDeclaration(p) ||
      ts.isClassDeclaration(p) ||
      ts.isParameter(p) ||
      ts.isBindingElement(p) ||
      ts.isEnumDeclaration(p) ||
      ts.isModuleDeclaration(p) ||
      ts.isLabeledStatement(p) ||
      ts.isFunctionExpression(p) ||
      ts.isClassExpression(p)) &&
    (p as { name?: Node }).name === id
  )
    return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if (ts.isJsxAttribute(p) && p.name === id) return false;
  if (ts.isQualifiedName(p)) return false;
  if ((ts.isBreakStatement(p) || ts.isContinueStatement(p)) && p.label === id) return false;
  if (ts.isMetaProperty(p)) return false;
  return true;
}
