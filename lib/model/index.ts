export * from './builder.js';
export * from './types.js';
