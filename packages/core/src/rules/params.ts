import { InvalidParameterError } from "../errors.js";
import { quoted } from "../util/excerpt.js";

/**
 * Rule parameters: declared once per rule with type, default and validation; parsed from AWS
 * Config's `ruleParameters` (a JSON object whose values are usually strings), the CLI's
 * `--param rule.name=value`, or stage configuration. Absent or empty → default; invalid →
 * InvalidParameterError naming the parameter and what it accepts.
 */

interface BaseSpec {
  description: string;
}
interface EnumSpec<V extends string = string> extends BaseSpec {
  type: "enum";
  values: readonly V[];
  default: V;
}
interface IntegerSpec extends BaseSpec {
  type: "integer";
  default: number;
  min: number;
  max: number;
}
interface BooleanSpec extends BaseSpec {
  type: "boolean";
  default: boolean;
}
interface ListSpec extends BaseSpec {
  type: "list";
  default: readonly string[];
  /** Optional check of each item; returns an error text or undefined. */
  validateItem?: (item: string) => string | undefined;
}
type ParamSpec = EnumSpec | IntegerSpec | BooleanSpec | ListSpec;
type ParamSpecs = Readonly<Record<string, ParamSpec>>;

type ParamValue<S extends ParamSpec> =
  S extends EnumSpec<infer V>
    ? V
    : S extends IntegerSpec
      ? number
      : S extends BooleanSpec
        ? boolean
        : readonly string[];
type ParamValues<P extends ParamSpecs> = { readonly [K in keyof P]: ParamValue<P[K]> };

function describeAccepted(spec: ParamSpec): string {
  switch (spec.type) {
    case "enum":
      return `one of ${spec.values.join(", ")}`;
    case "integer":
      return `a whole number from ${spec.min} to ${spec.max}`;
    case "boolean":
      return "true or false";
    case "list":
      return "a comma-separated list";
  }
}

function parseOne(ruleName: string, name: string, spec: ParamSpec, raw: unknown): unknown {
  const bad = (detail?: string): never => {
    const shown = typeof raw === "string" ? quoted(raw) : typeof raw;
    throw new InvalidParameterError(
      `${ruleName}: parameter ${name} = ${shown} is invalid${detail ? ` (${detail})` : ""}; accepted: ${describeAccepted(spec)}`,
    );
  };
  if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean" && !Array.isArray(raw))
    bad();
  const text = Array.isArray(raw) ? raw.map(String).join(",") : String(raw).trim();
  switch (spec.type) {
    case "enum": {
      const match = spec.values.find((v) => v.toLowerCase() === text.toLowerCase());
      return match ?? bad();
    }
    case "integer": {
      if (!/^-?\d+$/.test(text)) bad();
      const n = Number(text);
      if (n < spec.min || n > spec.max) bad();
      return n;
    }
    case "boolean": {
      const lower = text.toLowerCase();
      if (lower === "true") return true;
      if (lower === "false") return false;
      return bad();
    }
    case "list": {
      const items = text
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
      for (const item of items) {
        const problem = spec.validateItem?.(item);
        if (problem) bad(problem);
      }
      return items;
    }
  }
}

/**
 * Parse raw parameters against a rule's specs. Unknown parameter names are an error too:
 * a typo (`maxKeyAgeDay`) would otherwise silently fall back to the default.
 */
function parseParameters<P extends ParamSpecs>(
  ruleName: string,
  specs: P,
  raw: Readonly<Record<string, unknown>>,
): ParamValues<P> {
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    if (!Object.hasOwn(specs, key)) {
      const known = Object.keys(specs);
      throw new InvalidParameterError(
        `${ruleName}: unknown parameter ${quoted(key)}; accepted: ${known.length ? known.join(", ") : "none"}`,
      );
    }
  }
  for (const [name, spec] of Object.entries(specs)) {
    const value = raw[name];
    const absent =
      value === undefined || value === null || (typeof value === "string" && value.trim() === "");
    values[name] = absent ? spec.default : parseOne(ruleName, name, spec, value);
  }
  return values as ParamValues<P>;
}

/** Constructors that keep literal types (an enum's values) for inference. */
const param = {
  enum: <const V extends string>(
    values: readonly V[],
    defaultValue: NoInfer<V>,
    description: string,
  ): EnumSpec<V> => ({
    type: "enum",
    values,
    default: defaultValue,
    description,
  }),
  integer: (defaultValue: number, min: number, max: number, description: string): IntegerSpec => ({
    type: "integer",
    default: defaultValue,
    min,
    max,
    description,
  }),
  boolean: (defaultValue: boolean, description: string): BooleanSpec => ({
    type: "boolean",
    default: defaultValue,
    description,
  }),
  list: (
    defaultValue: readonly string[],
    description: string,
    validateItem?: (item: string) => string | undefined,
  ): ListSpec => ({
    type: "list",
    default: defaultValue,
    description,
    ...(validateItem ? { validateItem } : {}),
  }),
};

export type { ParamSpec, ParamSpecs, ParamValues };
export { describeAccepted, param, parseParameters };
