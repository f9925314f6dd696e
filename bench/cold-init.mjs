// Cold init in this fresh process: imports a bundle (Lambda's init phase), then the SDK client
// packages its function loads on first use (argv[3..]), and prints both times in ms as JSON:
// `{ "importMs", "withClientsMs" }` (withClientsMs includes importMs).
import { pathToFileURL } from "node:url";

const [bundle, ...packages] = process.argv.slice(2);
const start = performance.now();
await import(pathToFileURL(bundle).href);
const importMs = performance.now() - start;
for (const name of packages) await import(name);
const withClientsMs = performance.now() - start;
process.stdout.write(`${JSON.stringify({ importMs, withClientsMs })}\n`);
