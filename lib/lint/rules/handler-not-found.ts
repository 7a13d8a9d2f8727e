import type { Rule } from '../types.js';

/** What each failure means for the function, in the words of Lambda's error. */
const MEANS = {
  'Runtime.MalformedHandlerName': 'Lambda fails every invocation with Runtime.MalformedHandlerName',
  'Runtime.ImportModuleError': 'Lambda fails every invocation with Runtime.ImportModuleError',
  'Runtime.HandlerNotFound': 'Lambda fails every invocation with Runtime.HandlerNotFound',
} as const;

/**
 * A Node.js function whose handler Lambda cannot load: the `handler` setting is not
 * `<file>.<export>`, its file is not in the code directory (`.js`, `.mjs` or `.cjs`, or a
 * TypeScript source a build step compiles), inline code (always `index.js`) is named by another
 * module, or an ES module (which declares all its exports) does not export the name. The deploy succeeds; every invocation fails. Read from the handler analysis, which finds
 * the file as Lambda does; a code directory that is not there (a template linted without its code)
 * and code in S3 are not judged.
 */
export const handlerNotFound: Rule = {
  meta: {
    id: 'handler-not-found',
    severity: 'error',
    description: "a Node.js function's handler names a file that is in its code, as <file>.<export>",
    docs: 'docs/rules.md#handler-not-found',
    recommended: true,
  },
  check({ graph, handlers, report }) {
    for (const fn of graph.nodes('function')) {
      // A handler or code known only at deploy (a parameter without a value): nothing to judge.
      if (fn.unknown?.includes('handler') || fn.unknown?.includes('code')) continue;
      const analysis = handlers.of(fn);
      if (analysis.status !== 'unavailable' && analysis.status !== 'unresolved') continue;
      if (analysis.fails === undefined) continue;
      report({
        at: fn,
        message: `${fn.origin.path}: ${analysis.reason}: ${MEANS[analysis.fails]} (the deploy succeeds)`,
        hint:
          analysis.fails === 'Runtime.MalformedHandlerName'
            ? "give the handler as <file>.<export>, the file's path in the code without its extension and the exported function: 'index.handler' for `export const handler` in index.js"
            : analysis.fails === 'Runtime.HandlerNotFound'
              ? "name an export the file has after the dot (<file>.<export>: 'index.main' for `export const main`, 'index.default' for `export default`), or export the handler under that name"
              : "give the handler as <file>.<export> of a file the code holds ('index.handler' for index.js; inline code is always index.js), or add the file to the code directory",
      });
    }
  },
};
