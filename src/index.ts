/** The Action door: the only module that imports @actions/core (the Action itself is src/action/main.ts). */
import * as core from '@actions/core';
import module from 'node:module';
import { main } from './action/main.js';
import { exitWhenFlushed } from './util/exit.js';

// Cache compiled code between runs (the 8 MB dependency-cruiser bundle loads about 100 ms faster).
module.enableCompileCache?.();

await exitWhenFlushed(await main(core, process.env, process.cwd()));
