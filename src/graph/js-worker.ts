/**
 * Worker entry (bundled as dist/js-graph-worker.js): cruises one share of a large repository's
 * JavaScript/TypeScript files so both cores work. Receives a CruiseJob, answers a CruiseResult or
 * an error message.
 */
import { parentPort } from 'node:worker_threads';
import { loadDepcruise } from './depcruise.js';
import { cruiseProject, type CruiseJob } from './js-cruise.js';

parentPort?.on('message', (job: CruiseJob) => {
  loadDepcruise()
    .then((dc) => cruiseProject(dc, job))
    .then(
      (result) => parentPort!.postMessage({ ok: true, result }),
      (e: unknown) => parentPort!.postMessage({ ok: false, error: (e as Error).message }),
    );
});
