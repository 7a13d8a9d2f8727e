/**
 * Syntax-only questions about a parsed file, without a type checker: which declaration a name
 * refers to (walking the enclosing scopes), which module an expression comes from
 * (`new pg.Pool()`, `require('pg').Pool`, an import), what object literal or value an expression
 * holds as far as its declarations tell.
 */
import type * as M from 'ts-morph';
import type { CodeLocation, CodeValue } from './types.js';
import { tsMorph } from './ts-morph.js';

/** A parsed file and how messages name it. */
export interface ParsedFile {
  readonly sourceFile: M.SourceFile;
  /** Absolute path (a virtual one for inline code). */
  readonly path: string;
  /** How messages name it: relative to the root, or `inline:index.js`. */
  readonly label: string;
}

/** Something that can be a handler: a function declaration, function expression, arrow function or object method. */
export type FunctionLike = M.FunctionDeclaration | M.FunctionExpression | M.ArrowFunction | M.MethodDeclaration;

/** What a name is declared as, where it is visible. */
export type Binding =
  /** An import or `require`: the module and the export path after it (`[]` the module or namespace, `['default']`, `['Pool']`). */
  | { readonly kind: 'import'; readonly module: string; readonly path: readonly string[]; readonly moduleLevel: boolean; readonly node: M.Node }
  /** A variable with an initializer. */
  | { readonly kind: 'value'; readonly init: M.Expression; readonly moduleLevel: boolean; readonly node: M.Node }
  /** `const { NAME } = process.env`. */
  | { readonly kind: 'env'; readonly name: string; readonly moduleLevel: boolean; readonly node: M.Node }
  /** A function declaration, or a variable initialized with a function. */
  | { readonly kind: 'function'; readonly fn: FunctionLike; readonly moduleLevel: boolean; readonly node: M.Node }
  /** Anything else: a parameter, a variable without initializer, a class, a loop variable. */
  | { readonly kind: 'other'; readonly moduleLevel: boolean; readonly node: M.Node };

/** How deep value and alias resolution follows declarations. */
const MAX_DEPTH = 8;

/** A node's place, 1-based. */
export function locationOf(file: ParsedFile, node: M.Node): CodeLocation {
  const { line, column } = file.sourceFile.getLineAndColumnAtPos(node.getStart());
  return { file: file.label, line, column };
}

/** An expression's text on one line, shortened. */
export function shortText(node: M.Node, max = 60): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** The expression inside parentheses, `as`, `satisfies`, `!`, `await` and type assertions. */
export function unwrap(node: M.Node): M.Node {
  const { Node } = tsMorph();
  let n = node;
  for (;;) {
    if (Node.isParenthesizedExpression(n) || Node.isAsExpression(n) || Node.isNonNullExpression(n) || Node.isSatisfiesExpression(n) || Node.isTypeAssertion(n) || Node.isAwaitExpression(n)) n = n.getExpression();
    else return n;
  }
}

export function isFunctionLike(node: M.Node | undefined): node is FunctionLike {
  const { Node } = tsMorph();
  return node !== undefined && (Node.isFunctionDeclaration(node) || Node.isFunctionExpression(node) || Node.isArrowFunction(node) || Node.isMethodDeclaration(node));
}

/** The literal text of a string literal or a template without substitutions. */
export function stringLiteral(node: M.Node | undefined): string | undefined {
  const { Node } = tsMorph();
  if (!node) return undefined;
  return Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node) ? node.getLiteralText() : undefined;
}

/** `require('m')` or `import('m')`: the module. */
export function requiredModule(node: M.Node): string | undefined {
  const { Node, SyntaxKind } = tsMorph();
  if (!Node.isCallExpression(node)) return undefined;
  const callee = node.getExpression();
  const isRequire = Node.isIdentifier(callee) && callee.getText() === 'require';
  const isImport = callee.getKind() === SyntaxKind.ImportKeyword;
  return isRequire || isImport ? stringLiteral(node.getArguments()[0]) : undefined;
}

/**
 * The module an expression reads from, without following variables: `require('m').A.B`,
 * `await import('m')`, and interop helpers around a require (`__toESM(require('m'))`,
 * `_interopRequireDefault(require('m'))`, as bundlers and compilers write them).
 */
function moduleExpression(node: M.Node): { module: string; path: string[] } | undefined {
  const { Node } = tsMorph();
  const n = unwrap(node);
  const direct = requiredModule(n);
  if (direct !== undefined) return { module: direct, path: [] };
  if (Node.isCallExpression(n)) {
    const first = n.getArguments()[0];
    const inner = first ? requiredModule(unwrap(first)) : undefined;
    if (inner !== undefined) return { module: inner, path: [] };
  }
  if (Node.isPropertyAccessExpression(n)) {
    const base = moduleExpression(n.getExpression());
    return base && { module: base.module, path: [...base.path, n.getName()] };
  }
  return undefined;
}

/** True for `process.env`. */
export function isProcessEnv(node: M.Node): boolean {
  const { Node } = tsMorph();
  const n = unwrap(node);
  return Node.isPropertyAccessExpression(n) && n.getName() === 'env' && Node.isIdentifier(n.getExpression()) && n.getExpression().getText() === 'process';
}

/** `process.env.NAME` or `process.env['NAME']`: the name. */
export function envName(node: M.Node): string | undefined {
  const { Node } = tsMorph();
  const n = unwrap(node);
  if (Node.isPropertyAccessExpression(n) && isProcessEnv(n.getExpression())) return n.getName();
  if (Node.isElementAccessExpression(n) && isProcessEnv(n.getExpression())) return stringLiteral(n.getArgumentExpression());
  return undefined;
}

/** The name a property assignment, shorthand or method has, when it is not computed. */
export function propertyName(prop: M.Node): string | undefined {
  const { Node } = tsMorph();
  if (!(Node.isPropertyAssignment(prop) || Node.isShorthandPropertyAssignment(prop) || Node.isMethodDeclaration(prop))) return undefined;
  const name = prop.getNameNode();
  if (Node.isIdentifier(name)) return name.getText();
  return stringLiteral(name);
}

/** Finds the declaration of `name` as seen from `from`: the nearest enclosing scope that declares it. */
export function lookup(name: string, from: M.Node): Binding | undefined {
  for (let n: M.Node | undefined = from; n; n = n.getParent()) {
    const found = declaredIn(n, name);
    if (found) return found;
  }
  return undefined;
}

function declaredIn(scope: M.Node, name: string): Binding | undefined {
  const { Node } = tsMorph();
  if (Node.isSourceFile(scope) || Node.isBlock(scope) || Node.isModuleBlock(scope) || Node.isCaseClause(scope) || Node.isDefaultClause(scope)) {
    const moduleLevel = Node.isSourceFile(scope);
    for (const st of scope.getStatements()) {
      const found = declaredInStatement(st, name, moduleLevel);
      if (found) return found;
    }
    return undefined;
  }
  if (isFunctionLike(scope)) {
    for (const p of scope.getParameters()) {
      if (bindsName(p.getNameNode(), name)) return { kind: 'other', moduleLevel: false, node: p };
    }
    if (Node.isFunctionExpression(scope) && scope.getName() === name) return { kind: 'function', fn: scope, moduleLevel: false, node: scope };
    return undefined;
  }
  if (Node.isForStatement(scope) || Node.isForOfStatement(scope) || Node.isForInStatement(scope)) {
    const init = scope.getInitializer();
    if (init && Node.isVariableDeclarationList(init)) {
      for (const d of init.getDeclarations()) if (bindsName(d.getNameNode(), name)) return { kind: 'other', moduleLevel: false, node: d };
    }
    return undefined;
  }
  if (Node.isCatchClause(scope)) {
    const d = scope.getVariableDeclaration();
    if (d && bindsName(d.getNameNode(), name)) return { kind: 'other', moduleLevel: false, node: d };
  }
  return undefined;
}

function declaredInStatement(st: M.Statement, name: string, moduleLevel: boolean): Binding | undefined {
  const { Node } = tsMorph();
  if (Node.isVariableStatement(st)) {
    for (const d of st.getDeclarations()) {
      const found = declaredByVariable(d, name, moduleLevel);
      if (found) return found;
    }
  } else if (Node.isFunctionDeclaration(st)) {
    if (st.getName() === name) return { kind: 'function', fn: st, moduleLevel, node: st };
  } else if (Node.isClassDeclaration(st) || Node.isEnumDeclaration(st)) {
    if (st.getName() === name) return { kind: 'other', moduleLevel, node: st };
  } else if (Node.isImportDeclaration(st)) {
    const module = st.getModuleSpecifierValue();
    if (st.getDefaultImport()?.getText() === name) return { kind: 'import', module, path: ['default'], moduleLevel, node: st };
    if (st.getNamespaceImport()?.getText() === name) return { kind: 'import', module, path: [], moduleLevel, node: st };
    for (const spec of st.getNamedImports()) {
      if ((spec.getAliasNode()?.getText() ?? spec.getName()) === name) return { kind: 'import', module, path: [spec.getName()], moduleLevel, node: spec };
    }
  } else if (Node.isImportEqualsDeclaration(st)) {
    if (st.getName() === name) {
      const ref = st.getModuleReference();
      const module = Node.isExternalModuleReference(ref) ? stringLiteral(ref.getExpression()) : undefined;
      return module !== undefined ? { kind: 'import', module, path: [], moduleLevel, node: st } : { kind: 'other', moduleLevel, node: st };
    }
  }
  return undefined;
}

function bindsName(nameNode: M.Node, name: string): boolean {
  const { Node } = tsMorph();
  if (Node.isIdentifier(nameNode)) return nameNode.getText() === name;
  if (Node.isObjectBindingPattern(nameNode) || Node.isArrayBindingPattern(nameNode)) {
    return nameNode.getElements().some((e) => Node.isBindingElement(e) && bindsName(e.getNameNode(), name));
  }
  return false;
}

function declaredByVariable(d: M.VariableDeclaration, name: string, moduleLevel: boolean): Binding | undefined {
  const { Node } = tsMorph();
  const nameNode = d.getNameNode();
  const init = d.getInitializer();
  if (Node.isIdentifier(nameNode)) {
    if (nameNode.getText() !== name) return undefined;
    if (!init) return { kind: 'other', moduleLevel, node: d };
    const mod = moduleExpression(init);
    if (mod) return { kind: 'import', module: mod.module, path: mod.path, moduleLevel, node: d };
    const value = unwrap(init);
    if (Node.isArrowFunction(value) || Node.isFunctionExpression(value)) return { kind: 'function', fn: value, moduleLevel, node: d };
    return { kind: 'value', init, moduleLevel, node: d };
  }
  if (!bindsName(nameNode, name)) return undefined;
  // Destructuring: only the top level of an object pattern is followed.
  if (Node.isObjectBindingPattern(nameNode) && init) {
    for (const e of nameNode.getElements()) {
      if (!Node.isIdentifier(e.getNameNode()) || e.getName() !== name) continue;
      const key = e.getPropertyNameNode()?.getText() ?? e.getName();
      if (isProcessEnv(init)) return { kind: 'env', name: key, moduleLevel, node: e };
      const mod = moduleExpression(init);
      if (mod) return { kind: 'import', module: mod.module, path: [...mod.path, key], moduleLevel, node: e };
      const obj = resolveObject(init);
      const value = obj && objectProperty(obj, key);
      if (value && Node.isExpression(value)) return { kind: 'value', init: value, moduleLevel, node: e };
    }
  }
  return { kind: 'other', moduleLevel, node: d };
}

/** What a reference expression names: a root identifier (or a module) and the property path after it. */
interface Reference {
  readonly root?: M.Identifier;
  readonly module?: string;
  readonly path: readonly string[];
}

function referenceOf(node: M.Node): Reference | undefined {
  const { Node } = tsMorph();
  const n = unwrap(node);
  if (Node.isIdentifier(n)) return { root: n, path: [] };
  if (Node.isPropertyAccessExpression(n)) {
    const base = referenceOf(n.getExpression());
    return base && { ...base, path: [...base.path, n.getName()] };
  }
  if (Node.isElementAccessExpression(n)) {
    const key = stringLiteral(n.getArgumentExpression());
    const base = key === undefined ? undefined : referenceOf(n.getExpression());
    return base && key !== undefined ? { ...base, path: [...base.path, key] } : undefined;
  }
  const mod = moduleExpression(n);
  return mod && { module: mod.module, path: mod.path };
}

/** Where an expression comes from: a module and the export path (`{ module: 'pg', path: ['Pool'] }`), or a global name. */
export type Origin = { readonly module: string; readonly path: readonly string[]; readonly binding?: Binding } | { readonly global: string; readonly path: readonly string[] };

/**
 * The module an expression reads from, following imports, requires and aliases
 * (`const Pool = pg.Pool`). With `instances`, a variable holding `new X()` or `x()` counts as
 * coming from X's module (for "is this a call into another module").
 */
export function originOf(node: M.Node, instances = false, depth = 0): Origin | undefined {
  const { Node } = tsMorph();
  if (depth > MAX_DEPTH) return undefined;
  const ref = referenceOf(node);
  if (!ref) return undefined;
  if (ref.module !== undefined) return { module: ref.module, path: ref.path };
  const root = ref.root!;
  const binding = lookup(root.getText(), root);
  if (!binding) return { global: root.getText(), path: ref.path };
  if (binding.kind === 'import') return { module: binding.module, path: [...binding.path, ...ref.path], binding };
  if (binding.kind === 'value') {
    let init = unwrap(binding.init);
    if (instances && (Node.isNewExpression(init) || Node.isCallExpression(init))) init = init.getExpression();
    const base = originOf(init, instances, depth + 1);
    if (base && 'module' in base) return { module: base.module, path: [...base.path, ...ref.path], binding };
  }
  return undefined;
}

/** An export path with interop's `default` taken off the front (`axios.default.create` is `axios.create`). */
export function exportPath(path: readonly string[]): readonly string[] {
  return path[0] === 'default' ? path.slice(1) : path;
}

/** The object literal an expression holds: itself, a variable's initializer, a property of one. */
export function resolveObject(node: M.Node, depth = 0): M.ObjectLiteralExpression | undefined {
  const { Node } = tsMorph();
  if (depth > MAX_DEPTH) return undefined;
  const n = unwrap(node);
  if (Node.isObjectLiteralExpression(n)) return n;
  if (Node.isIdentifier(n)) {
    const b = lookup(n.getText(), n);
    return b?.kind === 'value' ? resolveObject(b.init, depth + 1) : undefined;
  }
  if (Node.isPropertyAccessExpression(n)) {
    const obj = resolveObject(n.getExpression(), depth + 1);
    const value = obj && objectProperty(obj, n.getName());
    return value ? resolveObject(value, depth + 1) : undefined;
  }
  return undefined;
}

/**
 * The value of a property of an object literal, the last assignment winning, through spreads
 * of objects that resolve: a property's initializer, a shorthand's identifier, a method.
 */
export function objectProperty(obj: M.ObjectLiteralExpression, key: string, depth = 0): M.Node | undefined {
  const { Node } = tsMorph();
  let found: M.Node | undefined;
  for (const prop of obj.getProperties()) {
    if (Node.isSpreadAssignment(prop)) {
      const inner = depth < MAX_DEPTH ? resolveObject(prop.getExpression(), depth + 1) : undefined;
      const value = inner && objectProperty(inner, key, depth + 1);
      if (value) found = value;
      continue;
    }
    if (propertyName(prop) !== key) continue;
    if (Node.isPropertyAssignment(prop)) found = prop.getInitializer();
    else if (Node.isShorthandPropertyAssignment(prop)) found = prop.getNameNode();
    else if (Node.isMethodDeclaration(prop)) found = prop;
  }
  return found;
}

/** The names the handler's context parameter goes by: its second parameter, and the usual `context` and `ctx`. */
export function contextNames(handler: FunctionLike): ReadonlySet<string> {
  const { Node } = tsMorph();
  const names = new Set(['context', 'ctx']);
  const second = handler.getParameters()[1]?.getNameNode();
  if (second && Node.isIdentifier(second)) names.add(second.getText());
  return names;
}

/**
 * What value an expression holds, as far as syntax tells: a literal, an environment variable, the
 * function itself, a template of those, or unknown (with the expression's text).
 */
export function resolveValue(node: M.Node, context: ReadonlySet<string>, depth = 0): CodeValue {
  const { Node, SyntaxKind } = tsMorph();
  const n = unwrap(node);
  const unknown: CodeValue = { kind: 'unknown', text: shortText(n) };
  if (depth > MAX_DEPTH) return unknown;
  const literal = stringLiteral(n);
  if (literal !== undefined) return { kind: 'literal', value: literal };
  const env = envName(n);
  if (env !== undefined) return env === 'AWS_LAMBDA_FUNCTION_NAME' ? { kind: 'self', via: 'process.env.AWS_LAMBDA_FUNCTION_NAME' } : { kind: 'env', name: env };
  if (Node.isTemplateExpression(n)) {
    const parts: CodeValue[] = [{ kind: 'literal', value: n.getHead().getLiteralText() }];
    for (const span of n.getTemplateSpans()) {
      parts.push(resolveValue(span.getExpression(), context, depth + 1));
      parts.push({ kind: 'literal', value: span.getLiteral().getLiteralText() });
    }
    return template(parts);
  }
  if (Node.isBinaryExpression(n)) {
    const op = n.getOperatorToken().getKind();
    if (op === SyntaxKind.PlusToken) return template([resolveValue(n.getLeft(), context, depth + 1), resolveValue(n.getRight(), context, depth + 1)]);
    // `process.env.QUEUE_URL ?? 'fallback'`: the first is what runs in Lambda.
    if (op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.BarBarToken) return resolveValue(n.getLeft(), context, depth + 1);
    return unknown;
  }
  if (Node.isPropertyAccessExpression(n)) {
    const base = unwrap(n.getExpression());
    if ((n.getName() === 'functionName' || n.getName() === 'invokedFunctionArn') && Node.isIdentifier(base) && context.has(base.getText())) {
      return { kind: 'self', via: `${base.getText()}.${n.getName()}` };
    }
    const obj = resolveObject(base, depth + 1);
    const value = obj && objectProperty(obj, n.getName());
    return value ? resolveValue(value, context, depth + 1) : unknown;
  }
  if (Node.isIdentifier(n)) {
    const b = lookup(n.getText(), n);
    if (b?.kind === 'env') return b.name === 'AWS_LAMBDA_FUNCTION_NAME' ? { kind: 'self', via: 'process.env.AWS_LAMBDA_FUNCTION_NAME' } : { kind: 'env', name: b.name };
    if (b?.kind === 'value') {
      const v = resolveValue(b.init, context, depth + 1);
      return v.kind === 'unknown' ? unknown : v;
    }
    return unknown;
  }
  return unknown;
}

/** A template of parts, flattened, adjacent literals joined; a single literal when nothing else is left. */
function template(parts: readonly CodeValue[]): CodeValue {
  const flat: CodeValue[] = [];
  for (const p of parts.flatMap((x) => (x.kind === 'template' ? x.parts : [x]))) {
    const last = flat[flat.length - 1];
    if (p.kind === 'literal' && p.value === '') continue;
    if (p.kind === 'literal' && last?.kind === 'literal') flat[flat.length - 1] = { kind: 'literal', value: last.value + p.value };
    else flat.push(p);
  }
  if (flat.length === 0) return { kind: 'literal', value: '' };
  if (flat.length === 1) return flat[0]!;
  return { kind: 'template', parts: flat };
}

/** True when an expression mentions the identifier `name` anywhere. */
export function mentions(node: M.Node, name: string): boolean {
  const { Node, SyntaxKind } = tsMorph();
  if (Node.isIdentifier(node)) return node.getText() === name;
  return node.getDescendantsOfKind(SyntaxKind.Identifier).some((i) => i.getText() === name);
}
