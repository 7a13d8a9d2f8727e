import type { ModelValue } from '../../model/types.js';
import { isJoin } from '../../model/values.js';
import type { Rule, Severity } from '../types.js';

/** Stands for a deploy-time part of a `$join` (a reference, a pseudo parameter) in the text the patterns see. */
const DEPLOY_TIME = '\u0000';

/**
 * Secrets recognised by their value, wherever they are: formats with a fixed prefix or shape, so
 * that a match is a secret (low false positives).
 */
const VALUE_PATTERNS: ReadonlyArray<{ readonly what: string; readonly re: RegExp; readonly header?: true }> = [
  // AKIA: long-term access key id; ASIA: temporary (STS) access key id.
  { what: 'an AWS access key id', re: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/ },
  // RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP ... PRIVATE KEY (BLOCK).
  // The match is the PEM header, which says what the key is and holds none of it: shown as it is.
  { what: 'a private key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/, header: true },
  // Classic (ghp_), OAuth (gho_), user-to-server (ghu_), server-to-server (ghs_), refresh (ghr_) and fine-grained (github_pat_) tokens.
  { what: 'a GitHub token', re: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/ },
  { what: 'a Slack token', re: /(?<![A-Za-z0-9])xox[baprs]-[A-Za-z0-9-]{10,}/ },
  // Secret (sk_) and restricted (rk_) live keys; test keys (sk_test_) reach no money.
  { what: 'a Stripe live key', re: /(?<![A-Za-z0-9])[sr]k_live_[A-Za-z0-9]{16,}/ },
  // Header and payload are base64url JSON objects: both start with `eyJ` (`{"`).
  { what: 'a JSON Web Token', re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/ },
];

/** `scheme://user:password@host`: groups `scheme://user`, the password, the host (a deploy-time password is not literal, so not matched). */
const URL_PASSWORD = /([A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:@/]*):([^\s@/\u0000]+)@([^\s/?#@]+)/;

/** A password in a URL that is a placeholder filled in at run time, not a secret: `${DB_PASSWORD}`, `{password}`, `<password>`, `%s`, `****`. */
const PLACEHOLDER_PASSWORD = /^(?:\$|\{|<|%s$|\*+$|x+$)/i;

/** An AWS secret access key: 40 characters of base64, next to a name that says SECRET or KEY. */
const AWS_SECRET_KEY = /^[A-Za-z0-9/+]{40}$/;

/**
 * Names that say the value is a secret, matched on the last word(s) of the name in upper snake
 * case (`dbPassword` is `DB_PASSWORD`): `DB_PASSWORD`, `GITHUB_TOKEN`, `STRIPE_API_KEY`. A name that
 * goes on after the word (`SECRET_ARN`, `PASSWORD_PARAMETER`, `TOKEN_TABLE`) names where the
 * secret is, not the secret. `PWD` alone is the shell's working directory.
 */
const SECRET_NAME = /(?:^|_)(?:PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|SECRET_?KEY|ACCESS_?KEY|CREDENTIALS?)$|_(?:PASS|PWD)$/;

/** Words that, in a value shaped like a name (`prod-db-password`, `MyDbSecret`), make it the name of a secret or parameter. */
const NAME_WORDS: ReadonlySet<string> = new Set(['secret', 'secrets', 'password', 'credential', 'credentials', 'token', 'key', 'apikey', 'param', 'parameter']);

/** Values of a secret-named variable that are no secret: flags, empty markers. */
const NOT_A_SECRET = /^(?:true|false|yes|no|on|off|none|null|undefined|enabled|disabled)$/i;

/** CloudFormation dynamic references that put a secret's value into the function's configuration at deploy. */
const SECRET_DYNAMIC_REFERENCE = /\{\{resolve:(?:secretsmanager|ssm-secure):/;

/** `DB_PASSWORD` for `dbPassword`, `db-password` or `DB_PASSWORD`. */
function upperSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

/**
 * A value that points at a secret instead of holding one: an ARN, a parameter or secret path
 * (`/prod/db/password`, `prod/db/password`), a URL, a file (`service-account.json`), a
 * placeholder filled at run time, or a secret's name (`prod-db-password`, `MyDbSecret`).
 */
function isPointer(value: string): boolean {
  if (value.startsWith('arn:') || value.startsWith('/')) return true;
  if (/\$\{|\{\{|%s/.test(value)) return true;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)) return true;
  if (/^\S+\.(?:json|pem|key|crt|cer|p12|pfx|jks|txt|ya?ml|env|ini|conf)$/i.test(value)) return true;
  if (/^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)+$/.test(value)) return true;
  if (/^[A-Za-z][A-Za-z0-9._-]*$/.test(value)) {
    const words = value
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .split(/[\s._-]+/)
      .map((w) => w.toLowerCase());
    if (words.length > 1 && words.some((w) => NAME_WORDS.has(w))) return true;
  }
  return false;
}

/** A secret as a message may show it: at most 4 characters, and never more than a quarter of it. */
function mask(secret: string): string {
  const keep = Math.min(4, Math.floor(secret.length / 4));
  return `'${secret.slice(0, keep)}****' (${secret.length} characters)`;
}

/** The text of a value the patterns see: a literal as it is, a `$join` with its deploy-time parts as DEPLOY_TIME; else undefined. */
function textOf(value: ModelValue): string | undefined {
  if (typeof value === 'string') return value;
  if (isJoin(value)) return value.$join.map((p) => (typeof p === 'string' ? p : DEPLOY_TIME)).join('');
  return undefined;
}

/** Why a variable holds a secret, or undefined. */
function finding(name: string, value: ModelValue): { what: string; shown: string; severity?: Severity } | undefined {
  const text = textOf(value);
  if (text === undefined || text === '') return undefined;
  for (const p of VALUE_PATTERNS) {
    const m = p.re.exec(text);
    if (m) return { what: p.what, shown: p.header ? `'${m[0]}...'` : mask(m[0]) };
  }
  const url = URL_PASSWORD.exec(text);
  if (url && !PLACEHOLDER_PASSWORD.test(url[2]!)) {
    // The password is the secret: the URL is shown without it (and without its path and query).
    const host = url[3]!.replaceAll(DEPLOY_TIME, '...');
    return { what: 'a URL with an inline password', shown: `'${url[1]!.replaceAll(DEPLOY_TIME, '...')}:****@${host}', a password of ${url[2]!.length} characters` };
  }
  if (SECRET_DYNAMIC_REFERENCE.test(text)) {
    return { what: 'a dynamic reference to a secret, which CloudFormation resolves at deploy into the plain-text value', shown: `'${text.replaceAll(DEPLOY_TIME, '...')}'`, severity: 'warning' };
  }
  // The checks by name only apply to a value that is literal as a whole.
  if (typeof value !== 'string') return undefined;
  const upper = upperSnake(name);
  if (/SECRET|KEY/.test(upper) && AWS_SECRET_KEY.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value) && /[0-9]/.test(value)) {
    return { what: 'an AWS secret access key', shown: mask(value) };
  }
  const trimmed = value.trim();
  if (trimmed === '' || !SECRET_NAME.test(upper) || NOT_A_SECRET.test(trimmed) || isPointer(trimmed)) return undefined;
  return { what: 'a literal secret (its name says so)', shown: mask(value) };
}

/**
 * A secret written into a function's environment is in the template, in the model, in source
 * control and in the function's configuration, readable by anyone allowed
 * `lambda:GetFunctionConfiguration`, and cannot be rotated without a deploy. Reported: values
 * with the shape of a secret (AWS access key ids, private keys, GitHub, Slack and Stripe tokens,
 * JWTs, URLs with an inline password), 40-character AWS secret keys in a variable named
 * `*SECRET*`/`*KEY*`, dynamic references that resolve a secret into the configuration (a
 * warning), and literal values of variables whose name says they are a secret (`DB_PASSWORD`,
 * `API_KEY`). Values that point at a secret (an ARN, a parameter or secret name or path, a
 * deploy-time reference) are the correct design. A finding never shows the secret.
 */
export const secretInEnvironment: Rule = {
  meta: {
    id: 'secret-in-environment',
    severity: 'error',
    description: "a function's environment holds no secrets (keys, tokens, passwords), only where to find them (a secret's name or ARN)",
    docs: 'docs/rules.md#secret-in-environment',
    recommended: true,
  },
  check({ graph, report }) {
    for (const fn of graph.nodes('function')) {
      for (const [name, value] of Object.entries(fn.props.environment)) {
        const f = finding(name, value);
        if (!f) continue;
        report({
          at: fn,
          ...(f.severity ? { severity: f.severity } : {}),
          message: `environment variable ${name} of ${fn.origin.path} holds ${f.what} (${f.shown}): anyone who can read the function's configuration (lambda:GetFunctionConfiguration, the console)${f.severity ? '' : ' or the template'} can read it`,
          hint: f.severity
            ? `put the secret's name or ARN in the environment instead of the dynamic reference (${name}_SECRET_ARN), grant the function read access (secretsmanager:GetSecretValue), and read the value once at init (at module level, or with the AWS Parameters and Secrets Lambda Extension)`
            : `store the secret in AWS Secrets Manager (or SSM Parameter Store as a SecureString), put its name or ARN in the environment instead (${name}_SECRET_ARN), grant the function read access, and read it once at init (at module level, or with the AWS Parameters and Secrets Lambda Extension); then rotate the exposed value, which stays in the templates and configurations deployed so far`,
        });
      }
    }
  },
};
