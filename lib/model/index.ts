export * from './check.js';
export * from './defaults.js';
export * from './environment.js';
export * from './graph.js';
export * from './parse.js';
export * from './types.js';
export * from './values.js';
