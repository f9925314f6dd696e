// Runs one Lambda bundle's handler once in this (fresh) process, as the nodejs22.x runtime would,
// and prints what it measured as one line: `BENCH_RESULT {json}` (with the SDK services the bundle
// loaded at init, `sdkPreloaded`). Used by bench/run.ts and the deployed-bundle tests.
import { pathToFileURL } from "node:url";

const [bundle, eventJson] = process.argv.slice(2);
const initStart = performance.now();
const { handler, sdkPreloaded } = await import(pathToFileURL(bundle).href);
const initMs = performance.now() - initStart;
const start = performance.now();
let result;
let error;
try {
  result = await handler(JSON.parse(eventJson));
} catch (e) {
  error = e instanceof Error ? e.message : String(e);
}
const wallMs = performance.now() - start;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `\nBENCH_RESULT ${JSON.stringify({ initMs, wallMs, peakRssMb, sdkPreloaded, result, error })}\n`,
);
