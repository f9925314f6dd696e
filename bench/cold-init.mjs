// Imports a bundle in this fresh process and prints the import time in ms (cold init).
import { pathToFileURL } from "node:url";

const start = performance.now();
await import(pathToFileURL(process.argv[2]).href);
process.stdout.write(`${performance.now() - start}\n`);
