import { functionCodeBytes } from '../../model/check.js';
import { LIMITS } from '../../model/defaults.js';
import type { Rule } from '../types.js';
import { APPROACHING } from './stack-resource-limit.js';
import { grouped } from '../../core/util.js';

const MB = 1024 * 1024;
const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

/**
 * A function's code and all its layers must fit 250 MB unzipped (262,144,000 bytes): Lambda refuses
 * the function otherwise. The 50 MB zipped limit applies only to code uploaded directly through
 * the Lambda API; templates deploy code from S3, where only the unzipped limit applies. Code in a
 * bucket and layers given by ARN have sizes the model cannot know: the finding names them.
 */
export const packageSize: Rule = {
  meta: {
    id: 'package-size',
    severity: 'error',
    description: "a function's code and layers fit Lambda's 250 MB unzipped; warns from 90 %",
    docs: 'docs/rules.md#package-size',
    recommended: true,
  },
  check({ stack, graph, report }) {
    const max = LIMITS.function.unzippedCodeBytes.max;
    for (const fn of graph.nodes('function')) {
      const code = functionCodeBytes(stack, fn);
      if (code.bytes < Math.ceil(max * APPROACHING)) continue;
      const parts = `${code.parts.join(', ')}${code.unknown.length ? `; not counted, size unknown: ${code.unknown.join(', ')}` : ''}`;
      const hint = 'bundle and minify the handler (esbuild drops unused code and the AWS SDK the runtime already has), exclude tests and dev dependencies from the asset, or move large dependencies to a container image (10 GB)';
      if (code.bytes > max) {
        report({ at: fn, message: `${fn.origin.path} has ${grouped(code.bytes)} bytes of code and layers unzipped (${mb(code.bytes)}), more than Lambda's ${grouped(max)} (250 MB), so the deploy fails: ${parts}`, hint });
      } else {
        report({ at: fn, severity: 'warning', message: `${fn.origin.path} has ${grouped(code.bytes)} bytes of code and layers unzipped (${mb(code.bytes)}), ${mb(max - code.bytes)} below Lambda's 250 MB limit: ${parts}`, hint });
      }
    }
  },
};
