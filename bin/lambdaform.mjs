#!/usr/bin/env node
// Launcher: runs the TypeScript CLI (bin/lambdaform.ts) through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('./lambdaform.ts');
