/**
 * IAM action matching for the rules that read grants: an action in a policy (`sqs:SendMessage*`,
 * `s3:Put*`, `lambda:Invoke?unction`, `*`) matches an action name the way IAM matches it,
 * case-insensitively, `*` any run of characters and `?` one character (IAM JSON policy elements:
 * Action, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
 */
export function actionMatches(pattern: string, action: string): boolean {
  // Most actions are spelled out: compared without a regular expression.
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern.length === action.length && pattern.toLowerCase() === action.toLowerCase();
  let re = PATTERNS.get(pattern);
  if (re === undefined) {
    re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    PATTERNS.set(pattern, re);
  }
  return re.test(action);
}

/** Wildcard patterns, compiled once each. */
const PATTERNS = new Map<string, RegExp>();
