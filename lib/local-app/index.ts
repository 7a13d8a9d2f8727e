/**
 * `lambdaform/local`: a simulated app for users' tests. See docs/testing.md.
 */
export { LocalApp, type InvokeResult, type LocalAppOptions, type LocalHttpResponse, type QueueMessage } from './app.js';
export type { Snapshot, SnapshotMessage } from './state.js';
export type { FunctionMetrics } from '../local/metrics.js';
export type { HandlerMode } from '../local/functions.js';
export type { Report } from '../local/scenario/report.js';
// The plan `LocalApp.fromPlan` takes (docs/plan.md), for a plan written or changed in a test.
export type { Plan } from '../local/plan/types.js';
