import * as z from "zod";
import { fail, mapped, optArray, optBoolean, optional, optObject, optString, typeName } from "./parse.js";

/**
 * A DMS replication task's `ReplicationTaskSettings`: JSON text in the DMS API's `ReplicationTask`
 * ("The settings for the replication task.", a String in the AWS API model) and in CloudFormation's
 * `AWS::DMS::ReplicationTask`. Only its `Logging` section is read (DMS User Guide, "Logging task
 * settings": `EnableLogging` and `LogComponents: [{ Id, Severity }]`); every other setting is
 * dropped on parse, so no free text of the settings reaches the model.
 *
 * Absent (DescribeReplicationTasks called with `WithoutSettings: true`, or a snapshot captured so)
 * maps to undefined: "not read", never "logging off".
 */

const logComponent = mapped(z.object({ Id: optString, Severity: optString }), (c) => ({
  id: c.Id,
  severity: c.Severity,
}));

const settingsObject = mapped(
  z.object({
    Logging: optObject(
      mapped(z.object({ EnableLogging: optBoolean, LogComponents: optArray(logComponent) }), (l) => ({
        enabled: l.EnableLogging,
        components: l.LogComponents,
      })),
    ),
  }),
  (s) => ({ logging: s.Logging }),
);

/** The JSON text parsed (undefined or null → undefined); the reason names no input text. */
const jsonText = optional((v, ctx): unknown => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") return fail(ctx, `expected JSON text, got ${typeName(v)}`);
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return fail(ctx, "expected JSON text, got text that does not parse as JSON");
  }
});

/** `ReplicationTaskSettings` → `{ logging }`, or undefined when the settings were not read. */
const replicationTaskSettings = z.pipe(jsonText, z.optional(settingsObject));

type TaskSettings = z.output<typeof settingsObject>;

export type { TaskSettings };
export { replicationTaskSettings };
