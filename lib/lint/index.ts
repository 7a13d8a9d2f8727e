export * from './engine.js';
export * from './formatters/json.js';
export * from './formatters/summary.js';
export * from './formatters/text.js';
export * from './rules/index.js';
export * from './types.js';
