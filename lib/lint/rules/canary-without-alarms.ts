import type { Rule } from '../types.js';

/** The predefined CodeDeploy configuration that shifts everything at once: nothing to watch, so nothing to report. */
const ALL_AT_ONCE = 'AllAtOnce';

/** How a deployment type shifts traffic, in words: "10% for 5 minutes, then the rest". */
function shift(type: string): string {
  const canary = /^Canary(\d+)Percent(\d+)Minutes?$/.exec(type);
  if (canary) return `${canary[1]}% for ${canary[2]} minute${canary[2] === '1' ? '' : 's'}, then the rest`;
  const linear = /^Linear(\d+)PercentEvery(\d+)Minutes?$/.exec(type);
  if (linear) return `${linear[1]}% more every ${linear[2] === '1' ? 'minute' : `${linear[2]} minutes`}`;
  return 'gradually';
}

/**
 * A gradual deployment (`fn.deploy()`, SAM `DeploymentPreference`) of a canary or linear type
 * shifts traffic step by step so that a bad version can be caught on a share of the traffic, but
 * CodeDeploy only stops and rolls back when one of the deployment's CloudWatch alarms fires.
 * Without alarms it shifts all traffic to the new version when the time is up, even if that
 * version fails every request. Hooks (pre- and post-traffic) test the version before and after
 * the shift but do not watch the real traffic during it; a deployment without hooks is not
 * reported.
 */
export const canaryWithoutAlarms: Rule = {
  meta: {
    id: 'canary-without-alarms',
    severity: 'warning',
    description: 'a canary or linear deployment of an alias has CloudWatch alarms that roll it back: without them CodeDeploy shifts all traffic to a failing version',
    docs: 'docs/rules.md#canary-without-alarms',
    recommended: true,
  },
  check({ graph, report }) {
    for (const alias of graph.nodes('alias')) {
      const d = alias.props.deployment;
      if (!d || d.type === ALL_AT_ONCE || d.alarms.length > 0) continue;
      const fn = graph.functionOf(alias.id)?.origin.path ?? alias.props.functionId;
      const hooks = [d.preTraffic && 'pre-traffic', d.postTraffic && 'post-traffic'].filter((h): h is string => typeof h === 'string');
      const hooked = hooks.length
        ? `; its ${hooks.join(' and ')} hook${hooks.length === 1 ? '' : 's'} test${hooks.length === 1 ? 's' : ''} the new version ${hooks.length === 2 ? 'before and after' : hooks[0] === 'pre-traffic' ? 'before' : 'after'} the shift, but nothing watches the real traffic during it`
        : '';
      report({
        at: alias,
        message: `alias ${alias.props.aliasName} of ${fn} is deployed with ${d.type} (${shift(d.type)}) but has no alarms: CodeDeploy shifts all traffic to the new version even if it fails, and nothing rolls it back${hooked}`,
        hint: `give the deployment the names of CloudWatch alarms on the alias (its Errors and Throttles metrics, and your own): fn.deploy({ alias: '${alias.props.aliasName}', preference: ..., alarms: ['my-function-errors'] }); or deploy with DeploymentPreference.allAtOnce() if there is nothing to watch`,
        templateHint: `give the function's DeploymentPreference Alarms (a list of CloudWatch alarms on the alias's Errors and Throttles metrics, and your own: Alarms: [!Ref ErrorsAlarm]); or use Type: AllAtOnce if there is nothing to watch`,
      });
    }
  },
};
