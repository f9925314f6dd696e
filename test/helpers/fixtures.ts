import { readFileSync } from "node:fs";

const cache = new Map<string, unknown>();

/** Load a JSON fixture from test/fixtures (parsed once, a fresh deep copy per call). */
function fixture<T = unknown>(relativePath: string): T {
  let value = cache.get(relativePath);
  if (value === undefined) {
    value = JSON.parse(readFileSync(new URL(`../fixtures/${relativePath}`, import.meta.url), "utf8"));
    cache.set(relativePath, value);
  }
  return structuredClone(value) as T;
}

/** The bundled sample account (examples/sample-account.json), fresh copy. */
function sampleAccount(): Record<string, unknown> & { services: Record<string, Record<string, unknown>> } {
  return JSON.parse(readFileSync(new URL("../../examples/sample-account.json", import.meta.url), "utf8"));
}

export { fixture, sampleAccount };
