import { awsModel, type Shape } from "../support/aws-model.js";

/**
 * Problems of `value` against shape `shapeName` of `service`'s committed AWS model: unknown or
 * missing required members, list lengths, string lengths and patterns, enum values. Empty when
 * the value fits. Timestamps accept Date objects (the SDK's form).
 */
function shapeProblems(service: string, shapeName: string, value: unknown, path = shapeName): string[] {
  const shape: Shape | undefined = awsModel(service).shapes[shapeName];
  if (!shape) return [`${path}: the model has no shape ${shapeName}`];
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || value === null || Array.isArray(value))
        return [`${path}: not an object`];
      const record = value as Record<string, unknown>;
      const members = shape.members ?? {};
      const problems = (shape.required ?? [])
        .filter((name) => record[name] === undefined)
        .map((name) => `${path}.${name}: required`);
      for (const [name, member] of Object.entries(record)) {
        const ref = members[name];
        if (!ref) problems.push(`${path}.${name}: not a member of ${shapeName}`);
        else if (member !== undefined)
          problems.push(...shapeProblems(service, ref.shape, member, `${path}.${name}`));
      }
      return problems;
    }
    case "list": {
      if (!Array.isArray(value)) return [`${path}: not a list`];
      const problems: string[] = [];
      if (shape.min !== undefined && value.length < shape.min)
        problems.push(`${path}: fewer than ${shape.min} items`);
      if (shape.max !== undefined && value.length > shape.max)
        problems.push(`${path}: more than ${shape.max} items`);
      value.forEach((item, i) => {
        problems.push(...shapeProblems(service, shape.member?.shape ?? "", item, `${path}[${i}]`));
      });
      return problems;
    }
    case "string": {
      if (typeof value !== "string") return [`${path}: not a string`];
      const problems: string[] = [];
      if (shape.min !== undefined && value.length < shape.min)
        problems.push(`${path}: shorter than ${shape.min}`);
      if (shape.max !== undefined && value.length > shape.max)
        problems.push(`${path}: longer than ${shape.max}`);
      if (shape.pattern && !new RegExp(`^(?:${shape.pattern})$`, "s").test(value))
        problems.push(`${path}: does not match ${shape.pattern}`);
      if (shape.enum && !shape.enum.includes(value))
        problems.push(`${path}: ${value} is not one of ${shape.enum}`);
      return problems;
    }
    case "integer":
    case "long":
      return typeof value === "number" && Number.isInteger(value) ? [] : [`${path}: not an integer`];
    case "boolean":
      return typeof value === "boolean" ? [] : [`${path}: not a boolean`];
    case "timestamp":
      return value instanceof Date || typeof value === "string" ? [] : [`${path}: not a timestamp`];
    default:
      return [];
  }
}

/** Throws when `value` does not fit the shape (for fakes that answer SDK calls). */
function assertShape(service: string, shapeName: string, value: unknown): void {
  const problems = shapeProblems(service, shapeName, value);
  if (problems.length > 0) throw new Error(`${service} ${shapeName}: ${problems.join("; ")}`);
}

export { assertShape, shapeProblems };
