import type { SourceLocation } from '../../model/types.js';
import type { Rule } from '../types.js';

/** The code of the import's warnings about parts of a template it leaves out (`import/language-extensions.ts`). */
const NOT_LINTED = 'not-linted';

/** `template.yaml:12:3` (a warning's path) as a source location. */
function locationOf(where: string): SourceLocation | undefined {
  const m = /^(.*):(\d+):(\d+)$/.exec(where);
  return m ? { file: m[1]!, line: Number(m[2]), column: Number(m[3]) } : undefined;
}

/**
 * What the import of a template could not read, and so no rule checked: a `Fn::ForEach` over a
 * parameter (or without the `AWS::LanguageExtensions` transform), an `Fn::Transform`
 * (`AWS::Include`, a macro), a macro in `Transform`. Reported at its line, in every output format,
 * so that a clean lint of such a template is not taken for a clean template.
 */
export const notLinted: Rule = {
  meta: {
    id: 'not-linted',
    severity: 'warning',
    description: 'every part of a template is read by the linter (a loop over a parameter, Fn::Transform or a macro is named)',
    docs: 'docs/rules.md#not-linted',
    recommended: true,
  },
  check({ stack, report }) {
    if (!stack.imported) return;
    for (const w of stack.warnings ?? []) {
      if (w.code !== NOT_LINTED) continue;
      const source = locationOf(w.path ?? '');
      report({
        at: stack,
        message: w.message,
        ...(source ? { source } : {}),
        hint: 'lint the template as CloudFormation processes it: once deployed, `aws cloudformation get-template --stack-name <stack> --template-stage Processed` gives it with loops, includes and macros expanded; or write the loop over a literal list, which lint expands',
      });
    }
  },
};
