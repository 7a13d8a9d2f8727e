import type { FunctionNode, ModelValue } from '../../model/types.js';
import { isKnown, isRef } from '../../model/values.js';
import type { Rule } from '../types.js';
import { showValue } from '../show.js';

const show = (v: ModelValue): string => showValue(v);

/** What identifies a role: the node a reference points at (whatever the attribute), else the value itself. */
function roleKey(v: ModelValue): string {
  return isRef(v) ? `ref:${v.$ref}` : `value:${JSON.stringify(v)}`;
}

/**
 * AWS's best practice is one execution role per function: the role is what the function's code
 * may do, so a grant that one function needs (`table.grantWriteData(a)`) is a grant to every
 * function of the role, and a bug or an injected payload in any of them can use all of it. A role
 * shared by several functions is reported once, on the role, naming the functions.
 *
 * cdk-nag had a `LambdaSharedRole` rule (CDK v1 era); it is no longer in cdk-nag's rules
 * (src/rules/lambda/index.ts) nor in any pack, so no equivalent is listed.
 */
export const sharedRole: Rule = {
  meta: {
    id: 'shared-role',
    severity: 'warning',
    description: 'each function has its own execution role: a role shared by several functions gives each of them what any of them was granted',
    docs: 'docs/rules.md#shared-role',
    recommended: true,
  },
  check({ graph, report }) {
    const byRole = new Map<string, FunctionNode[]>();
    for (const fn of graph.nodes('function')) {
      // A function of an imported template without a Role (CloudFormation refuses it) shares nothing.
      if (fn.props.role === '' || !isKnown(fn, 'role')) continue;
      const key = roleKey(fn.props.role);
      const list = byRole.get(key);
      if (list) list.push(fn);
      else byRole.set(key, [fn]);
    }
    for (const fns of byRole.values()) {
      if (fns.length < 2) continue;
      const first = fns[0]!;
      const value = first.props.role;
      const node = isRef(value) ? graph.find(value.$ref) : undefined;
      const role = node?.origin.path ?? show(value);
      const names = fns.map((f) => f.origin.path).join(', ');
      report({
        // On the role when it is a resource of the stack; a role outside the stack (an ARN) has no node: on its first function.
        at: node ?? first,
        message: `${node ? role : `the role ${role}`} is the execution role of ${fns.length} functions (${names}): a permission granted for one of them is granted to all, so each can do what any of them needs (AWS recommends one role per function)`,
        hint: 'give each function its own role (leave out `role`: a Function then creates its own with the basic logging policy) and grant each only what its code uses (queue.grantSendMessages(fn), table.grantReadData(fn))',
      });
    }
  },
};
