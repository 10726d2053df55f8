// Fetches the real code that the test suite compares against into the real-code cache (REAL_CODE_DIR in
// bench/npm-src.mjs: LA_REAL_CODE_CACHE, else ~/.cache/living-architecture/real-code), so
// that `npm test` itself never touches the network: the pinned npm packages' src/ trees (with
// `npm pack`) and Debian's python3-django (with `apt-get download`, no sudo). .ci/run runs it after
// `npm ci`; without it the real-code tests are skipped with a reason. Exits 1 when a fetch fails.
import { REAL_TS_PACKAGES, npmSrc } from '../bench/npm-src.mjs';
import { ensureDjango } from '../__tests__/fixtures/python/django.mjs';

let failed = false;
for (const spec of REAL_TS_PACKAGES) {
  try {
    console.log(`real code: ${spec} → ${npmSrc(spec)}`);
  } catch (e) {
    failed = true;
    console.error(`real code: npm pack ${spec} failed: ${String(e.message).split('\n')[0]}`);
  }
}
const django = ensureDjango();
if (django.skip !== undefined) {
  failed = true;
  console.error(`real code: ${django.skip}`);
} else console.log(`real code: ${django.deb} → ${django.root}`);
process.exit(failed ? 1 : 0);
