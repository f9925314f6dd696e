// First invocation in this fresh process, without an API call: imports a function's bundle
// (Lambda's init phase), then the SDK client modules its rule loads on first use (argv[3..]: chunk
// files of the bundle, or package names when the SDK is external) and creates each client, as the
// first invocation does. Prints `{ "importMs", "firstInvocationMs", "cpuMs" }` as JSON
// (firstInvocationMs includes importMs; cpuMs is the process's CPU time over the same span).
import { pathToFileURL } from "node:url";

const [bundle, ...modules] = process.argv.slice(2);
const cpu = process.cpuUsage();
const start = performance.now();
await import(pathToFileURL(bundle).href);
const importMs = performance.now() - start;
for (const name of modules) {
  const sdk = await import(name.startsWith("/") ? pathToFileURL(name).href : name);
  for (const [key, value] of Object.entries(sdk))
    if (key.endsWith("Client") && typeof value === "function" && key !== "Client") new value({});
}
const firstInvocationMs = performance.now() - start;
const used = process.cpuUsage(cpu);
const cpuMs = (used.user + used.system) / 1000;
process.stdout.write(`${JSON.stringify({ importMs, firstInvocationMs, cpuMs })}\n`);
