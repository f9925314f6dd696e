import { awsModel, type Shape, shapeOf } from "./aws-model.js";

/**
 * Checks a JSON value against a shape of an AWS API model (test/fixtures/aws-models/): every field
 * must be a member of its structure, every enum value one the model lists, every scalar of the
 * model's type. Returns one line per problem, naming the path (`Endpoints[2].S3Settings.Foo`).
 *
 * Values as they appear in JSON responses and fixtures: timestamps as ISO strings or epoch
 * numbers, blobs as base64 strings.
 */

interface ValidateOptions {
  /** Skip `required` checks (output shapes mark few members required; fixtures may be partial). */
  ignoreRequired?: boolean;
  /** Enum shapes whose values the service writes in another case than the model lists. */
  caseInsensitiveEnums?: ReadonlySet<string>;
}

function enumHas(shapeName: string, values: string[], value: string, options: ValidateOptions): boolean {
  if (values.includes(value)) return true;
  if (!options.caseInsensitiveEnums?.has(shapeName)) return false;
  return values.some((v) => v.toLowerCase() === value.toLowerCase());
}

function typeProblem(
  shapeName: string,
  shape: Shape,
  value: unknown,
  options: ValidateOptions,
): string | undefined {
  switch (shape.type) {
    case "string":
      if (typeof value !== "string") return `expected string, got ${typeof value}`;
      if (shape.enum && !enumHas(shapeName, shape.enum, value, options))
        return `${JSON.stringify(value)} is not one of ${shape.enum.join(", ")}`;
      return undefined;
    case "boolean":
      return typeof value === "boolean" ? undefined : `expected boolean, got ${typeof value}`;
    case "integer":
    case "long":
      return Number.isInteger(value) ? undefined : `expected ${shape.type}, got ${JSON.stringify(value)}`;
    case "double":
    case "float":
      return typeof value === "number" ? undefined : `expected number, got ${typeof value}`;
    case "timestamp":
      if (typeof value === "number") return undefined;
      if (value instanceof Date) return undefined;
      return typeof value === "string" && !Number.isNaN(Date.parse(value))
        ? undefined
        : `expected timestamp, got ${JSON.stringify(value)}`;
    case "blob":
      return typeof value === "string" || value instanceof Uint8Array
        ? undefined
        : `expected blob, got ${typeof value}`;
    default:
      return undefined;
  }
}

function walk(
  service: string,
  shapeName: string,
  value: unknown,
  path: string,
  problems: string[],
  options: ValidateOptions,
): void {
  const shape = shapeOf(service, shapeName);
  const at = path || "(root)";
  if (value === null || value === undefined) return;
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || Array.isArray(value)) {
        problems.push(
          `${at}: expected structure ${shapeName}, got ${Array.isArray(value) ? "array" : typeof value}`,
        );
        return;
      }
      const members = shape.members ?? {};
      const record = value as Record<string, unknown>;
      for (const [key, child] of Object.entries(record)) {
        const member = members[key];
        if (!member) {
          problems.push(`${path ? `${path}.` : ""}${key}: ${shapeName} has no member ${key}`);
          continue;
        }
        walk(service, member.shape, child, path ? `${path}.${key}` : key, problems, options);
      }
      if (!options.ignoreRequired)
        for (const name of shape.required ?? [])
          if (record[name] === undefined)
            problems.push(`${at}: required member ${name} of ${shapeName} is missing`);
      return;
    }
    case "list": {
      if (!Array.isArray(value)) {
        problems.push(`${at}: expected list ${shapeName}, got ${typeof value}`);
        return;
      }
      const member = shape.member?.shape;
      if (member)
        for (const [i, item] of value.entries())
          walk(service, member, item, `${path}[${i}]`, problems, options);
      return;
    }
    case "map": {
      if (typeof value !== "object" || Array.isArray(value)) {
        problems.push(`${at}: expected map ${shapeName}, got ${typeof value}`);
        return;
      }
      const valueShape = shape.value?.shape;
      const keyShape = shape.key?.shape;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (keyShape) {
          const keyProblem = typeProblem(keyShape, shapeOf(service, keyShape), k, options);
          if (keyProblem) problems.push(`${path}{${k}}: key ${keyProblem}`);
        }
        if (valueShape) walk(service, valueShape, v, `${path}.${k}`, problems, options);
      }
      return;
    }
    default: {
      const problem = typeProblem(shapeName, shape, value, options);
      if (problem) problems.push(`${at}: ${problem} (${shapeName})`);
    }
  }
}

/** Problems of `value` against shape `shapeName` of `service`'s model; empty when it conforms. */
function validateShape(
  service: string,
  shapeName: string,
  value: unknown,
  options: ValidateOptions = {},
): string[] {
  const problems: string[] = [];
  walk(service, shapeName, value, "", problems, options);
  return problems;
}

function operationShape(service: string, operation: string, which: "input" | "output"): string {
  const op = awsModel(service).operations[operation];
  if (!op)
    throw new Error(`${service} model extract has no operation ${operation} (scripts/aws-models/extract.py)`);
  const ref = op[which];
  if (!ref) throw new Error(`${service} ${operation} has no ${which} shape`);
  return ref.shape;
}

/** Problems of a response body against the operation's output shape. */
function validateOutput(
  service: string,
  operation: string,
  value: unknown,
  options: ValidateOptions = {},
): string[] {
  return validateShape(service, operationShape(service, operation, "output"), value, {
    ignoreRequired: true,
    ...options,
  });
}

/** Problems of a request against the operation's input shape (required members checked). */
function validateInput(
  service: string,
  operation: string,
  value: unknown,
  options: ValidateOptions = {},
): string[] {
  return validateShape(service, operationShape(service, operation, "input"), value, options);
}

export type { ValidateOptions };
export { operationShape, validateInput, validateOutput, validateShape };
