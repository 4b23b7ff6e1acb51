/**
 * Finds the permission guards a route module's `loader` and `action` reach (see
 * test/architecture.test.ts for the rule).
 *
 * The analysis reads syntax trees only (no type checker, so it takes well under a second for all
 * routes). From the body of an exported `loader`/`action` it follows calls:
 *  - to functions declared in the same module (top level or in an enclosing block);
 *  - to functions imported from project modules ('#app/*', '#db/*', relative paths), through
 *    re-exports (`export { x } from …`, `export * from …`) and namespace imports (`ns.fn()`);
 *  - into factories: `export const loader = sectionLoader(def)` is the function(s) that
 *    `sectionLoader` returns (plus the arguments passed to it, which may be callbacks);
 *  - into callbacks passed by name (`rows.map(check)`) and written inline (`tx => …`): the body of
 *    a nested function counts as reached.
 * Calls on values (`db.select()`, `server.read()`) and calls into packages are not followed.
 *
 * A guard is a call of THE `requirePermission` (the export of app/utils/permissions.server.ts,
 * however it was imported or re-exported; a local function of the same name is no guard) that is
 * awaited or returned and whose first argument is the request (`request` or `….request`).
 * It is scoped when it passes a third argument, the `{ projectId, … }` scope.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Reads sources by root-relative path ('app/routes/x.tsx'); undefined when there is no such file. */
export interface SourceHost {
  read(file: string): string | undefined;
}

export function fileHost(root: string): SourceHost {
  return {
    read(file) {
      const full = path.join(root, file);
      return fs.existsSync(full) && fs.statSync(full).isFile() ? fs.readFileSync(full, 'utf8') : undefined;
    },
  };
}

export function memoryHost(files: Record<string, string>): SourceHost {
  return { read: (file) => files[file] };
}

export const GUARD = { file: 'app/utils/permissions.server.ts', name: 'requirePermission' } as const;
export const ENTRY_EXPORTS = ['loader', 'action'] as const;
export const MAX_DEPTH = 8;

const ALIASES: Array<[prefix: string, dir: string]> = [
  ['#app/', 'app/'],
  ['#db/', 'db/'],
  ['#test/', 'test/'],
];
const CANDIDATE_SUFFIXES = ['', '.ts', '.tsx', '.server.ts', '.server.tsx', '/index.ts', '/index.tsx'];

export interface GuardCall {
  /** Where the call is, e.g. 'app/models/report.server.ts:72'. */
  at: string;
  /** The call as written (first line). */
  text: string;
  /** A third argument (the scope) is passed. */
  scoped: boolean;
  /** The functions followed from the entry point to the call, e.g. ['loadReportContext (app/models/report.server.ts)']. */
  via: string[];
}

export interface EntryPointAnalysis {
  /** The route module, root-relative. */
  file: string;
  name: (typeof ENTRY_EXPORTS)[number];
  /** Where the exported function was found (differs from `file` for a re-export). */
  definedIn: string;
  /** Guards that count (awaited or returned, first argument the request). */
  guards: GuardCall[];
  /** requirePermission calls that do not count, with the reason. */
  rejected: Array<GuardCall & { reason: string }>;
  /** Something could not be followed: the export could not be resolved, or the depth limit was hit. */
  problems: string[];
}

type ImportBinding = { specifier: string; imported: string }; // imported: a name, 'default' or '*'
type ExportBinding = { local: string } | { specifier: string; imported: string };

interface ModuleInfo {
  file: string;
  sourceFile: ts.SourceFile;
  imports: Map<string, ImportBinding>;
  /** Top-level values: a function declaration (with body) or a variable declaration. */
  locals: Map<string, ts.FunctionDeclaration | ts.VariableDeclaration | ts.BindingElement>;
  exports: Map<string, ExportBinding>;
  starExports: string[];
}

/** What a name refers to after following imports and re-exports. */
type Target =
  | { kind: 'value'; module: ModuleInfo; name: string; node: ts.Node }
  | { kind: 'namespace'; module: ModuleInfo }
  | { kind: 'unknown'; why: string };

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return Boolean(ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === kind));
}

function bindingElements(name: ts.BindingName): ts.BindingElement[] {
  if (ts.isIdentifier(name)) return [];
  return name.elements.flatMap((element) => {
    if (ts.isOmittedExpression(element)) return [];
    return ts.isIdentifier(element.name) ? [element] : bindingElements(element.name);
  });
}

export class GuardAnalyzer {
  private readonly modules = new Map<string, ModuleInfo | null>();

  constructor(
    private readonly host: SourceHost,
    private readonly options: { maxDepth?: number; guard?: { file: string; name: string } } = {},
  ) {}

  private get guard() {
    return this.options.guard ?? GUARD;
  }

  /** The project file a specifier names, or null for a package (or a file that is not there). */
  resolveSpecifier(fromFile: string, specifier: string): string | null {
    let base: string | null = null;
    for (const [prefix, dir] of ALIASES) if (specifier.startsWith(prefix)) base = dir + specifier.slice(prefix.length);
    if (specifier.startsWith('./') || specifier.startsWith('../')) base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
    if (base === null) return null;
    for (const suffix of CANDIDATE_SUFFIXES) {
      const candidate = base + suffix;
      if (/\.[cm]?[jt]sx?$/.test(candidate) && this.host.read(candidate) !== undefined) return candidate;
    }
    return null;
  }

  module(file: string): ModuleInfo | null {
    if (this.modules.has(file)) return this.modules.get(file)!;
    const source = this.host.read(file);
    const info = source === undefined ? null : parseModule(file, source);
    this.modules.set(file, info);
    return info;
  }

  private resolveExport(module: ModuleInfo, name: string, seen = new Set<string>()): Target {
    const key = `${module.file}#${name}`;
    if (seen.has(key)) return { kind: 'unknown', why: `export cycle at ${key}` };
    seen.add(key);
    const binding = module.exports.get(name);
    if (binding && 'local' in binding) return this.resolveTopLevel(module, binding.local, seen);
    if (binding) return this.resolveImported(module, binding.specifier, binding.imported, seen);
    for (const specifier of module.starExports) {
      const file = this.resolveSpecifier(module.file, specifier);
      const target = file && this.module(file);
      if (!target) continue;
      const found = this.resolveExport(target, name, seen);
      if (found.kind !== 'unknown') return found;
    }
    return { kind: 'unknown', why: `${module.file} has no export '${name}'` };
  }

  private resolveImported(module: ModuleInfo, specifier: string, imported: string, seen: Set<string>): Target {
    const file = this.resolveSpecifier(module.file, specifier);
    if (!file) return { kind: 'unknown', why: `'${specifier}' is a package or missing` };
    const target = this.module(file);
    if (!target) return { kind: 'unknown', why: `cannot read ${file}` };
    if (imported === '*') return { kind: 'namespace', module: target };
    return this.resolveExport(target, imported, seen);
  }

  private resolveTopLevel(module: ModuleInfo, name: string, seen = new Set<string>()): Target {
    const local = module.locals.get(name);
    if (local) return { kind: 'value', module, name, node: local };
    const imported = module.imports.get(name);
    if (imported) return this.resolveImported(module, imported.specifier, imported.imported, seen);
    return { kind: 'unknown', why: `'${name}' is not declared in ${module.file}` };
  }

  /** Resolves an identifier where it is used: enclosing blocks and parameters first, then the module. */
  private resolveIdentifier(module: ModuleInfo, identifier: ts.Identifier): Target {
    const name = identifier.text;
    for (let node: ts.Node | undefined = identifier.parent; node && !ts.isSourceFile(node); node = node.parent) {
      if (ts.isFunctionLike(node)) {
        for (const parameter of node.parameters) {
          const names = ts.isIdentifier(parameter.name) ? [parameter.name.text] : bindingElements(parameter.name).map((e) => (e.name as ts.Identifier).text);
          if (names.includes(name)) return { kind: 'unknown', why: `'${name}' is a parameter` };
        }
        if ((ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node)) && node.name?.text === name) return { kind: 'value', module, name, node };
      }
      if (ts.isBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
        for (const statement of node.statements) {
          if (ts.isFunctionDeclaration(statement) && statement.name?.text === name && statement.body) return { kind: 'value', module, name, node: statement };
          if (ts.isVariableStatement(statement)) {
            for (const declaration of statement.declarationList.declarations) {
              if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return { kind: 'value', module, name, node: declaration };
              const element = bindingElements(declaration.name).find((e) => (e.name as ts.Identifier).text === name);
              if (element) return { kind: 'value', module, name, node: element };
            }
          }
        }
      }
    }
    return this.resolveTopLevel(module, name);
  }

  /** What a call's callee (or a function passed by name) refers to. */
  private resolveCallee(module: ModuleInfo, expression: ts.Expression): Target {
    const inner = unwrap(expression);
    if (ts.isIdentifier(inner)) return this.resolveIdentifier(module, inner);
    if (ts.isPropertyAccessExpression(inner) && ts.isIdentifier(inner.expression)) {
      const owner = this.resolveIdentifier(module, inner.expression);
      if (owner.kind === 'namespace') return this.resolveExport(owner.module, inner.name.text);
    }
    return { kind: 'unknown', why: 'not a plain function reference' };
  }

  private isGuard(target: Target): boolean {
    return target.kind === 'value' && target.module.file === this.guard.file && target.name === this.guard.name && ts.isFunctionDeclaration(target.node);
  }

  /**
   * The code that runs when the value of `node` is called: a function's own node; for a factory
   * call the functions the factory returns plus the call's arguments; for a destructured value the
   * matching property of what the factory returns.
   */
  private callables(module: ModuleInfo, node: ts.Node, seen = new Set<ts.Node>()): Array<{ module: ModuleInfo; node: ts.Node }> {
    if (seen.has(node)) return [];
    seen.add(node);
    if (ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) return [{ module, node }];
    if (ts.isVariableDeclaration(node)) return node.initializer ? this.callables(module, node.initializer, seen) : [];
    if (ts.isBindingElement(node)) return this.destructured(module, node, seen);
    if (!ts.isExpression(node)) return [];
    const expression = unwrap(node);
    if (expression !== node) return this.callables(module, expression, seen);
    if (ts.isIdentifier(expression) || ts.isPropertyAccessExpression(expression)) {
      const target = this.resolveCallee(module, expression);
      return target.kind === 'value' ? this.callables(target.module, target.node, seen) : [];
    }
    if (ts.isCallExpression(expression)) {
      const target = this.resolveCallee(module, expression.expression);
      const produced = target.kind === 'value' ? this.returnedBy(target.module, target.node, seen) : [];
      const passed = expression.arguments.flatMap((argument) => {
        const inner = unwrap(argument);
        return ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner) ? this.callables(module, inner, seen) : [{ module, node: argument }];
      });
      return [...produced, ...passed];
    }
    return [];
  }

  /** What calling the factory `node` returns, as callables. */
  private returnedBy(module: ModuleInfo, node: ts.Node, seen: Set<ts.Node>): Array<{ module: ModuleInfo; node: ts.Node }> {
    return this.callables(module, node, new Set(seen)).flatMap(({ module: m, node: fn }) =>
      returnedExpressions(fn).flatMap((returned) => this.callables(m, returned, seen)),
    );
  }

  private destructured(module: ModuleInfo, element: ts.BindingElement, seen: Set<ts.Node>): Array<{ module: ModuleInfo; node: ts.Node }> {
    const key = ((element.propertyName ?? element.name) as ts.Identifier).text;
    let declaration: ts.Node = element.parent;
    while (!ts.isVariableDeclaration(declaration) && declaration.parent) declaration = declaration.parent;
    if (!ts.isVariableDeclaration(declaration) || !declaration.initializer) return [];
    const initializer = unwrap(declaration.initializer);
    const produced = ts.isCallExpression(initializer)
      ? (() => {
          const target = this.resolveCallee(module, initializer.expression);
          if (target.kind !== 'value') return [];
          return this.callables(target.module, target.node, new Set(seen)).flatMap(({ module: m, node: fn }) =>
            returnedExpressions(fn).map((returned) => ({ module: m, node: unwrap(returned) })),
          );
        })()
      : [{ module, node: initializer }];
    return produced.flatMap(({ module: m, node: object }) => {
      if (!ts.isObjectLiteralExpression(object)) return [];
      return object.properties.flatMap((property) => {
        if (!property.name || propertyName(property.name) !== key) return [];
        if (ts.isPropertyAssignment(property)) return this.callables(m, property.initializer, seen);
        if (ts.isShorthandPropertyAssignment(property)) {
          const target = this.resolveIdentifier(m, property.name);
          return target.kind === 'value' ? this.callables(target.module, target.node, seen) : [];
        }
        if (ts.isMethodDeclaration(property)) return [{ module: m, node: property }];
        return [];
      });
    });
  }

  /** Analyses the exported `loader` and `action` of a route module (those it has). */
  analyseRouteModule(file: string): EntryPointAnalysis[] {
    const module = this.module(file);
    if (!module) throw new Error(`cannot read ${file}`);
    const results: EntryPointAnalysis[] = [];
    for (const name of ENTRY_EXPORTS) {
      if (!module.exports.has(name) && !module.starExports.length) continue;
      const target = this.resolveExport(module, name);
      if (target.kind === 'unknown' && !module.exports.has(name)) continue; // no such export (also not through export *)
      const result: EntryPointAnalysis = { file, name, definedIn: file, guards: [], rejected: [], problems: [] };
      results.push(result);
      if (target.kind !== 'value') {
        result.problems.push(`cannot resolve the export: ${target.kind === 'unknown' ? target.why : 'a namespace'}`);
        continue;
      }
      result.definedIn = target.module.file;
      const roots = this.callables(target.module, target.node);
      if (!roots.length) result.problems.push(`the export in ${target.module.file} is not a function this analysis can follow`);
      const visited = new Map<ts.Node, number>();
      // A function a factory returned is named after the factory's module.
      for (const root of roots) this.walk(root.module, root.node, 0, root.module === target.module ? [] : [`${name} (${root.module.file})`], visited, result);
    }
    return results;
  }

  private walk(module: ModuleInfo, node: ts.Node, depth: number, via: string[], visited: Map<ts.Node, number>, result: EntryPointAnalysis) {
    const maxDepth = this.options.maxDepth ?? MAX_DEPTH;
    const best = visited.get(node);
    if (best !== undefined && best <= depth) return;
    visited.set(node, depth);

    const follow = (target: Target, label: string) => {
      if (target.kind !== 'value') return;
      if (depth + 1 > maxDepth) {
        const problem = `depth limit ${maxDepth} reached at ${[...via, label].join(' → ')}`;
        if (!result.problems.includes(problem)) result.problems.push(problem);
        return;
      }
      for (const callable of this.callables(target.module, target.node)) {
        this.walk(callable.module, callable.node, depth + 1, [...via, `${label} (${callable.module.file})`], visited, result);
      }
    };

    const visit = (child: ts.Node): void => {
      if (ts.isTypeNode(child) || ts.isInterfaceDeclaration(child) || ts.isTypeAliasDeclaration(child)) return;
      if (ts.isCallExpression(child)) {
        const target = this.resolveCallee(module, child.expression);
        if (this.isGuard(target)) {
          this.recordGuard(module, child, via, result);
          child.arguments.forEach(visit);
          return;
        }
        follow(target, unwrap(child.expression).getText(module.sourceFile));
        for (const argument of child.arguments) {
          const inner = unwrap(argument);
          if (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)) {
            const passed = this.resolveCallee(module, inner);
            if (passed.kind === 'value' && !this.isGuard(passed)) follow(passed, inner.getText(module.sourceFile));
          }
        }
      }
      ts.forEachChild(child, visit);
    };
    // A function: its body (parameters' default values too). Anything else: the expression.
    if (ts.isFunctionLike(node)) ts.forEachChild(node, visit);
    else visit(node);
  }

  private recordGuard(module: ModuleInfo, call: ts.CallExpression, via: string[], result: EntryPointAnalysis) {
    const { line } = module.sourceFile.getLineAndCharacterOfPosition(call.getStart(module.sourceFile));
    const guard: GuardCall = {
      at: `${module.file}:${line + 1}`,
      text: call.getText(module.sourceFile).split('\n')[0]!,
      scoped: call.arguments.length >= 3,
      via,
    };
    const first = call.arguments[0] && unwrap(call.arguments[0]);
    const passesRequest =
      first !== undefined && ((ts.isIdentifier(first) && first.text === 'request') || (ts.isPropertyAccessExpression(first) && first.name.text === 'request'));
    if (!passesRequest) result.rejected.push({ ...guard, reason: 'the first argument is not the request' });
    else if (!isAwaitedOrReturned(call)) result.rejected.push({ ...guard, reason: 'the call is neither awaited nor returned' });
    else result.guards.push(guard);
  }
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isTypeAssertionExpression(current) ||
    ts.isAwaitExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** The expressions a function returns (not those of functions nested in it). */
function returnedExpressions(fn: ts.Node): ts.Expression[] {
  if (ts.isArrowFunction(fn) && !ts.isBlock(fn.body)) return [fn.body];
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body) return [];
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) found.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/** `await g(…)`, `return g(…)`, `() => g(…)`, also inside `Promise.all([g(…)])` that is awaited. */
function isAwaitedOrReturned(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  while (node.parent) {
    const parent: ts.Node = node.parent;
    if (ts.isAwaitExpression(parent) || ts.isReturnStatement(parent)) return true;
    if (ts.isArrowFunction(parent) && parent.body === node) return true;
    if (ts.isStatement(parent) || ts.isFunctionLike(parent) || ts.isVariableDeclaration(parent)) return false;
    node = parent;
  }
  return false;
}

function parseModule(file: string, source: string): ModuleInfo {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  const info: ModuleInfo = { file, sourceFile, imports: new Map(), locals: new Map(), exports: new Map(), starExports: [] };
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement)) {
      const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
      const clause = statement.importClause;
      if (!clause || clause.isTypeOnly) continue;
      if (clause.name) info.imports.set(clause.name.text, { specifier, imported: 'default' });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) info.imports.set(bindings.name.text, { specifier, imported: '*' });
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          if (!element.isTypeOnly) info.imports.set(element.name.text, { specifier, imported: (element.propertyName ?? element.name).text });
        }
      }
      continue;
    }
    if (ts.isExportDeclaration(statement)) {
      if (statement.isTypeOnly) continue;
      const specifier = statement.moduleSpecifier && (statement.moduleSpecifier as ts.StringLiteral).text;
      const clause = statement.exportClause;
      if (!clause) {
        if (specifier) info.starExports.push(specifier);
      } else if (ts.isNamespaceExport(clause)) {
        if (specifier) info.exports.set(clause.name.text, { specifier, imported: '*' });
      } else {
        for (const element of clause.elements) {
          if (element.isTypeOnly) continue;
          const imported = (element.propertyName ?? element.name).text;
          info.exports.set(element.name.text, specifier ? { specifier, imported } : { local: imported });
        }
      }
      continue;
    }
    const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
    const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
    if (ts.isFunctionDeclaration(statement) && statement.body) {
      const name = statement.name?.text ?? 'default';
      info.locals.set(name, statement);
      if (exported) info.exports.set(isDefault ? 'default' : name, { local: name });
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const elements = bindingElements(declaration.name);
        const names = ts.isIdentifier(declaration.name) ? [declaration.name.text] : elements.map((e) => (e.name as ts.Identifier).text);
        if (ts.isIdentifier(declaration.name)) info.locals.set(declaration.name.text, declaration);
        for (const element of elements) info.locals.set((element.name as ts.Identifier).text, element);
        if (exported) for (const name of names) info.exports.set(name, { local: name });
      }
    } else if (ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression)) {
      info.exports.set('default', { local: statement.expression.text });
    }
  }
  return info;
}

/** Routes with a project or report in their path must check the permission FOR that project. */
export function needsScopedGuard(routePath: string): boolean {
  return /(^|\/):(code|reportId)(\/|$)/.test(routePath);
}

/** What is wrong with a route module's entry points: one message per failing export (none when all is well). */
export function guardFailures(analyses: EntryPointAnalysis[], routePath: string): string[] {
  const failures: string[] = [];
  for (const entry of analyses) {
    const where = `${entry.file} ${entry.name}${entry.definedIn === entry.file ? '' : ` (defined in ${entry.definedIn})`}`;
    const notes = [
      ...entry.rejected.map((r) => `ignored ${r.at} ${r.text}: ${r.reason}`),
      ...entry.problems,
    ].map((note) => `\n      ${note}`);
    if (entry.guards.length === 0) {
      failures.push(`${where}: reaches no awaited requirePermission(request, …) call${notes.join('')}`);
    } else if (needsScopedGuard(routePath) && !entry.guards.some((g) => g.scoped)) {
      const found = entry.guards.map((g) => `\n      unscoped: ${g.at} ${g.text}${g.via.length ? ` via ${g.via.join(' → ')}` : ''}`);
      failures.push(
        `${where}: route '${routePath}' names a project or report, so it must reach a scoped check ` +
          `requirePermission(request, permission, { projectId, … }), but reaches only unscoped ones${found.join('')}${notes.join('')}`,
      );
    }
  }
  return failures;
}
