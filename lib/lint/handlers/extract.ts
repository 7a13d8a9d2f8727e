/**
 * Handler facts from one parsed file: finds the exported handler (ESM and CommonJS exports,
 * re-exports from local modules, middleware wrappers such as `middy(fn)`), then reads the code
 * that runs on every invocation for the clients it creates and the resources it sends to.
 *
 * The code read is the handler's body (nested functions included) and, transitively, the
 * functions declared at the top of the same file that it calls or passes by name
 * (`records.map(processRecord)`), and methods of module-level object literals (`queue.push()`). Functions of other modules are not read: calls into local
 * modules (relative imports) are listed as `localCalls`, so rules know the facts are partial.
 */
import type * as M from 'ts-morph';
import { CONSTRUCTIONS, isV2ClientName, isV3ClientName, SEND_COMMANDS, SEND_METHODS, UPLOAD, V3_CLIENT_FACTORIES, WRAPPER_CHAIN_METHODS, type SendShape } from './catalog.js';
import {
  contextNames,
  envName,
  exportPath,
  isFunctionLike,
  isProcessEnv,
  locationOf,
  lookup,
  mentions,
  objectProperty,
  originOf,
  requiredModule,
  resolveObject,
  resolveValue,
  shortText,
  stringLiteral,
  unwrap,
  type FunctionLike,
  type ParsedFile,
} from './syntax.js';
import { tsMorph } from './ts-morph.js';
import type { CodeValue, Construction, HandlerAnalysis, KeyShape, LocalCall, Send } from './types.js';

/** Loads the module a file imports with a relative specifier, or says why it cannot. */
export type ModuleLoader = (from: ParsedFile, specifier: string) => ParsedFile | string;

/** The handler function found, in the file that declares it. */
interface Located {
  readonly fn: FunctionLike;
  readonly file: ParsedFile;
  readonly wrappedBy: readonly string[];
}
/** Why no handler is found; `missing` when the module surely has no such export (an ES module's exports are all declared). */
type Found = Located | { readonly reason: string; readonly missing?: true };

/** How many re-exports and aliases are followed to find a handler. */
const MAX_HOPS = 8;

/** The analysis of the export `exportName` of a parsed file. */
export function analyzeHandler(file: ParsedFile, exportName: string, load: ModuleLoader): HandlerAnalysis {
  const found = findExport(file, exportName, load, 0);
  if ('reason' in found) return { status: 'unresolved', reason: found.reason, ...(found.missing ? { fails: 'Runtime.HandlerNotFound' as const } : {}) };
  const { constructions, sends, localCalls } = factsOf(found.file, found.fn);
  const env = envReadsOf(found.file);
  return { status: 'analyzed', at: locationOf(found.file, found.fn), wrappedBy: found.wrappedBy, constructions, sends, localCalls, envReads: env.reads, envDynamic: env.dynamic };
}

// ---------------------------------------------------------------- finding the handler

/** A table's entry for a name the code chose (`toString` is not an entry). */
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../');
}

/** The function a module exports as `name`: ESM exports, CommonJS assignments to `exports`, re-exports. */
function findExport(file: ParsedFile, name: string, load: ModuleLoader, hops: number): Found {
  const { Node, SyntaxKind } = tsMorph();
  if (hops > MAX_HOPS) return { reason: `${file.label}: more than ${MAX_HOPS} re-exports or aliases to follow` };
  const starExports: string[] = [];
  // CommonJS: the last assignment that is a function wins (`exports.handler = void 0` comes first in compiled code).
  let commonJs: Found | undefined;
  for (const st of file.sourceFile.getStatements()) {
    // Modifiers, not isExported(): that asks the type checker, which would build a program.
    if (Node.isFunctionDeclaration(st) && st.hasExportKeyword()) {
      if (name === 'default' ? st.hasDefaultKeyword() : !st.hasDefaultKeyword() && st.getName() === name) return { fn: st, file, wrappedBy: [] };
    } else if (Node.isVariableStatement(st) && st.hasExportKeyword()) {
      for (const d of st.getDeclarations()) {
        const bound = d.getNameNode();
        // A destructuring export (`export const { handler } = make()`): the export is there, its value made at run time.
        if (!Node.isIdentifier(bound)) {
          if (bound.getDescendantsOfKind(SyntaxKind.BindingElement).some((b) => Node.isIdentifier(b.getNameNode()) && b.getName() === name)) return { reason: `${file.label}: '${name}' is exported by destructuring, which lint does not follow` };
          continue;
        }
        if (d.getName() !== name) continue;
        const init = d.getInitializer();
        return init ? resolveFunction(init, file, load, hops, []) : { reason: `${file.label}: '${name}' is declared without a value` };
      }
    } else if (Node.isExportAssignment(st)) {
      if (!st.isExportEquals() && name === 'default') return resolveFunction(st.getExpression(), file, load, hops, []);
      if (st.isExportEquals()) {
        const member = memberOf(st.getExpression(), name, file, load, hops);
        if (member) return member;
      }
    } else if (Node.isExportDeclaration(st)) {
      const spec = st.getModuleSpecifierValue();
      if (spec !== undefined && st.getNamedExports().length === 0 && !st.getNamespaceExport()) {
        starExports.push(spec);
        continue;
      }
      for (const e of st.getNamedExports()) {
        if ((e.getAliasNode()?.getText() ?? e.getName()) !== name) continue;
        if (spec === undefined) return resolveFunction(e.getNameNode(), file, load, hops, []);
        return fromModule(file, spec, e.getName(), load, hops);
      }
    } else if (Node.isExpressionStatement(st)) {
      const found = commonJsExport(st.getExpression(), name, file, load, hops);
      if (found && (!('reason' in found) || !commonJs || 'reason' in commonJs)) commonJs = found;
    }
  }
  if (commonJs) return commonJs;
  // Sure that the export is not there: an ES module declares all its exports, and so does each module it re-exports everything of.
  let missing = isPlainEsModule(file);
  for (const spec of starExports) {
    if (!isRelative(spec)) {
      missing = false;
      continue;
    }
    const other = load(file, spec);
    if (typeof other === 'string') {
      missing = false;
      continue;
    }
    const found = findExport(other, name, load, hops + 1);
    if (!('reason' in found)) return found;
    if (!found.missing) missing = false;
  }
  if (missing) return { reason: `${file.label} is an ES module without an export named '${name}'`, missing };
  return { reason: `${file.label} has no export named '${name}' lambdaform can find (ESM export, exports.${name}, module.exports)` };
}

/**
 * True for a file of ES module syntax (imports or exports) that never touches CommonJS's
 * `exports` or `module`, nor uses `export =`: what it exports is what its export statements
 * declare, so an export they do not declare is not there at run time.
 */
function isPlainEsModule(file: ParsedFile): boolean {
  const { Node, SyntaxKind } = tsMorph();
  const statements = file.sourceFile.getStatements();
  if (statements.some((st) => Node.isExportAssignment(st) && st.isExportEquals())) return false;
  const esm = statements.some(
    (st) =>
      Node.isImportDeclaration(st) ||
      Node.isExportDeclaration(st) ||
      Node.isExportAssignment(st) ||
      ((Node.isFunctionDeclaration(st) || Node.isVariableStatement(st) || Node.isClassDeclaration(st)) && st.hasExportKeyword()),
  );
  if (!esm) return false;
  return !file.sourceFile.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => {
    const text = id.getText();
    if (text !== 'exports' && text !== 'module') return false;
    // A property name (`config.exports`, `{ module: 1 }`) is not CommonJS's.
    const parent = id.getParent();
    return !((Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id) || (Node.isPropertyAssignment(parent) && parent.getNameNode() === id));
  });
}

/** The export `name` of the module `spec` imported by `file`. */
function fromModule(file: ParsedFile, spec: string, name: string, load: ModuleLoader, hops: number): Found {
  if (!isRelative(spec)) return { reason: `${file.label}: the handler comes from the package '${spec}', which lint does not read` };
  const other = load(file, spec);
  if (typeof other === 'string') return { reason: other };
  return findExport(other, name, load, hops + 1);
}

/** `module.exports.name = fn`, `exports.name = fn`, `module.exports = { name }`, `Object.defineProperty(exports, 'name', ...)`. */
function commonJsExport(expr: M.Expression, name: string, file: ParsedFile, load: ModuleLoader, hops: number): Found | undefined {
  const { Node, SyntaxKind } = tsMorph();
  const e = unwrap(expr);
  if (Node.isBinaryExpression(e) && e.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
    const left = unwrap(e.getLeft());
    if (exportsMember(left) === name) return resolveFunction(assignedValue(e.getRight()), file, load, hops, []);
    if (isModuleExports(left)) return memberOf(e.getRight(), name, file, load, hops);
    // exports.a = exports.handler = fn
    return commonJsExport(e.getRight(), name, file, load, hops);
  }
  if (Node.isCallExpression(e) && shortText(e.getExpression()) === 'Object.defineProperty') {
    const [target, key, descriptor] = e.getArguments();
    if (!target || !descriptor || !(isExportsObject(target)) || stringLiteral(key) !== name) return undefined;
    const obj = resolveObject(descriptor);
    const value = obj && objectProperty(obj, 'value');
    if (value) return resolveFunction(value, file, load, hops, []);
    // TypeScript's re-export: { enumerable: true, get: function () { return impl_1.handler; } }
    const getter = obj && objectProperty(obj, 'get');
    const g = getter && unwrap(getter);
    if (g && isFunctionLike(g)) {
      const body = g.getBody();
      const returned = body && Node.isBlock(body) ? body.getStatements().find((s) => Node.isReturnStatement(s)) : body;
      const ret = returned && Node.isReturnStatement(returned) ? returned.getExpression() : returned;
      if (ret) return resolveFunction(ret, file, load, hops, []);
    }
  }
  return undefined;
}

/** The innermost value of a chain of assignments (`a = b = fn` is `fn`). */
function assignedValue(node: M.Node): M.Node {
  const { Node, SyntaxKind } = tsMorph();
  const n = unwrap(node);
  return Node.isBinaryExpression(n) && n.getOperatorToken().getKind() === SyntaxKind.EqualsToken ? assignedValue(n.getRight()) : n;
}

function isModuleExports(node: M.Node): boolean {
  const { Node } = tsMorph();
  const n = unwrap(node);
  return Node.isPropertyAccessExpression(n) && n.getName() === 'exports' && n.getExpression().getText() === 'module';
}

function isExportsObject(node: M.Node): boolean {
  const { Node } = tsMorph();
  const n = unwrap(node);
  return (Node.isIdentifier(n) && n.getText() === 'exports') || isModuleExports(n);
}

/** `exports.x`, `exports['x']`, `module.exports.x`: the name. */
function exportsMember(node: M.Node): string | undefined {
  const { Node } = tsMorph();
  if (Node.isPropertyAccessExpression(node) && isExportsObject(node.getExpression())) return node.getName();
  if (Node.isElementAccessExpression(node) && isExportsObject(node.getExpression())) return stringLiteral(node.getArgumentExpression());
  return undefined;
}

/** The member `name` of what a module exports as a whole (`module.exports = { handler }`, `module.exports = require('./impl')`). */
function memberOf(node: M.Node, name: string, file: ParsedFile, load: ModuleLoader, hops: number): Found | undefined {
  const n = unwrap(node);
  const spec = requiredModule(n);
  if (spec !== undefined) return fromModule(file, spec, name, load, hops);
  const obj = resolveObject(n);
  const value = obj && objectProperty(obj, name);
  return value ? resolveFunction(value, file, load, hops, []) : undefined;
}

/**
 * The function an expression is: a function itself, a declaration it names, an import of a local
 * module, or the function a wrapper receives (`middy(fn).use(...)`, `withSentry(fn)`,
 * `middy().handler(fn)`).
 */
function resolveFunction(node: M.Node, file: ParsedFile, load: ModuleLoader, hops: number, wrappedBy: readonly string[]): Found {
  const { Node } = tsMorph();
  if (hops > MAX_HOPS) return { reason: `${file.label}: more than ${MAX_HOPS} re-exports or aliases to follow` };
  const n = unwrap(node);
  if (isFunctionLike(n)) return { fn: n, file, wrappedBy };
  if (Node.isIdentifier(n)) {
    const b = lookup(n.getText(), n);
    if (!b) return { reason: `${file.label}: '${n.getText()}' is not declared in the file` };
    if (b.kind === 'function') return { fn: b.fn, file, wrappedBy };
    if (b.kind === 'value') return resolveFunction(b.init, file, load, hops + 1, wrappedBy);
    if (b.kind === 'import') {
      const found = b.path.length === 1 ? fromModule(file, b.module, b.path[0]!, load, hops) : { reason: `${file.label}: the handler is the module '${b.module}' itself` };
      return 'reason' in found ? found : { ...found, wrappedBy: [...wrappedBy, ...found.wrappedBy] };
    }
    return { reason: `${file.label}: '${n.getText()}' is not a function lambdaform can follow` };
  }
  if (Node.isPropertyAccessExpression(n)) {
    const obj = resolveObject(n.getExpression());
    const value = obj && objectProperty(obj, n.getName());
    if (value) return resolveFunction(value, file, load, hops + 1, wrappedBy);
    const origin = originOf(n);
    if (origin && 'module' in origin && origin.path.length === 1) {
      const found = fromModule(file, origin.module, origin.path[0]!, load, hops);
      return 'reason' in found ? found : { ...found, wrappedBy: [...wrappedBy, ...found.wrappedBy] };
    }
  }
  if (Node.isCallExpression(n)) {
    const callee = n.getExpression();
    // middy(fn).use(a).use(b): the chain returns what middy(fn) returns.
    if (Node.isPropertyAccessExpression(callee) && WRAPPER_CHAIN_METHODS.has(callee.getName()) && Node.isCallExpression(unwrap(callee.getExpression()))) {
      return resolveFunction(callee.getExpression(), file, load, hops + 1, wrappedBy);
    }
    const wrapper = shortText(callee, 40);
    for (const arg of n.getArguments()) {
      const found = resolveFunction(arg, file, load, hops + 1, [...wrappedBy, wrapper]);
      if (!('reason' in found)) return found;
    }
    return { reason: `${file.label}: the handler is what ${wrapper}(...) returns, and none of its arguments is a function lambdaform can follow` };
  }
  return { reason: `${file.label}: the handler is ${shortText(n)}, not a function lambdaform can follow` };
}

// ---------------------------------------------------------------- what runs on every invocation

/** A function that runs on every invocation, and the same-file calls that lead to it. */
interface ScopeFunction {
  readonly fn: FunctionLike;
  readonly via: readonly string[];
}

/** The handler and the module-level functions of the same file it calls (or passes by name), transitively. */
function invocationScope(handler: FunctionLike): ScopeFunction[] {
  const { SyntaxKind } = tsMorph();
  const out: ScopeFunction[] = [];
  const seen = new Set<M.Node>([handler]);
  const queue: ScopeFunction[] = [{ fn: handler, via: [] }];
  while (queue.length > 0) {
    const current = queue.shift()!;
    out.push(current);
    for (const call of current.fn.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      for (const candidate of [call.getExpression(), ...call.getArguments()]) {
        const fn = moduleFunction(candidate);
        if (!fn || seen.has(fn)) continue;
        // `clientPromise ??= connect()`: what connect() creates is created once, and kept.
        if (isCached(call)) continue;
        seen.add(fn);
        queue.push({ fn, via: [...current.via, shortText(candidate, 40)] });
      }
    }
  }
  return out;
}

/**
 * The module-level function an expression names: a function of the file (`processRecord`), or a
 * method of a module-level object literal (`queue.push` of `const queue = { push(body) { ... } }`).
 */
function moduleFunction(node: M.Node): FunctionLike | undefined {
  const { Node } = tsMorph();
  if (Node.isIdentifier(node)) {
    const b = lookup(node.getText(), node);
    return b?.kind === 'function' && b.moduleLevel ? b.fn : undefined;
  }
  if (Node.isPropertyAccessExpression(node) && Node.isIdentifier(node.getExpression())) {
    const base = node.getExpression();
    const b = lookup(base.getText(), base);
    if (b?.kind !== 'value' || !b.moduleLevel) return undefined;
    const obj = resolveObject(b.init);
    const value = obj && objectProperty(obj, node.getName());
    if (!value) return undefined;
    const v = unwrap(value);
    return isFunctionLike(v) ? v : moduleFunction(v);
  }
  return undefined;
}

function factsOf(file: ParsedFile, handler: FunctionLike): { constructions: Construction[]; sends: Send[]; localCalls: LocalCall[] } {
  const { SyntaxKind } = tsMorph();
  const context = contextNames(handler);
  const constructions: Construction[] = [];
  const sends: Send[] = [];
  const localCalls: LocalCall[] = [];
  const seen = new Set<M.Node>();
  for (const { fn, via } of invocationScope(handler)) {
    const nodes = [...fn.getDescendantsOfKind(SyntaxKind.NewExpression), ...fn.getDescendantsOfKind(SyntaxKind.CallExpression)];
    for (const node of nodes) {
      if (seen.has(node)) continue;
      seen.add(node);
      const made = constructionOf(node);
      if (made && !isCached(node)) constructions.push({ ...made, at: locationOf(file, node), via });
      const send = sendOf(node, file, context);
      if (send) sends.push({ ...send, via });
      const local = localCallOf(node, file);
      if (local) localCalls.push(local);
    }
  }
  const byPlace = (a: { at: { line: number; column: number } }, b: { at: { line: number; column: number } }) => a.at.line - b.at.line || a.at.column - b.at.column;
  return { constructions: constructions.sort(byPlace), sends: sends.sort(byPlace), localCalls: localCalls.sort(byPlace) };
}

/** A client, connection or agent a `new` or call creates, by the tables of catalog.ts. */
function constructionOf(node: M.NewExpression | M.CallExpression): Omit<Construction, 'at' | 'via'> | undefined {
  const { Node } = tsMorph();
  const how = Node.isNewExpression(node) ? 'new' : 'call';
  const callee = node.getExpression();
  const origin = originOf(callee);
  if (!origin || !('module' in origin)) return undefined;
  const path = exportPath(origin.path);
  const module = origin.module;
  const what = `${how === 'new' ? 'new ' : ''}${shortText(callee, 50)}()`;
  if (module.startsWith('@aws-sdk/client-') && how === 'new' && path.length === 1 && isV3ClientName(path[0]!)) return { kind: 'aws-sdk-v3', what, module };
  const factories = own(V3_CLIENT_FACTORIES, module);
  if (factories && factories.includes(path[0] ?? '') && ((how === 'call' && path.length === 2 && path[1] === 'from') || (how === 'new' && path.length === 1))) return { kind: 'aws-sdk-v3', what, module };
  if (module === 'aws-sdk' && how === 'new' && path.length >= 1 && isV2ClientName(path[0]!)) return { kind: 'aws-sdk-v2', what, module };
  if (module.startsWith('aws-sdk/clients/') && how === 'new' && path.length <= 1) return { kind: 'aws-sdk-v2', what, module };
  for (const entry of CONSTRUCTIONS) {
    if (entry.how === how && entry.modules.includes(module) && entry.paths.some((p) => p.length === path.length && p.every((x, i) => x === path[i]))) return { kind: entry.kind, what, module };
  }
  return undefined;
}

/**
 * True when what `node` creates is created once and kept: assigned with `??=` or `||=` (or
 * `x = x ?? new X()`) to a module-level variable, or under a test of a module-level variable that
 * the guarded code assigns (`if (!client) client = new X()`, `if (client) return client; client =
 * new X()`, `if (!cache.has(k)) cache.set(k, new X())`, and whatever the guarded code creates on
 * the way, such as the client a document client wraps).
 */
function isCached(node: M.Node): boolean {
  const { Node, SyntaxKind } = tsMorph();
  // Anywhere in what `??=` or `||=` assigns to a module-level variable (`pool ||= Promise.resolve(new Pool())`), within the statement and the function.
  for (let c: M.Node = node, p = node.getParent(); p && !Node.isStatement(p) && !isFunctionLike(p); c = p, p = p.getParent()) {
    if (!Node.isBinaryExpression(p) || p.getRight() !== c) continue;
    const op = p.getOperatorToken().getKind();
    if ((op === SyntaxKind.QuestionQuestionEqualsToken || op === SyntaxKind.BarBarEqualsToken) && moduleVariable(p.getLeft())) return true;
  }
  let sink: M.Node = node;
  for (let p = sink.getParent(); p && unwrap(p) !== p; p = p.getParent()) sink = p;
  const parent = sink.getParent();
  if (parent && Node.isBinaryExpression(parent) && parent.getRight() === sink) {
    const op = parent.getOperatorToken().getKind();
    if ((op === SyntaxKind.QuestionQuestionEqualsToken || op === SyntaxKind.BarBarEqualsToken) && moduleVariable(parent.getLeft())) return true;
    // client = client ?? new X()
    const assignment = parent.getParent();
    if ((op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.BarBarToken) && assignment && Node.isBinaryExpression(assignment) && assignment.getRight() === parent) {
      const target = moduleVariable(assignment.getLeft());
      if (target && mentions(parent.getLeft(), target)) return true;
    }
  }
  let child: M.Node = node;
  for (let a = node.getParent(); a && !Node.isSourceFile(a); child = a, a = a.getParent()) {
    if (Node.isIfStatement(a) && child !== a.getExpression() && initializesTested(a.getExpression(), [child])) return true;
    // An expression's guard (`other ? other : (other = new X())`): the assignment may be around it, in the same statement.
    if (Node.isConditionalExpression(a) && child !== a.getCondition() && initializesTested(a.getCondition(), [statementOf(a)])) return true;
    if (Node.isBinaryExpression(a) && child === a.getRight()) {
      const op = a.getOperatorToken().getKind();
      if ((op === SyntaxKind.AmpersandAmpersandToken || op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken) && initializesTested(a.getLeft(), [statementOf(a)])) return true;
    }
    if (Node.isBlock(a)) {
      // if (client) return client; ... client = new X()
      const statements: M.Node[] = a.getStatements();
      const at = statements.indexOf(child);
      for (const [i, st] of statements.slice(0, at).entries()) {
        if (Node.isIfStatement(st) && exits(st.getThenStatement()) && initializesTested(st.getExpression(), statements.slice(i + 1))) return true;
      }
    }
  }
  return false;
}

/** True when a condition tests a module-level variable that the guarded code assigns (or `.set`s). */
function initializesTested(condition: M.Node, guarded: readonly M.Node[]): boolean {
  const { Node, SyntaxKind } = tsMorph();
  const ids = Node.isIdentifier(condition) ? [condition] : condition.getDescendantsOfKind(SyntaxKind.Identifier);
  const tested = new Set(ids.filter((i) => lookup(i.getText(), i)?.moduleLevel).map((i) => i.getText()));
  if (tested.size === 0) return false;
  return guarded.some((region) => {
    const nodes = [region, ...region.getDescendants()];
    return nodes.some((n) => {
      if (Node.isBinaryExpression(n) && isAssignment(n.getOperatorToken().getKind())) return tested.has(rootName(n.getLeft()) ?? '');
      if (Node.isCallExpression(n)) {
        const callee = n.getExpression();
        return Node.isPropertyAccessExpression(callee) && callee.getName() === 'set' && tested.has(rootName(callee.getExpression()) ?? '');
      }
      return false;
    });
  });
}

/** The statement an expression is part of. */
function statementOf(node: M.Node): M.Node {
  const { Node } = tsMorph();
  let n = node;
  while (!Node.isStatement(n) && n.getParent()) n = n.getParent()!;
  return n;
}

function isAssignment(kind: number): boolean {
  const { SyntaxKind } = tsMorph();
  return kind === SyntaxKind.EqualsToken || kind === SyntaxKind.QuestionQuestionEqualsToken || kind === SyntaxKind.BarBarEqualsToken || kind === SyntaxKind.AmpersandAmpersandEqualsToken;
}

/** The identifier an assignment target starts from (`client`, `cache` of `cache.s3`, `clients` of `clients[region]`). */
function rootName(target: M.Node): string | undefined {
  const { Node } = tsMorph();
  let n = unwrap(target);
  while (Node.isPropertyAccessExpression(n) || Node.isElementAccessExpression(n)) n = unwrap(n.getExpression());
  return Node.isIdentifier(n) ? n.getText() : undefined;
}

/** The module-level variable an assignment target belongs to. */
function moduleVariable(target: M.Node): string | undefined {
  const { Node } = tsMorph();
  const name = rootName(target);
  const root = unwrap(target);
  return name !== undefined && lookup(name, root)?.moduleLevel && (Node.isIdentifier(root) || Node.isPropertyAccessExpression(root) || Node.isElementAccessExpression(root)) ? name : undefined;
}

/** True when a statement returns or throws (an early exit). */
function exits(st: M.Statement): boolean {
  const { Node } = tsMorph();
  if (Node.isReturnStatement(st) || Node.isThrowStatement(st)) return true;
  return Node.isBlock(st) && st.getStatements().some((s) => Node.isReturnStatement(s) || Node.isThrowStatement(s));
}

/** A send to an AWS resource: an SDK v3 command, `new Upload(...)`, or an SDK v2 (or v3 aggregated) method. */
function sendOf(node: M.NewExpression | M.CallExpression, file: ParsedFile, context: ReadonlySet<string>): Omit<Send, 'via'> | undefined {
  const { Node } = tsMorph();
  const callee = node.getExpression();
  const first = node.getArguments()[0];
  let shape: SendShape | undefined;
  let call: string;
  let params: M.ObjectLiteralExpression | undefined;
  let paramsText: string;
  if (Node.isNewExpression(node)) {
    const origin = originOf(callee);
    const name = origin ? (origin.path[origin.path.length - 1] ?? ('global' in origin ? origin.global : undefined)) : undefined;
    const module = origin && 'module' in origin ? origin.module : undefined;
    if (name === undefined) return undefined;
    const command = own(SEND_COMMANDS, name);
    if (command && (module === undefined || module.startsWith('@aws-sdk/'))) {
      shape = command;
      params = first && resolveObject(first);
    } else if (name === UPLOAD.name && module === UPLOAD.module) {
      shape = UPLOAD.shape;
      const outer = first && resolveObject(first);
      const inner = outer && objectProperty(outer, UPLOAD.params);
      params = inner && resolveObject(inner);
    } else return undefined;
    call = name;
    paramsText = first ? shortText(first) : 'no parameters';
  } else {
    if (!Node.isPropertyAccessExpression(callee)) return undefined;
    shape = own(SEND_METHODS, callee.getName());
    params = first && resolveObject(first);
    if (!shape || !params) return undefined;
    const names = shape.entries ? [shape.entries] : shape.target;
    if (!names.some((k) => objectProperty(params!, k))) return undefined;
    call = callee.getName();
    paramsText = shortText(first!);
  }
  const target = targetOf(shape, params, context, paramsText);
  const keyNode = shape.key && params ? objectProperty(params, shape.key) : undefined;
  const key = shape.key ? keyShape(keyNode ? resolveValue(keyNode, context) : { kind: 'unknown', text: paramsText }) : undefined;
  return { service: shape.service, call, target, ...(key ? { key } : {}), at: locationOf(file, sendCallOf(node)) };
}

function targetOf(shape: SendShape, params: M.ObjectLiteralExpression | undefined, context: ReadonlySet<string>, paramsText: string): CodeValue {
  const { Node } = tsMorph();
  if (!params) return { kind: 'unknown', text: paramsText };
  let holder: M.ObjectLiteralExpression | undefined = params;
  if (shape.entries) {
    const list = objectProperty(params, shape.entries);
    const array = list && unwrap(list);
    const entry = array && Node.isArrayLiteralExpression(array) ? array.getElements()[0] : undefined;
    holder = entry && resolveObject(entry);
    if (!holder) return { kind: 'unknown', text: paramsText };
  }
  for (const name of shape.target) {
    const value = objectProperty(holder, name);
    if (value) return resolveValue(value, context);
  }
  return shape.defaultTarget !== undefined ? { kind: 'literal', value: shape.defaultTarget } : { kind: 'unknown', text: paramsText };
}

/** The literal start and end of an S3 key. */
function keyShape(value: CodeValue): KeyShape {
  if (value.kind === 'literal') return { prefix: value.value, suffix: value.value, exact: true };
  if (value.kind === 'template') {
    const first = value.parts[0];
    const last = value.parts[value.parts.length - 1];
    return { prefix: first?.kind === 'literal' ? first.value : '', suffix: last?.kind === 'literal' ? last.value : '', exact: false };
  }
  return { prefix: '', suffix: '', exact: false };
}

/**
 * Where a command is sent: the `.send(...)` call it is passed to, directly or through a variable
 * (`const cmd = new InvokeCommand(...); await client.send(cmd)`); the command itself otherwise.
 */
function sendCallOf(node: M.NewExpression | M.CallExpression): M.Node {
  const { Node, SyntaxKind } = tsMorph();
  if (!Node.isNewExpression(node)) return node;
  let sink: M.Node = node;
  for (let p = sink.getParent(); p && unwrap(p) !== p; p = p.getParent()) sink = p;
  const parent = sink.getParent();
  const isSend = (c: M.Node | undefined): c is M.CallExpression => {
    if (!c || !Node.isCallExpression(c)) return false;
    const callee = c.getExpression();
    return Node.isPropertyAccessExpression(callee) && callee.getName() === 'send';
  };
  if (isSend(parent) && parent.getArguments()[0] === sink) return parent;
  if (parent && Node.isVariableDeclaration(parent) && Node.isIdentifier(parent.getNameNode())) {
    const name = parent.getName();
    const scope = parent.getFirstAncestor((a) => isFunctionLike(a)) ?? parent.getSourceFile();
    for (const c of scope.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const arg = c.getArguments()[0];
      if (isSend(c) && arg && Node.isIdentifier(unwrap(arg)) && unwrap(arg).getText() === name) return c;
    }
  }
  return node;
}

/** A call into a local module (relative import or require), whose code is not read. */
function localCallOf(node: M.NewExpression | M.CallExpression, file: ParsedFile): LocalCall | undefined {
  const required = requiredModule(node);
  if (required !== undefined) return isRelative(required) ? { module: required, name: shortText(node.getExpression()), at: locationOf(file, node) } : undefined;
  const origin = originOf(node.getExpression(), true);
  if (origin && 'module' in origin && isRelative(origin.module)) return { module: origin.module, name: shortText(node.getExpression(), 40), at: locationOf(file, node) };
  return undefined;
}

/** The environment variables a file reads, and whether it reads `process.env` whole or by computed names. */
function envReadsOf(file: ParsedFile): { reads: string[]; dynamic: boolean } {
  const { Node, SyntaxKind } = tsMorph();
  const reads = new Set<string>();
  let dynamic = false;
  for (const access of file.sourceFile.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)) {
    if (access.getName() !== 'env' || !isProcessEnv(access)) continue;
    const parent = access.getParent();
    const name = parent ? envName(parent) : undefined;
    if (name !== undefined) reads.add(name);
    else if (parent && Node.isVariableDeclaration(parent) && Node.isObjectBindingPattern(parent.getNameNode())) {
      for (const e of (parent.getNameNode() as M.ObjectBindingPattern).getElements()) {
        if (e.getDotDotDotToken()) dynamic = true;
        else reads.add(e.getPropertyNameNode()?.getText() ?? e.getName());
      }
    } else dynamic = true;
  }
  return { reads: [...reads].sort(), dynamic };
}
