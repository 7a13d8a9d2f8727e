import { LIMITS } from '../../model/defaults.js';
import { resourceCount } from '../../synth/template.js';
import { cloudFormationOf } from '../templates.js';
import type { Rule } from '../types.js';

/** The transform whose `Fn::ForEach` loops the template import expands. */
const LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions';

function transforms(t: unknown): unknown[] {
  return t === undefined ? [] : Array.isArray(t) ? t : [t];
}

/** Share of a limit from which the rule warns that the stack is close to it (cfn-lint's threshold for its "approaching a limit" checks). */
export const APPROACHING = 0.9;

/**
 * CloudFormation refuses a template with more than 500 resources. The count is that of the plain
 * CloudFormation template (what the SAM transform expands to, counting the roles, permissions and
 * event source mappings SAM adds, for the events the model holds and for those it does not:
 * `ImportedTemplate.samResourceDelta`), which is what CloudFormation checks. lambdaform's `synth`
 * refuses such a stack too; the rule reports it at lint time, and warns from 90 % on, while
 * there is still time to split the app.
 */
export const stackResourceLimit: Rule = {
  meta: {
    id: 'stack-resource-limit',
    severity: 'error',
    description: `a stack's template has at most ${LIMITS.stack.resources.max} resources (CloudFormation's limit); warns from ${APPROACHING * 100} %`,
    docs: 'docs/rules.md#stack-resource-limit',
    recommended: true,
    equivalents: { cfnLint: ['E3010', 'I3010'] },
  },
  check({ stack, report }) {
    // A template without a transform is deployed as written: its own resources are the count
    // (language extensions' Fn::ForEach expanded by the import). A SAM template is counted as SAM
    // expands it: the CloudFormation template of its model, and what SAM makes that the model does
    // not hold (events from sources outside the template, REST APIs, ...: `samResourceDelta`).
    const imported = stack.imported;
    const plain = imported?.resourceCount !== undefined && transforms(imported.sections.Transform).every((t) => t === LANGUAGE_EXTENSIONS);
    const template = plain ? undefined : cloudFormationOf(stack);
    if (!plain && !template) return;
    const count = plain ? imported!.resourceCount! : resourceCount(template!) + (imported?.samResourceDelta ?? 0);
    const max = LIMITS.stack.resources.max;
    const hint = `split the app into several stacks (a Stack per service or per event flow), so each template holds at most ${max} resources`;
    if (count > max) {
      report({ at: stack, message: `stack ${stack.name} has ${count} resources in its CloudFormation template, more than the ${max} CloudFormation accepts, so the deploy fails`, hint });
    } else if (count >= Math.ceil(max * APPROACHING)) {
      report({ at: stack, severity: 'warning', message: `stack ${stack.name} has ${count} resources in its CloudFormation template, ${max - count} below CloudFormation's limit of ${max}`, hint });
    }
  },
};
