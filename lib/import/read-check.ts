/**
 * The checks a template read from a file passes before anything imports it: it is a template
 * (a map with a non-empty `Resources` of typed resources), and its references (`Ref`,
 * `Fn::GetAtt`, `Fn::Sub` variables, conditions) name something that exists.
 *
 * A template CloudFormation accepts is never refused: when a transform other than SAM's may add
 * resources, parameters or conditions (a macro, `AWS::LanguageExtensions`, `AWS::Include` through
 * `Fn::Transform`, a `Modules` section) the reference checks are skipped; in a SAM template the ids
 * SAM generates (`MyFnRole`, `MyFnAliaslive`, `ServerlessRestApi`...) are accepted.
 */
import { LambdaformError, type Problem } from '../core/errors.js';
import { descend, didYouMean, isRecord, kindOf, templateError, templateProblem, type LocNode, type Pos } from './read-common.js';

type Path = readonly (string | number)[];

/** CloudFormation's pseudo parameters. */
export const PSEUDO_PARAMETERS: readonly string[] = [
  'AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix',
];

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';
/** The APIs SAM creates for events without an explicit API, and the ids it derives from them. */
/** What SAM generates without a resource of the template naming it: the implicit APIs, and the CodeDeploy application and role of gradual deployments. */
const SAM_IMPLICIT = ['ServerlessRestApi', 'ServerlessHttpApi', 'ServerlessDeploymentApplication', 'CodeDeployServiceRole'];

/** Keys of `Resources` that are not resources: `Fn::ForEach::Name` loops and `Fn::Transform` includes. */
function isResourceKey(key: string): boolean {
  return !key.startsWith('Fn::ForEach::') && key !== 'Fn::Transform';
}

/** Checks that `data` is a template: a map with a non-empty `Resources` whose entries are maps with a string `Type`. */
export function checkStructure(data: unknown, root: LocNode, file: string): asserts data is Record<string, unknown> {
  const at = (path: Path): Pos => descend(root, path)?.at ?? root.at;
  if (data === undefined) throw templateError(file, root.at, 'the template is empty; a template is a map of sections with at least Resources');
  if (!isRecord(data)) {
    throw templateError(file, root.at, `a template must be a map of sections (AWSTemplateFormatVersion, Parameters, Resources, Outputs...), got ${kindOf(data)}`);
  }
  if (!('Resources' in data)) {
    throw templateError(file, root.at, 'not a CloudFormation template: there is no Resources section (a template needs Resources with at least one resource)');
  }
  const resources = data['Resources'];
  if (!isRecord(resources)) throw templateError(file, at(['Resources']), `Resources must be a map of logical ids to resources, got ${kindOf(resources)}`);
  if (Object.keys(resources).length === 0) throw templateError(file, at(['Resources']), 'Resources is empty; CloudFormation requires at least one resource');
  for (const [id, resource] of Object.entries(resources)) {
    if (!isResourceKey(id)) continue;
    if (!isRecord(resource)) throw templateError(file, at(['Resources', id]), `resource '${id}' must be a map with a Type, got ${kindOf(resource)}`);
    if (!('Type' in resource)) throw templateError(file, at(['Resources', id]), `resource '${id}' has no Type (e.g. Type: AWS::Lambda::Function)`);
    if (typeof resource['Type'] !== 'string') {
      throw templateError(file, at(['Resources', id, 'Type']), `resource '${id}' Type must be a string such as AWS::Lambda::Function, got ${kindOf(resource['Type'])}`);
    }
  }
}

/** What a template declares, for the reference checks. */
interface Scope {
  readonly parameters: ReadonlySet<string>;
  readonly resources: ReadonlySet<string>;
  readonly conditions: ReadonlySet<string> | undefined;
  /** Ids starting with one of these are resources a transform generates (SAM, registered modules). */
  readonly generated: readonly string[];
}

/**
 * Checks that every `Ref`, `Fn::GetAtt`, `Fn::Sub` variable and condition names something the
 * template declares; all the problems found are thrown at once. Skipped when a transform other
 * than SAM's may add what they name.
 */
export function checkReferences(template: Record<string, unknown>, root: LocNode, file: string): void {
  const transforms = transformNames(template['Transform']);
  const sam = transforms.includes(SAM_TRANSFORM);
  if (transforms.some((t) => t !== SAM_TRANSFORM) || 'Modules' in template || containsKey(template, 'Fn::Transform')) return;

  const resources = template['Resources'] as Record<string, unknown>;
  const generated: string[] = sam ? [...SAM_IMPLICIT] : [];
  const ids = Object.keys(resources).filter(isResourceKey);
  for (const id of ids) {
    const type = (resources[id] as Record<string, unknown>)['Type'] as string;
    if ((sam && type.startsWith('AWS::Serverless::')) || type.endsWith('::MODULE')) generated.push(id);
  }
  const scope: Scope = {
    parameters: new Set(isRecord(template['Parameters']) ? Object.keys(template['Parameters']) : []),
    resources: new Set(ids),
    conditions: isRecord(template['Conditions']) ? new Set(Object.keys(template['Conditions'])) : undefined,
    generated,
  };
  const checker = new ReferenceChecker(scope, root, file);

  for (const id of ids) {
    const resource = resources[id] as Record<string, unknown>;
    checker.condition(resource['Condition'], ['Resources', id, 'Condition']);
    for (const [key, value] of Object.entries(resource)) {
      // Metadata is free-form (tools keep their own data there), DependsOn names no value
      if (!['Type', 'Condition', 'Metadata', 'DependsOn'].includes(key)) checker.walk(value, ['Resources', id, key]);
    }
  }
  const outputs = template['Outputs'];
  if (isRecord(outputs)) {
    for (const [id, output] of Object.entries(outputs)) {
      if (!isRecord(output)) continue;
      checker.condition(output['Condition'], ['Outputs', id, 'Condition']);
      for (const [key, value] of Object.entries(output)) if (key !== 'Condition') checker.walk(value, ['Outputs', id, key]);
    }
  }
  checker.walk(template['Conditions'], ['Conditions'], true);
  checker.walk(template['Rules'], ['Rules']);
  if (sam) checker.walk(template['Globals'], ['Globals']);
  // one problem: the error at its position; several: one error for the file listing them
  if (checker.problems.length > 0) throw LambdaformError.of(file, checker.problems);
}

/** The names of a template's `Transform` (a string, or a list of strings and `{ Name, Parameters }` maps). */
function transformNames(transform: unknown): string[] {
  if (transform === undefined || transform === null) return [];
  const list = Array.isArray(transform) ? transform : [transform];
  return list.map((t) => (typeof t === 'string' ? t : isRecord(t) && typeof t['Name'] === 'string' ? t['Name'] : '(a transform that is not a name)'));
}

function containsKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (containsKey(value[i], key)) return true;
    return false;
  }
  if (!isRecord(value)) return false;
  for (const k in value) if (Object.hasOwn(value, k) && (k === key || containsKey(value[k], key))) return true;
  return false;
}

class ReferenceChecker {
  public readonly problems: Problem[] = [];

  constructor(
    private readonly scope: Scope,
    private readonly root: LocNode,
    private readonly file: string,
  ) {}

  /**
   * Checks every intrinsic function in `value`, written at `path`. The path grows and shrinks as
   * the walk goes (one array for the whole walk): a check reads it at once, never keeps it.
   */
  public walk(value: unknown, path: Array<string | number>, inConditions = false): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        this.walk(value[i], path, inConditions);
        path.pop();
      }
      return;
    }
    if (!isRecord(value)) return;
    let only: string | undefined;
    let count = 0;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      only = key;
      if (++count > 1) break;
    }
    if (count === 1) {
      const fn = only!;
      const arg = value[fn];
      const at = (...keys: Array<string | number>): Array<string | number> => {
        path.push(...keys);
        return path;
      };
      const depth = path.length;
      if (fn === 'Ref' && typeof arg === 'string') this.ref(arg, at('Ref'));
      else if (fn === 'Fn::GetAtt' && Array.isArray(arg) && typeof arg[0] === 'string') this.getAtt(arg[0], typeof arg[1] === 'string' ? `${arg[0]}.${arg[1]}` : arg[0], at('Fn::GetAtt'));
      else if (fn === 'Fn::Sub') this.sub(arg, at('Fn::Sub'));
      else if (fn === 'Fn::If' && Array.isArray(arg)) this.condition(arg[0], at('Fn::If', 0));
      else if (fn === 'Condition' && inConditions) this.condition(arg, at('Condition'));
      path.length = depth;
    }
    for (const key in value) {
      // a loop's body refers to its loop variables (AWS::LanguageExtensions)
      if (!Object.hasOwn(value, key) || key.startsWith('Fn::ForEach::')) continue;
      path.push(key);
      this.walk(value[key], path, inConditions);
      path.pop();
    }
  }

  /** Checks a `Condition: Name` (of a resource, an output, `Fn::If` or a condition). */
  public condition(name: unknown, path: Path): void {
    if (typeof name !== 'string') return;
    const known = this.scope.conditions;
    if (known?.has(name)) return;
    const message = known
      ? `condition '${name}' is not defined in Conditions${didYouMean(name, [...known])}`
      : `condition '${name}' is not defined: the template has no Conditions section`;
    this.report(path, message);
  }

  private ref(name: string, path: Path): void {
    if (this.isValue(name)) return;
    this.report(path, `Ref '${name}' is not a parameter, a resource or a pseudo parameter of the template${didYouMean(name, this.valueNames())}`);
  }

  private getAtt(id: string, written: string, path: Path): void {
    if (this.isResource(id)) return;
    const what = this.scope.parameters.has(id) ? `'${id}', which is a parameter, not a resource` : `'${id}', which is not a resource of the template${didYouMean(id, [...this.scope.resources])}`;
    this.report(path, `Fn::GetAtt '${written}' names ${what}`);
  }

  private sub(arg: unknown, path: Path): void {
    const [template, vars, at] = Array.isArray(arg) ? [arg[0], arg[1], [...path, 0]] : [arg, undefined, path];
    if (typeof template !== 'string') return;
    const locals = new Set(isRecord(vars) ? Object.keys(vars) : []);
    for (const match of template.matchAll(/\$\{([^}]*)\}/g)) {
      const name = match[1]!;
      // `${!Literal}` is written as `${Literal}`; a name with spaces is not one CloudFormation resolves
      if (name.startsWith('!') || !/^[\w:.-]+$/.test(name) || locals.has(name)) continue;
      const dot = name.indexOf('.');
      const ok = dot > 0 ? this.isResource(name.slice(0, dot)) : this.isValue(name);
      if (!ok) this.problems.push(this.subProblem(at, name, dot > 0, [...locals]));
    }
  }

  private subProblem(path: Path, name: string, attribute: boolean, locals: readonly string[]): Problem {
    const id = attribute ? name.slice(0, name.indexOf('.')) : name;
    const what = attribute
      ? this.scope.parameters.has(id)
        ? `names '${id}', which is a parameter, not a resource`
        : `names '${id}', which is not a resource of the template${didYouMean(id, [...this.scope.resources])}`
      : `is not a parameter, a resource, a pseudo parameter or a variable of the Fn::Sub${didYouMean(name, [...locals, ...this.valueNames()])}`;
    return templateProblem(this.file, this.column(path, `\${${name}`) ?? this.at(path), `Fn::Sub variable '\${${name}}' ${what}`);
  }

  /** Where `needle` is written inside the one-line string at `path`, when it can be found. */
  private column(path: Path, needle: string): Pos | undefined {
    const src = descend(this.root, path)?.src;
    const i = src?.text.indexOf(needle) ?? -1;
    return src && i >= 0 ? { line: src.pos.line, column: src.pos.column + i } : undefined;
  }

  private isValue(name: string): boolean {
    return this.scope.parameters.has(name) || PSEUDO_PARAMETERS.includes(name) || this.isResource(name);
  }

  private isResource(id: string): boolean {
    return this.scope.resources.has(id) || this.scope.generated.some((g) => id.startsWith(g));
  }

  private valueNames(): string[] {
    return [...this.scope.parameters, ...this.scope.resources, ...PSEUDO_PARAMETERS];
  }

  private at(path: Path): Pos {
    return descend(this.root, path)?.at ?? this.root.at;
  }

  private report(path: Path, message: string): void {
    this.problems.push(templateProblem(this.file, this.at(path), message));
  }
}
