/**
 * `lambdaform/local`: a simulated app for users' tests. See docs/testing.md.
 */
export { LocalApp, type InvokeResult, type LocalAppOptions, type LocalHttpResponse, type QueueMessage } from './app.js';
export type { Snapshot, SnapshotMessage } from './state.js';
export type { FunctionMetrics } from '../local/metrics.js';
export type { HandlerMode } from '../local/functions.js';
export type { Report } from '../local/scenario/report.js';
