// Runs before every test file (vitest.config.ts setupFiles). Test files share their worker's
// modules, so what a shared helper made for one file is cleaned up after that file here.
import { afterAll } from 'vitest';
import { cleanUpLocal } from './local/helpers.js';

afterAll(cleanUpLocal);
