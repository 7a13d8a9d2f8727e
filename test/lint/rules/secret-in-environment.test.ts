import { describe, expect, it } from 'vitest';
import { Queue, type Stack } from '../../../lib/all.js';
import { secretInEnvironment } from '../../../lib/lint/rules/secret-in-environment.js';
import { newFunction } from '../../helpers/app.js';
import { findingsOf, ruleTester, withProps } from '../../helpers/rule-tester.js';

// Secret-shaped values are built from parts, so secret scanners do not flag this file.
const ACCESS_KEY_ID = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');
const TEMP_KEY_ID = ['ASIA', 'Y34FZKBOKMUTVV7A'].join('');
const SECRET_KEY = ['wJalrXUtnFEMI/K7MDENG', '/bPxRfiCYEXAMPLEKEY'].join('');
const PEM = ['-----BEGIN RSA PRIVATE', ' KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----'].join('');
const OPENSSH = ['-----BEGIN OPENSSH PRIVATE', ' KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA'].join('');
const GITHUB = ['ghp', '_', 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5'].join('');
const GITHUB_PAT = ['github', '_pat_', '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz'].join('');
const SLACK = ['xox', 'b-', '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'].join('');
const STRIPE = ['sk', '_live_', '51H8abcdEFGHijklMNOPqrst'].join('');
const JWT = ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ', 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'].join('.');

/** A function `Fn` with `environment`. */
const withEnv = (environment: Record<string, string>) => (stack: Stack) => void newFunction(stack, 'Fn', { environment });

ruleTester(secretInEnvironment, {
  valid: [
    { name: 'ordinary configuration', build: withEnv({ LOG_LEVEL: 'info', STAGE: 'prod', POWERTOOLS_SERVICE_NAME: 'orders' }) },
    { name: 'a deploy-time reference in a secret-named variable', build: (s) => void newFunction(s, 'Fn', { environment: { API_TOKEN: new Queue(s, 'Q').queueUrl } }) },
    {
      name: 'pointers at secrets: ARNs, parameter and secret paths',
      build: withEnv({
        DB_PASSWORD: '/prod/db/password',
        API_KEY: 'arn:aws:ssm:eu-west-1:123456789012:parameter/prod/api-key',
        DB_SECRET: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf',
        STRIPE_SECRET: 'prod/payments/stripe',
      }),
    },
    { name: "a secret's name, shaped like a name", build: withEnv({ DB_SECRET: 'prod-db-credentials', GITHUB_TOKEN: 'MyGithubTokenSecret', SIGNING_KEY: 'jwt_signing_key' }) },
    { name: 'names that go on after the secret word (where the secret is, or about it)', build: withEnv({ SECRET_ARN: 'x-9Kq2', TOKEN_TABLE: 'tokens', PASSWORD_MIN_LENGTH: '12', SECRET_ROTATION_DAYS: '30', API_KEY_HEADER: 'x-api-key' }) },
    { name: 'files that hold the secret', build: withEnv({ GOOGLE_APPLICATION_CREDENTIALS: 'service-account.json', TLS_PRIVATE_KEY: 'certs/server.pem' }) },
    { name: 'an empty secret-named variable', build: withEnv({ API_KEY: '' }) },
    { name: 'flags in secret-named variables', build: withEnv({ REQUIRE_TOKEN: 'true', USE_API_KEY: 'false', ROTATE_SECRET: 'disabled' }) },
    { name: 'PWD alone (a working directory)', build: withEnv({ PWD: 'tmp' }) },
    { name: 'a URL without a password', build: withEnv({ DATABASE_URL: 'postgres://db.internal:5432/app', WEBHOOK_URL: 'https://hooks@example.com/x', AUTH_TOKEN: 'https://auth.example.com/oauth/token' }) },
    { name: 'a URL whose password is a placeholder filled at run time', build: withEnv({ DATABASE_URL: 'postgres://app:${DB_PASSWORD}@db.internal:5432/app', REDIS_URL: 'redis://:{password}@cache:6379', AMQP_URL: 'amqp://guest:****@mq' }) },
    {
      name: 'a URL whose password is a deploy-time value',
      build: (s) => void newFunction(s, 'Fn', { environment: { DATABASE_URL: `postgres://app:${new Queue(s, 'Q').queueName}@db.internal/app` } }),
    },
    { name: 'a Stripe test key', build: withEnv({ STRIPE_PUBLIC: ['sk', '_test_', '51H8abcdEFGHijklMNOPqrst'].join('') }) },
    { name: 'a 40-character value in a variable not named SECRET or KEY', build: withEnv({ BUILD_ID: SECRET_KEY.replace('/', 'a').replace('/', 'b') }) },
    { name: 'a 40-character hex digest in a KEY variable (not base64 with mixed case)', build: withEnv({ CACHE_KEY: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' }) },
    { name: 'a dynamic reference to a plain SSM parameter', build: withEnv({ CONFIG: '{{resolve:ssm:/prod/config}}' }) },
    { name: 'an access key id inside a longer word is not one', build: withEnv({ LABEL: `X${ACCESS_KEY_ID}9` }) },
  ],
  invalid: [
    {
      name: 'an AWS access key id, whatever the name',
      build: withEnv({ CONFIG: ACCESS_KEY_ID }),
      findings: [{ path: 'Test/Fn', message: /^environment variable CONFIG of Test\/Fn holds an AWS access key id \('AKIA\*\*\*\*' \(20 characters\)\): anyone who can read the function's configuration \(lambda:GetFunctionConfiguration, the console\) or the template can read it$/ }],
    },
    { name: 'a temporary (STS) access key id', build: withEnv({ CREDS_ID: TEMP_KEY_ID }), findings: [{ path: 'Test/Fn', message: /holds an AWS access key id \('ASIA\*\*\*\*'/ }] },
    { name: 'an access key id inside a longer value', build: withEnv({ CONFIG: `key=${ACCESS_KEY_ID};region=eu-west-1` }), findings: [{ path: 'Test/Fn', message: /holds an AWS access key id/ }] },
    { name: 'an AWS secret key next to a SECRET/KEY name', build: withEnv({ S3_SECRET_KEY: SECRET_KEY }), findings: [{ path: 'Test/Fn', message: /variable S3_SECRET_KEY of Test\/Fn holds an AWS secret access key \('wJal\*\*\*\*' \(40 characters\)\)/ }] },
    { name: 'a PEM private key', build: withEnv({ SIGNING_CERT: PEM }), findings: [{ path: 'Test/Fn', message: /holds a private key \('-----BEGIN RSA PRIVATE KEY-----\.\.\.'\): anyone/ }] },
    { name: 'an OpenSSH private key', build: withEnv({ DEPLOY: OPENSSH }), findings: [{ path: 'Test/Fn', message: /holds a private key \('-----BEGIN OPENSSH PRIVATE KEY-----\.\.\.'\)/ }] },
    { name: 'a GitHub token', build: withEnv({ REPO_ACCESS: GITHUB }), findings: [{ path: 'Test/Fn', message: /holds a GitHub token \('ghp_\*\*\*\*' \(40 characters\)\)/ }] },
    { name: 'a GitHub fine-grained token', build: withEnv({ REPO_ACCESS: GITHUB_PAT }), findings: [{ path: 'Test/Fn', message: /holds a GitHub token \('gith\*\*\*\*'/ }] },
    { name: 'a Slack token', build: withEnv({ SLACK_HOOK: SLACK }), findings: [{ path: 'Test/Fn', message: /holds a Slack token \('xoxb\*\*\*\*'/ }] },
    { name: 'a Stripe live key', build: withEnv({ PAYMENTS: STRIPE }), findings: [{ path: 'Test/Fn', message: /holds a Stripe live key \('sk_l\*\*\*\*'/ }] },
    { name: 'a JSON Web Token', build: withEnv({ SERVICE_AUTH: JWT }), findings: [{ path: 'Test/Fn', message: /holds a JSON Web Token \('eyJh\*\*\*\*'/ }] },
    {
      name: 'a URL with an inline password',
      build: withEnv({ DATABASE_URL: 'postgres://app:hunter2@db.internal:5432/app' }),
      findings: [{ path: 'Test/Fn', message: /variable DATABASE_URL of Test\/Fn holds a URL with an inline password \('postgres:\/\/app:\*\*\*\*@db\.internal:5432', a password of 7 characters\): anyone/ }],
    },
    { name: 'a URL with an inline password and no user', build: withEnv({ REDIS_URL: 'redis://:s3cr3tpass@cache:6379' }), findings: [{ path: 'Test/Fn', message: /holds a URL with an inline password \('redis:\/\/:\*\*\*\*@cache:6379', a password of 10 characters\)/ }] },
    {
      name: 'a URL with an inline password and a deploy-time user',
      build: (s) => void newFunction(s, 'Fn', { environment: { DATABASE_URL: `postgres://${new Queue(s, 'Q').queueName}:hunter2@db.internal/app` } }),
      findings: [{ path: 'Test/Fn', message: /holds a URL with an inline password \('postgres:\/\/\.\.\.:\*\*\*\*@db\.internal', a password of 7 characters\)/ }],
    },
    {
      name: 'a URL with an inline password and a deploy-time host',
      build: (s) => void newFunction(s, 'Fn', { environment: { DATABASE_URL: `postgres://app:hunter2@${new Queue(s, 'Q').queueName}/app` } }),
      findings: [{ path: 'Test/Fn', message: /holds a URL with an inline password \('postgres:\/\/app:\*\*\*\*@\.\.\.', a password of 7 characters\)/ }],
    },
    {
      name: 'a secret-named variable with a literal value: the value is masked to at most a quarter',
      build: withEnv({ DB_PASSWORD: 'hunter2' }),
      findings: [{ path: 'Test/Fn', message: /^environment variable DB_PASSWORD of Test\/Fn holds a literal secret \(its name says so\) \('h\*\*\*\*' \(7 characters\)\)/ }],
    },
    { name: 'a camelCase secret name', build: withEnv({ dbPassword: 'correct horse battery staple' }), findings: [{ path: 'Test/Fn', message: /variable dbPassword of Test\/Fn holds a literal secret \(its name says so\) \('corr\*\*\*\*' \(28 characters\)\)/ }] },
    { name: 'a password that contains its own name is still a password', build: withEnv({ ADMIN_PASSWORD: 'Password123' }), findings: [{ path: 'Test/Fn', message: /ADMIN_PASSWORD of Test\/Fn holds a literal secret/ }] },
    { name: 'a one-character password shows nothing', build: withEnv({ SMTP_PASS: 'x' }), findings: [{ path: 'Test/Fn', message: /\('\*\*\*\*' \(1 characters\)\)/ }] },
    {
      name: 'one finding per variable, the literal parts of each',
      build: withEnv({ API_KEY: 'abc123def456', GITHUB_TOKEN: GITHUB, SESSION_SECRET: 'keyboard cat', LOG_LEVEL: 'debug' }),
      findings: [
        { path: 'Test/Fn', message: /^environment variable API_KEY .* holds a literal secret/ },
        { path: 'Test/Fn', message: /^environment variable GITHUB_TOKEN .* holds a GitHub token/ },
        { path: 'Test/Fn', message: /^environment variable SESSION_SECRET .* holds a literal secret/ },
      ],
    },
    {
      name: 'a dynamic reference that resolves a secret into the configuration: a warning',
      build: withEnv({ DB_PASSWORD: '{{resolve:secretsmanager:prod/db:SecretString:password}}' }),
      findings: [{ path: 'Test/Fn', severity: 'warning', message: /holds a dynamic reference to a secret, which CloudFormation resolves at deploy into the plain-text value \('\{\{resolve:secretsmanager:prod\/db:SecretString:password\}\}'\): anyone who can read the function's configuration \(lambda:GetFunctionConfiguration, the console\) can read it$/ }],
    },
    {
      name: 'an imported model with a literal password',
      build: (s) => void newFunction(s, 'Fn'),
      edit: withProps('Test/Fn', { environment: { MASTER_PASSWORD: 'Tr0ub4dor&3' } }),
      findings: [{ path: 'Test/Fn', message: /MASTER_PASSWORD of Test\/Fn holds a literal secret/ }],
    },
    { name: 'a severity from the configuration', build: withEnv({ DB_PASSWORD: 'hunter2' }), setting: 'warning', findings: [{ path: 'Test/Fn', severity: 'warning', message: /DB_PASSWORD/ }] },
  ],
});

describe('secret-in-environment: the message never shows the secret', () => {
  // What must not appear: 5 characters of the secret (a private key's header, which says what it is, may).
  it.each([
    [ACCESS_KEY_ID, 'AKIAI'],
    [SECRET_KEY, 'wJalr'],
    [PEM, 'MIIEo'],
    [OPENSSH, 'b3Bl'],
    [GITHUB, 'ghp_a'],
    [GITHUB_PAT, 'githu'],
    [SLACK, 'xoxb-'],
    [STRIPE, 'sk_li'],
    [JWT, 'eyJhb'],
    ['hunter2', 'hunte'],
    ['correct horse battery staple', 'corre'],
  ])('%#', (secret, shown) => {
    const found = findingsOf(secretInEnvironment, withEnv({ API_SECRET_KEY: secret }));
    expect(found).toHaveLength(1);
    expect(`${found[0]!.message} ${found[0]!.hint}`).not.toContain(shown);
  });
  it('nor the password of a URL', () => {
    const [f] = findingsOf(secretInEnvironment, withEnv({ DATABASE_URL: 'postgres://app:hunter2@db.internal/app' }));
    expect(f!.message).not.toContain('hunter2');
  });
});
