export * from './analyzer.js';
export * from './targets.js';
export * from './types.js';
