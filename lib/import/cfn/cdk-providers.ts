/**
 * Functions aws-cdk-lib writes for its own machinery, kept as written (raw nodes) rather than
 * linted as the user's functions: the code, role and policy are CDK's, and the user cannot change
 * them.
 *
 * - The `LogRetention` handler (the singleton `LogRetention<hash>` function behind every
 *   `Custom::LogRetention` of `logRetention`): its role may `logs:PutRetentionPolicy` and
 *   `logs:DeleteRetentionPolicy` on `*`, and it sets the retention of its own log group itself.
 *
 * Only when the function's role serves no other function; the `Custom::LogRetention` resources
 * stay raw nodes (`log-retention` reads them).
 */
import type { ImportContext } from '../context.js';

export const LOG_RETENTION_TYPE = 'Custom::LogRetention';

function refOf(v: unknown): string | undefined {
  const ref = (v as { Ref?: unknown } | undefined)?.Ref;
  return v && typeof v === 'object' && Object.keys(v).length === 1 && typeof ref === 'string' ? ref : undefined;
}

function getAttArn(v: unknown): string | undefined {
  const g = (v as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
  return v && typeof v === 'object' && Object.keys(v).length === 1 && Array.isArray(g) && g.length === 2 && typeof g[0] === 'string' && g[1] === 'Arn' ? g[0] : undefined;
}

/** Adds to `ctx.asWritten` CDK's helper functions with their roles and the policies of those roles. */
export function claimCdkProviders(ctx: ImportContext, ids: readonly string[]): void {
  const type = (id: string | undefined) => (id === undefined ? undefined : ctx.resources[id]?.Type);
  const handlers = new Set<string>();
  for (const id of ids) {
    const r = ctx.resources[id]!;
    if (r.Type !== LOG_RETENTION_TYPE || ctx.handled.has(id)) continue;
    const fn = getAttArn(r.Properties?.ServiceToken);
    if (type(fn) === 'AWS::Lambda::Function' && !ctx.handled.has(fn!)) handlers.add(fn!);
  }
  for (const fn of handlers) {
    const role = getAttArn(ctx.resources[fn]!.Properties?.Role);
    if (role === undefined || type(role) !== 'AWS::IAM::Role') continue;
    // A role the user gave (logRetentionRole) that other functions use too stays theirs.
    const shared = ids.some((id) => id !== fn && ctx.resources[id]!.Type === 'AWS::Lambda::Function' && getAttArn(ctx.resources[id]!.Properties?.Role) === role);
    if (shared) continue;
    ctx.asWritten.add(fn).add(role);
    for (const pid of ids) {
      const p = ctx.resources[pid]!;
      const roles = p.Properties?.Roles;
      if (p.Type === 'AWS::IAM::Policy' && Array.isArray(roles) && roles.length === 1 && refOf(roles[0]) === role) ctx.asWritten.add(pid);
    }
  }
}
