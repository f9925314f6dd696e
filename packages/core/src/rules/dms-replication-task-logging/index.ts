import type { DmsReplicationTask } from "../../model/index.js";
import { quoted } from "../../util/excerpt.js";
import { param } from "../params.js";
import { defineRule, type Finding } from "../types.js";

/**
 * dms-replication-task-logging — a replication task logs what it reads from the source and writes
 * to the target.
 *
 * Source: AWS Security Hub controls DMS.8 (source database) and DMS.7 (target database), checked by
 * the AWS Config managed rules dms-replication-task-sourcedb-logging and
 * dms-replication-task-targetdb-logging ("Checks if logging is enabled with a valid severity level
 * for AWS DMS replication tasks of a source database. The rule is NON_COMPLIANT if logging is not
 * enabled or logs for DMS replication tasks of a source database have a severity level that is not
 * valid."): the task settings' `Logging` has `EnableLogging` true and `SOURCE_CAPTURE`,
 * `SOURCE_UNLOAD` (source) and `TARGET_APPLY`, `TARGET_LOAD` (target) at LOGGER_SEVERITY_DEFAULT,
 * LOGGER_SEVERITY_DEBUG or LOGGER_SEVERITY_DETAILED_DEBUG. A component missing from
 * `LogComponents` falls short, as it fails those controls. The severity order is the DMS User
 * Guide's ("Logging task settings"): ERROR < WARNING < INFO < DEFAULT < DEBUG < DETAILED_DEBUG.
 *
 * The settings come from the same DescribeReplicationTasks listing as the other task reads (with
 * settings, aws/read.ts); a task read without them (a snapshot captured with WithoutSettings) is an
 * input error raised by the collector (aws/dms-replication.ts), never "logging off".
 *
 * Scenarios: `scenarios` in the metadata below (one test each; `migration-guard explain` prints them).
 */

/** DMS logging severities, least to most information (DMS User Guide, "Logging task settings"). */
const SEVERITIES = [
  "LOGGER_SEVERITY_ERROR",
  "LOGGER_SEVERITY_WARNING",
  "LOGGER_SEVERITY_INFO",
  "LOGGER_SEVERITY_DEFAULT",
  "LOGGER_SEVERITY_DEBUG",
  "LOGGER_SEVERITY_DETAILED_DEBUG",
] as const;
type SeverityName = (typeof SEVERITIES)[number];

const SOURCE_COMPONENTS = ["SOURCE_CAPTURE", "SOURCE_UNLOAD"] as const;
const TARGET_COMPONENTS = ["TARGET_APPLY", "TARGET_LOAD"] as const;

function rank(severity: string | undefined): number {
  return SEVERITIES.indexOf(severity as SeverityName);
}

/** Each checked component that falls short of `minimum`, as `SOURCE_CAPTURE at LOGGER_SEVERITY_WARNING`. */
function shortfalls(task: DmsReplicationTask, ids: readonly string[], minimum: SeverityName): string[] {
  const components = task.settings?.logging?.components ?? [];
  const found: string[] = [];
  for (const id of ids) {
    const component = components.find((c) => c.id === id);
    if (!component) found.push(`${id} not in LogComponents`);
    else if (rank(component.severity) < 0)
      found.push(`${id} at unknown severity ${quoted(component.severity ?? "")}`);
    else if (rank(component.severity) < rank(minimum)) found.push(`${id} at ${component.severity}`);
  }
  return found;
}

const FIX = "stop the task and modify its ReplicationTaskSettings (ModifyReplicationTask)";

const rule = defineRule({
  name: "dms-replication-task-logging",
  description:
    "DMS replication tasks have logging enabled, with the source (SOURCE_CAPTURE, SOURCE_UNLOAD) and target (TARGET_APPLY, TARGET_LOAD) components at a minimum severity",
  resourceKind: "dmsReplicationTask",
  triggers: { configurationChange: false, periodic: "TwentyFour_Hours" },
  parameters: {
    minimumSeverity: param.enum(
      SEVERITIES,
      "LOGGER_SEVERITY_DEFAULT",
      "lowest accepted severity of each checked component (ERROR < WARNING < INFO < DEFAULT < DEBUG < DETAILED_DEBUG)",
    ),
    checkSource: param.boolean(true, "check SOURCE_CAPTURE and SOURCE_UNLOAD (Security Hub DMS.8)"),
    checkTarget: param.boolean(true, "check TARGET_APPLY and TARGET_LOAD (Security Hub DMS.7)"),
  },
  facts: [],
  severity: "medium",
  remediation:
    "Stop the task, then ModifyReplicationTask with ReplicationTaskSettings whose Logging has EnableLogging true and SOURCE_CAPTURE, SOURCE_UNLOAD, TARGET_APPLY and TARGET_LOAD at LOGGER_SEVERITY_DEFAULT (or the minimumSeverity you set); restart it",
  source: {
    document:
      "https://docs.aws.amazon.com/config/latest/developerguide/dms-replication-task-sourcedb-logging.html",
    text: "Checks if logging is enabled with a valid severity level for AWS DMS replication tasks of a source database. The rule is NON_COMPLIANT if logging is not enabled or logs for DMS replication tasks of a source database have a severity level that is not valid.",
  },
  scenarios: [
    "Given a task with logging enabled and all four components at LOGGER_SEVERITY_DEFAULT, Then COMPLIANT.",
    "Given a task whose Logging.EnableLogging is false, Then NON_COMPLIANT saying logging is off.",
    "Given a task whose settings have no Logging section, Then NON_COMPLIANT saying logging is off.",
    "Given SOURCE_CAPTURE at LOGGER_SEVERITY_WARNING, Then NON_COMPLIANT naming SOURCE_CAPTURE only.",
    "Given TARGET_LOAD missing from LogComponents, Then NON_COMPLIANT naming TARGET_LOAD.",
    "Given components at LOGGER_SEVERITY_DEBUG and LOGGER_SEVERITY_DETAILED_DEBUG, Then COMPLIANT (above the minimum).",
    "Given minimumSeverity LOGGER_SEVERITY_INFO and a component at LOGGER_SEVERITY_INFO, Then COMPLIANT.",
    "Given a component at a severity DMS does not define, Then NON_COMPLIANT naming it.",
    "Given checkSource false and source components at LOGGER_SEVERITY_ERROR, Then only the target components are checked.",
    "Given checkTarget false and target components at LOGGER_SEVERITY_ERROR, Then only the source components are checked.",
    "Given minimumSeverity LOGGER_SEVERITY_TRACE, Then a parameter error.",
  ],
  evaluate(task, params): Finding {
    const logging = task.settings?.logging;
    if (logging?.enabled !== true) {
      const why =
        logging === undefined ? "the settings have no Logging section" : "Logging.EnableLogging is false";
      return {
        compliance: "NON_COMPLIANT",
        annotation: `logging is off (${why}); ${FIX}: EnableLogging true, components at ${params.minimumSeverity} or above`,
        details: { enableLogging: logging?.enabled ?? false, shortfalls: [] },
      };
    }
    const ids = [
      ...(params.checkSource ? SOURCE_COMPONENTS : []),
      ...(params.checkTarget ? TARGET_COMPONENTS : []),
    ];
    const short = shortfalls(task, ids, params.minimumSeverity);
    const details = { enableLogging: true, checked: ids, shortfalls: short };
    if (short.length > 0)
      return {
        compliance: "NON_COMPLIANT",
        annotation: `${short.join(", ")} (minimum ${params.minimumSeverity}); ${FIX} to raise ${short.length === 1 ? "it" : "them"}`,
        details,
      };
    return {
      compliance: "COMPLIANT",
      annotation:
        ids.length > 0
          ? `logging on; ${ids.join(", ")} at ${params.minimumSeverity} or above`
          : "logging on (checkSource and checkTarget are false: no component checked)",
      details,
    };
  },
});

export { rule, SEVERITIES };
