import * as z from "zod";
import { MalformedInputError } from "../../errors.js";
import type { Tags } from "../../model/index.js";
import { display, optDisplay } from "../../util/display.js";
import { excerpt } from "../../util/excerpt.js";
import { setOwn } from "../../util/own.js";

/**
 * Parsing untrusted AWS outputs (live responses, snapshots, configuration items) with zod
 * schemas, and the field types those schemas share. Objects are zod's default non-strict
 * objects: fields AWS adds are allowed and dropped, so only what a schema names reaches the model
 * (a password in an endpoint's settings is never read).
 *
 * A failure becomes one MalformedInputError, `<path>: <short reason>`, e.g.
 * `dms.DescribeEndpoints.Endpoints[3].SslMode: expected a string, got number`. The reason is built
 * from the issue's code, the expected type and the received value's type only: zod's own messages
 * can quote received values or literals, and an input field may hold a secret.
 */

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (value instanceof Date) return "date";
  return typeof value;
}

const EXPECTED: Record<string, string> = {
  string: "a string",
  number: "a number",
  boolean: "a boolean",
  object: "an object",
  array: "an array",
  date: "a date",
  nonoptional: "a value",
};

function reasonOf(issue: z.core.$ZodIssue): string {
  const got = `got ${typeName(issue.input)}`;
  switch (issue.code) {
    case "invalid_type":
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, ${got}`;
    case "invalid_value":
      return `not an accepted value (${got})`;
    case "custom":
      // Custom issues are raised by the schemas below, with messages that name no input text.
      return issue.message;
    default:
      return `invalid (${issue.code})`;
  }
}

/**
 * `Endpoints[3].SslMode` for the issue path `["Endpoints", 3, "SslMode"]`; `SslMode` under the
 * empty base. A key from the input (a record's or an unknown key) is shown as a short excerpt.
 */
function pathOf(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += `${out === "" ? "" : "."}${excerpt(String(key))}`;
  }
  return out;
}

/**
 * An object schema that refuses keys it does not name: the first unknown key is one issue at that
 * key (shown as an excerpt), `unknown <noun>; accepted: <the keys of shape>`, raised before the
 * fields are checked.
 */
function strictObject<S extends z.core.$ZodLooseShape>(shape: S, noun = "key") {
  const accepted = Object.keys(shape).join(", ");
  return z
    .unknown()
    .superRefine((value, ctx) => {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return;
      const key = Object.keys(value).find((k) => !Object.hasOwn(shape, k));
      if (key !== undefined) {
        ctx.addIssue({ code: "custom", path: [key], message: `unknown ${noun}; accepted: ${accepted}` });
      }
    })
    .pipe(z.object(shape));
}

/** Parse `input` with `schema`, or throw one MalformedInputError naming the first bad field under `path`. */
function parseAt<S extends z.ZodType>(schema: S, input: unknown, path: string): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new MalformedInputError(`${path}: invalid`);
  throw new MalformedInputError(`${pathOf(path, issue.path)}: ${reasonOf(issue)}`);
}

/** Record a custom issue (its message names no input text) and end the transform. */
function fail(ctx: z.core.ParsePayload, message: string): never {
  ctx.issues.push({ code: "custom", message, input: ctx.value, path: [] });
  return z.NEVER as never;
}

/** A value that may be absent, mapped by `map` (which calls `fail` for a value it cannot take). */
function optional<T>(map: (v: unknown, ctx: z.core.ParsePayload) => T) {
  return z.pipe(z.optional(z.unknown()), z.transform(map));
}

/** `schema`, then `map` on its output (the model transform). */
function mapped<S extends z.ZodType, T>(schema: S, map: (value: z.output<S>) => T) {
  return z.pipe(schema, z.transform(map));
}

/** A string that may be absent (undefined or null → undefined). */
const optString = z.pipe(
  z.nullish(z.string()),
  z.transform((v) => v ?? undefined),
);

/** Display text (a name, a hostname) that may be absent: control and bidi-override characters removed (util/display.ts). */
const optDisplayString = z.pipe(optString, z.transform(optDisplay));

/** The same, lower-cased (enum values whose case differs between the API and configuration items). */
const optLower = z.pipe(
  optString,
  z.transform((v) => v?.toLowerCase()),
);

/** A boolean that may be absent; configuration items sometimes carry booleans as strings. */
const optBoolean = optional((v, ctx): boolean | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "boolean") return v;
  if (v === "true") return true;
  if (v === "false") return false;
  return fail(ctx, `expected a boolean, got ${typeName(v)}`);
});

/** A finite number that may be absent (a numeric string is accepted). */
const optNumber = optional((v, ctx): number | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return fail(ctx, `expected a number, got ${typeName(v)}`);
});

/** A timestamp as the SDK returns it (Date) or as JSON carries it (ISO-8601 string or epoch seconds). */
const optTimestamp = optional((v, ctx): Date | undefined => {
  if (v === undefined || v === null) return undefined;
  let date: Date | undefined;
  if (v instanceof Date) date = v;
  else if (typeof v === "string") date = new Date(v);
  else if (typeof v === "number") date = new Date(v * 1000);
  if (date && !Number.isNaN(date.getTime())) return date;
  return fail(ctx, `expected an ISO-8601 timestamp, got ${typeName(v)}`);
});

/** A list that may be absent (undefined or null → empty). */
function optArray<T extends z.ZodType>(item: T) {
  return z.pipe(
    z.nullish(z.array(item)),
    z.transform((v) => v ?? []),
  );
}

/** An object that may be absent (undefined or null → undefined). */
function optObject<T extends z.ZodType>(schema: T) {
  return z.pipe(
    z.nullish(schema),
    z.transform((v) => v ?? undefined),
  );
}

/** Tags as DMS and CloudFormation list them, `[{ Key, Value }]`, as a map of display text. */
const tagList = z.pipe(
  optArray(z.object({ Key: z.string(), Value: optString })),
  z.transform((list) => {
    const tags: Tags = {};
    for (const tag of list) setOwn(tags, display(tag.Key), display(tag.Value ?? ""));
    return tags;
  }),
);

export type { Tags };
export {
  fail,
  mapped,
  optArray,
  optBoolean,
  optDisplayString,
  optional,
  optLower,
  optNumber,
  optObject,
  optString,
  optTimestamp,
  parseAt,
  strictObject,
  tagList,
  typeName,
  // Re-exported for code outside packages/core (stacks/), so every schema uses this zod.
  z,
};
