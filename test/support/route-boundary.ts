/**
 * Finds the `.server` value imports that a route module's browser code can reach (see
 * test/route-client-boundary.test.ts for the rule and why).
 */
import ts from 'typescript';

const SERVER_ONLY_EXPORTS = new Set(['loader', 'action', 'headers']);
const SERVER_MODULE = /\.server(\.[cm]?[jt]sx?)?$|\/\.server\//;

/** Identifiers a node uses as values (types, such as `typeof loader`, are erased from the bundle). */
function identifiersIn(node: ts.Node, into = new Set<string>()): Set<string> {
  if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return into;
  if (ts.isIdentifier(node)) {
    into.add(node.text);
    return into;
  }
  // Names that are not references: `a.name`, `{ name: … }`, `<X name=…>`, `name() {}`.
  if (ts.isPropertyAccessExpression(node)) return identifiersIn(node.expression, into);
  if (ts.isPropertyAssignment(node)) return identifiersIn(node.initializer, into);
  if (ts.isJsxAttribute(node)) return node.initializer ? identifiersIn(node.initializer, into) : into;
  if (ts.isMethodDeclaration(node) && node.body) return identifiersIn(node.body, into);
  ts.forEachChild(node, (child) => void identifiersIn(child, into));
  return into;
}

function isExported(statement: ts.Statement): boolean {
  return Boolean(ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword));
}

function declaredNames(statement: ts.Statement): string[] {
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) return [statement.name.text];
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap((d) => [...identifiersIn(d.name)]);
  }
  if (ts.isEnumDeclaration(statement)) return [statement.name.text];
  return [];
}

export interface BoundaryFinding {
  file: string;
  name: string;
  module: string;
}

/** The `.server` value imports that code kept for the browser can reach. */
export function serverValuesReachableFromClient(fileName: string, source: string): BoundaryFinding[] {
  const sourceFile = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const serverImports = new Map<string, string>();
  const declarations = new Map<string, ts.Statement[]>();
  const roots: ts.Node[] = [];

  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement)) {
      const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
      const clause = statement.importClause;
      if (!SERVER_MODULE.test(specifier) || !clause || clause.isTypeOnly) continue;
      if (clause.name) serverImports.set(clause.name.text, specifier);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) serverImports.set(bindings.name.text, specifier);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) if (!element.isTypeOnly) serverImports.set(element.name.text, specifier);
      }
      continue;
    }
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) continue;
    if (ts.isExportAssignment(statement)) {
      roots.push(statement);
      continue;
    }
    if (ts.isExportDeclaration(statement)) {
      if (!statement.isTypeOnly) roots.push(statement);
      continue;
    }
    const names = declaredNames(statement);
    for (const name of names) declarations.set(name, [...(declarations.get(name) ?? []), statement]);
    if (names.length === 0) {
      roots.push(statement); // a top-level statement with effects stays in the bundle
    } else if (isExported(statement) && !names.every((name) => SERVER_ONLY_EXPORTS.has(name))) {
      roots.push(statement);
    }
  }

  const findings: BoundaryFinding[] = [];
  const seen = new Set<ts.Node>();
  const queue = [...roots];
  while (queue.length) {
    const node = queue.shift()!;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const name of identifiersIn(node)) {
      const module = serverImports.get(name);
      if (module && !findings.some((f) => f.name === name)) findings.push({ file: fileName, name, module });
      if (SERVER_ONLY_EXPORTS.has(name)) continue; // removed from the browser bundle
      for (const declaration of declarations.get(name) ?? []) if (!seen.has(declaration)) queue.push(declaration);
    }
  }
  return findings;
}

