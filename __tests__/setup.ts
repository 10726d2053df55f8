/** Runs before every test file (vitest.config.ts `setupFiles`): its cleanups run at the file's end. */
import { afterAll } from 'vitest';
import { runFileEnd } from './cleanup.js';

afterAll(runFileEnd);
