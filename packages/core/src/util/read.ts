import { MalformedInputError } from "../errors.js";

/**
 * Defensive readers for untrusted JSON (event fields, configuration-item envelopes, snapshots,
 * notifications). AWS API outputs are parsed with the zod schemas of aws/schemas/ instead.
 * Each reader names the path of the offending field, so a bad input becomes one clear line
 * ("snapshot.region: expected a string, got number").
 */

type Json = unknown;

function typeName(value: Json): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function fail(path: string, expected: string, value: Json): never {
  throw new MalformedInputError(`${path}: expected ${expected}, got ${typeName(value)}`);
}

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function record(value: Json, path: string): Record<string, Json> {
  if (!isRecord(value)) fail(path, "an object", value);
  return value;
}

function optRecord(value: Json, path: string): Record<string, Json> | undefined {
  if (value === undefined || value === null) return undefined;
  return record(value, path);
}

function str(value: Json, path: string): string {
  if (typeof value !== "string") fail(path, "a string", value);
  return value;
}

function optStr(value: Json, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  return str(value, path);
}

/** A timestamp as the SDK returns it (Date) or as JSON carries it (ISO-8601 string or epoch seconds). */
function optDate(value: Json, path: string): Date | undefined {
  if (value === undefined || value === null) return undefined;
  let date: Date | undefined;
  if (value instanceof Date) date = value;
  else if (typeof value === "string") date = new Date(value);
  else if (typeof value === "number") date = new Date(value * 1000);
  if (!date || Number.isNaN(date.getTime())) return fail(path, "an ISO-8601 timestamp", value);
  return date;
}

/** Parse a JSON string field, naming the field when it is not valid JSON. */
function jsonField(value: Json, path: string): Json {
  const text = str(value, path);
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    // V8's message quotes the input text, which may be long, multi-line or sensitive: keep only
    // where parsing stopped.
    const position = /at position (\d+)/.exec((error as Error).message)?.[1];
    const where = position ? ` at position ${position}` : text.trim() === "" ? " (empty)" : "";
    throw new MalformedInputError(`${path}: not valid JSON${where}`, { cause: error });
  }
}

export type { Json };
export { isRecord, jsonField, optDate, optRecord, optStr, record, str };
