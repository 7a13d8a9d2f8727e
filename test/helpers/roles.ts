import { expect } from 'vitest';
import type { Template } from '../../lib/testing/index.js';

/** The statements of a role's inline policy (an empty list when it has none). */
export function roleStatements(template: Template, roleLogicalId: string): unknown[] {
  const role = template.template.Resources[roleLogicalId];
  expect(role?.Type).toBe('AWS::IAM::Role');
  const policies = (role!.Properties!.Policies ?? []) as Array<{ PolicyDocument: { Statement: unknown[] } }>;
  return policies.flatMap((p) => p.PolicyDocument.Statement);
}
