import { readFileSync } from "node:fs";

/**
 * The one fixture loader. Layout of test/fixtures/ (README.md there):
 * - `<service>/<Operation>/<variant>.json`: an AWS API output (or, for `config/`, an AWS Config
 *   event or configuration item: `config/<messageType>/<variant>.json`), real API shapes;
 * - `aws-models/`, `aws-config/`, `cloudformation/`: extracts of AWS's own references;
 * - `dms/certificates/`: certificate material (and the script that makes it).
 */

const FIXTURES = new URL("../fixtures/", import.meta.url);
const cache = new Map<string, unknown>();

/** A JSON fixture by path under test/fixtures/ (parsed once, a fresh deep copy per call). */
function fixture<T = unknown>(relativePath: string): T {
  let value = cache.get(relativePath);
  if (value === undefined) {
    value = JSON.parse(fixtureText(relativePath));
    cache.set(relativePath, value);
  }
  return structuredClone(value) as T;
}

/** An API output: `apiOutput("dms", "DescribeEndpoints")` reads dms/DescribeEndpoints/default.json. */
function apiOutput<T = Record<string, unknown>>(service: string, operation: string, variant = "default"): T {
  return fixture<T>(`${service}/${operation}/${variant}.json`);
}

/** A fixture's text (CSV, PEM, raw JSON). */
function fixtureText(relativePath: string): string {
  return readFileSync(new URL(relativePath, FIXTURES), "utf8");
}

/** The bundled sample account (examples/sample-account.json), fresh copy. */
function sampleAccount(): Record<string, unknown> & { services: Record<string, Record<string, unknown>> } {
  return JSON.parse(readFileSync(new URL("../../examples/sample-account.json", import.meta.url), "utf8"));
}

export { apiOutput, fixture, fixtureText, sampleAccount };
