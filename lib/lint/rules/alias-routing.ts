import { LIMITS } from '../../model/defaults.js';
import type { Rule } from '../types.js';

/** A weight as a share of invocations: `10%`, `2.5%`. */
function percent(weight: number): string {
  return `${Math.round(weight * 10_000) / 100}%`;
}

/**
 * An alias can send a share of its invocations to one additional version (weights 0.0-1.0;
 * CloudFormation refuses anything else). Such a routing configuration is a canary: CodeDeploy
 * (`fn.deploy()`) sets and clears it itself, so one written by hand and left in place without a
 * deployment is usually a canary someone forgot to finish, and keeps serving part of the traffic
 * with the old (or the untested) version.
 */
export const aliasRouting: Rule = {
  meta: {
    id: 'alias-routing',
    // Error for weights CloudFormation refuses; a leftover routing configuration is a warning.
    severity: 'error',
    description: "an alias's weighted routing has valid weights (0-1, one additional version) and is not a canary left in place without a gradual deployment",
    docs: 'docs/rules.md#alias-routing',
    recommended: false,
  },
  check({ graph, report }) {
    const weight = LIMITS.alias.weight;
    const most = LIMITS.alias.additionalVersions.max;
    for (const alias of graph.nodes('alias')) {
      const extra = alias.props.additionalVersions;
      if (extra.length === 0) continue;
      const name = (v: string) => (v === '$LATEST' ? '$LATEST' : (graph.find(v)?.origin.path ?? v));
      const bad = extra.filter((w) => !Number.isFinite(w.weight) || w.weight < weight.min || w.weight > weight.max);
      if (bad.length || extra.length > most) {
        const problems = [
          ...bad.map((w) => `the weight of ${name(w.version)} is ${w.weight}, outside ${weight.min}-${weight.max}`),
          ...(extra.length > most ? [`it routes to ${extra.length} additional versions (${extra.map((w) => name(w.version)).join(', ')}), more than the ${most} Lambda allows`] : []),
        ];
        report({
          at: alias,
          severity: 'error',
          message: `the routing configuration of alias ${alias.props.aliasName} (${alias.origin.path}) is refused by CloudFormation: ${problems.join('; ')}`,
          hint: `give the alias at most ${most} additional version with a weight between ${weight.min} and ${weight.max} (0.1 sends 10% of invocations to it)`,
        });
        continue;
      }
      if (alias.props.deployment) continue;
      const main = 1 - extra.reduce((sum, w) => sum + w.weight, 0);
      const shares = [`${percent(main)} to ${name(alias.props.version)}`, ...extra.map((w) => `${percent(w.weight)} to ${name(w.version)}`)].join(' and ');
      report({
        at: alias,
        severity: 'warning',
        message: `alias ${alias.props.aliasName} (${alias.origin.path}) sends ${shares}, without a gradual deployment: a weighted routing configuration left in place is usually an unfinished canary`,
        hint: `finish the canary: point the alias at the version that won and remove additionalVersions; or let CodeDeploy shift traffic and roll back on alarms: fn.deploy({ alias: '${alias.props.aliasName}', preference: DeploymentPreference.canary10Percent5Minutes(), alarms: [...] })`,
      });
    }
  },
};
