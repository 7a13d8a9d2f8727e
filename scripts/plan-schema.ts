/**
 * Writes the plan's JSON Schema (lib/local/plan/plan.schema.json) from its TypeScript types
 * (lib/local/plan/types.ts), descriptions from their JSDoc: `npm run plan-schema`. A test checks the
 * committed schema is the one these types give.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PLAN_SCHEMA_FILE = path.join(root, 'lib/local/plan/plan.schema.json');

/** The schema the plan's types give, as the text written to the file. */
export function planSchemaText(): string {
  const schema = createGenerator({
    path: path.join(root, 'lib/local/plan/types.ts'),
    tsconfig: path.join(root, 'tsconfig.json'),
    type: 'Plan',
    jsDoc: 'extended',
    additionalProperties: false,
    skipTypeCheck: true,
    sortProps: false,
  }).createSchema('Plan');
  return `${JSON.stringify({ ...schema, $id: 'https://lambdaform.dev/schemas/plan.schema.json', title: 'lambdaform local execution plan' }, null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(PLAN_SCHEMA_FILE, planSchemaText());
  process.stdout.write(`wrote ${path.relative(process.cwd(), PLAN_SCHEMA_FILE)}\n`);
}
