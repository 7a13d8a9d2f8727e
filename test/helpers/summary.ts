/**
 * A normalized summary of a deployed-form CloudFormation template: what the application IS
 * (functions and their configuration, roles and permissions, triggers, async settings, aliases
 * and deployments, the other resources), independent of how the template SAYS it (SAM's generated
 * logical ids and OpenAPI bodies vs explicit resources, Ref vs GetAtt for the same thing, tags SAM
 * adds). Comparing the summary of lambdaform's CloudFormation output with the summary of its SAM
 * output after the real SAM transform proves both formats describe the same application.
 */
type J = unknown;
type Resources = Record<string, { Type: string; Properties?: Record<string, J>; UpdatePolicy?: Record<string, J> }>;

export interface Summary {
  functions: Record<string, J>;
  roles: Record<string, J>;
  aliases: string[];
  asyncConfigs: string[];
  triggers: string[];
  permissions: string[];
  apis: Record<string, J>;
  others: Record<string, J>;
}

const SAM_TAGS = new Set(['lambda:createdBy', 'httpapi:createdBy']);

/** Object keys sorted at every level, so summaries compare independently of key order. */
export function sorted(v: J): J {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, J>)[k])]));
  return v;
}

export function summarize(template: { Resources: Resources }): Summary {
  const R = template.Resources;
  const id = (x: string): string => {
    const r = R[x];
    if (!r) return x; // pseudo parameters, parameters
    const p = r.Properties ?? {};
    switch (r.Type) {
      case 'AWS::Lambda::Function':
        return `fn:${x}`;
      case 'AWS::Lambda::Alias':
        return `${id(refName(p.FunctionName))}:${String(p.Name)}`;
      case 'AWS::Lambda::Version':
        return `${id(refName(p.FunctionName))}:version`;
      case 'AWS::Lambda::LayerVersion':
        return `layer:${x.replace(/[0-9a-f]{10}$/, '')}`;
      default:
        return x;
    }
  };
  const refName = (v: J): string => {
    const o = v as Record<string, J>;
    if (o && typeof o === 'object' && 'Ref' in o) return String(o.Ref);
    if (o && typeof o === 'object' && 'Fn::GetAtt' in o) return String((o['Fn::GetAtt'] as string[])[0]);
    return String(v);
  };
  const norm = (v: J): J => {
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === 'object') {
      const o = v as Record<string, J>;
      const keys = Object.keys(o);
      if (keys.length === 1 && keys[0] === 'Ref') return `{${id(String(o.Ref))}}`;
      if (keys.length === 1 && keys[0] === 'Fn::GetAtt') {
        const [x, attr] = o['Fn::GetAtt'] as [string, string];
        const t = R[x]?.Type;
        // The ARN of a function is what a Ref to an alias or version gives: one identity for all.
        if (attr === 'Arn' && t === 'AWS::Lambda::Function') return `{${id(x)}}`;
        return `{${id(x)}.${attr}}`;
      }
      if (keys.length === 1 && keys[0] === 'Fn::Sub') {
        const arg = o['Fn::Sub'];
        const [text, vars] = Array.isArray(arg) ? [arg[0] as string, arg[1] as Record<string, J>] : [arg as string, {}];
        // The partition is resolved by SAM at transform time, and written as a parameter by lambdaform.
        return text.replace(/^arn:\$\{AWS::Partition\}:/, 'arn:aws:').replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
          if (name in vars) {
            const val = norm(vars[name]);
            return typeof val === 'string' ? val : JSON.stringify(val);
          }
          const [x, attr] = name.split('.');
          if (!R[x!]) return `\${${name}}`;
          if (attr === undefined || (attr === 'Arn' && R[x!]!.Type === 'AWS::Lambda::Function')) return `{${id(x!)}}`;
          return `{${id(x!)}.${attr}}`;
        });
      }
      const out: Record<string, J> = {};
      for (const k of Object.keys(o).sort()) out[k] = norm(o[k]);
      return out;
    }
    return v;
  };
  const tags = (t: J): J => {
    if (Array.isArray(t)) {
      const kept = (t as Array<{ Key: string; Value: string }>).filter((x) => !SAM_TAGS.has(x.Key));
      return kept.length ? Object.fromEntries(kept.map((x) => [x.Key, x.Value])) : undefined;
    }
    if (t && typeof t === 'object') {
      const kept = Object.entries(t).filter(([k]) => !SAM_TAGS.has(k));
      return kept.length ? Object.fromEntries(kept) : undefined;
    }
    return undefined;
  };
  const without = (p: Record<string, J>, ...keys: string[]): Record<string, J> => Object.fromEntries(Object.entries(p).filter(([k]) => !keys.includes(k)));
  const line = (x: J): string => JSON.stringify(sorted(norm(x)));

  const s: Summary = { functions: {}, roles: {}, aliases: [], asyncConfigs: [], triggers: [], permissions: [], apis: {}, others: {} };
  for (const [x, r] of Object.entries(R)) {
    const p = r.Properties ?? {};
    switch (r.Type) {
      case 'AWS::Lambda::Function':
        s.functions[x] = norm({ ...without(p, 'Code', 'Tags'), tags: tags(p.Tags), inline: 'ZipFile' in ((p.Code as object) ?? {}) });
        break;
      case 'AWS::IAM::Role':
        s.roles[x] = norm({ ...without(p, 'Tags'), tags: tags(p.Tags) });
        break;
      case 'AWS::Lambda::Alias':
        s.aliases.push(line({ alias: id(x), version: p.FunctionVersion, routing: p.RoutingConfig, provisioned: p.ProvisionedConcurrencyConfig, update: r.UpdatePolicy }));
        break;
      case 'AWS::Lambda::Version':
        break; // identified through the aliases that use them
      case 'AWS::Lambda::EventInvokeConfig':
        s.asyncConfigs.push(line(p));
        break;
      case 'AWS::Lambda::EventSourceMapping':
        s.triggers.push(line({ kind: 'mapping', ...p }));
        break;
      case 'AWS::SNS::Subscription':
        s.triggers.push(line({ kind: 'subscription', ...p }));
        break;
      case 'AWS::Events::Rule': {
        const targets = ((p.Targets as Array<Record<string, J>>) ?? []).map((t) => without(t, 'Id'));
        s.triggers.push(line({ kind: 'rule', rule: x, ...without(p, 'Targets'), targets }));
        break;
      }
      case 'AWS::S3::Bucket': {
        const n = (p.NotificationConfiguration as { LambdaConfigurations?: J[] } | undefined)?.LambdaConfigurations ?? [];
        for (const c of n) s.triggers.push(line({ kind: 's3', bucket: x, ...(c as object) }));
        s.others[x] = norm({ type: r.Type, ...without(p, 'NotificationConfiguration') });
        break;
      }
      case 'AWS::Lambda::Permission':
        s.permissions.push(line(p));
        break;
      case 'AWS::ApiGatewayV2::Api': {
        const body = p.Body as { info?: { title?: string }; paths?: Record<string, Record<string, { 'x-amazon-apigateway-integration': Record<string, J> }>>; 'x-amazon-apigateway-cors'?: Record<string, J> } | undefined;
        const cors = body?.['x-amazon-apigateway-cors'] ?? p.CorsConfiguration;
        s.apis[x] = norm({
          name: body?.info?.title ?? p.Name,
          protocol: body ? 'HTTP' : p.ProtocolType,
          cors: cors ? Object.fromEntries(Object.entries(cors).map(([k, v]) => [k[0]!.toLowerCase() + k.slice(1), v])) : undefined,
        });
        for (const [path, methods] of Object.entries(body?.paths ?? {})) {
          for (const [method, op] of Object.entries(methods)) {
            const i = op['x-amazon-apigateway-integration'];
            const uri = norm(i.uri) as string;
            const target = /functions\/(.*)\/invocations$/.exec(uri)?.[1] ?? uri;
            const key = method === 'x-amazon-apigateway-any-method' ? `ANY ${path}` : `${method.toUpperCase()} ${path}`;
            s.triggers.push(line({ kind: 'route', api: x, key, target, payload: i.payloadFormatVersion, timeout: i.timeoutInMillis }));
          }
        }
        break;
      }
      case 'AWS::ApiGatewayV2::Route': {
        const integ = R[String((norm(p.Target) as string).replace(/^integrations\/\{(.*)\}$/, '$1'))]?.Properties ?? {};
        s.triggers.push(line({ kind: 'route', api: refName(p.ApiId), key: p.RouteKey, target: norm(integ.IntegrationUri), payload: integ.PayloadFormatVersion, timeout: integ.TimeoutInMillis }));
        break;
      }
      case 'AWS::ApiGatewayV2::Integration':
        break; // part of the route
      case 'AWS::ApiGatewayV2::Stage':
        s.others[`stage:${refName(p.ApiId)}:${String(p.StageName)}`] = norm({ ...without(p, 'Tags', 'ApiId', 'StageName') });
        break;
      case 'AWS::Lambda::LayerVersion': {
        // SAM names the layer after its logical id and adds a content hash to the id; the content itself is packaged elsewhere.
        const base = x.replace(/[0-9a-f]{10}$/, '');
        s.others[`layer:${base}`] = norm({ type: r.Type, ...without(p, 'Content', ...(p.LayerName === base ? ['LayerName'] : [])) });
        break;
      }
      default:
        s.others[x] = norm({ type: r.Type, ...p });
    }
  }
  for (const k of ['aliases', 'asyncConfigs', 'triggers', 'permissions'] as const) s[k].sort();
  return s;
}
