import { describe, expect, it } from "vitest";
import { replicationTasksFromApi } from "../../../packages/core/src/aws/dms-replication.js";
import { InvalidParameterError } from "../../../packages/core/src/errors.js";
import type { DmsReplicationTask } from "../../../packages/core/src/model/index.js";
import { rule } from "../../../packages/core/src/rules/dms-replication-task-logging/index.js";
import { parseParameters } from "../../../packages/core/src/rules/params.js";
import { fixture } from "../../support/fixtures.js";

const now = new Date("2026-11-20T09:00:00Z");
const FIXTURE = "dms/DescribeReplicationTasks/with-settings.json";

interface Settings {
  Logging?: { EnableLogging?: boolean; LogComponents?: { Id: string; Severity: string }[] };
}

/** The sales task of the fixture (DescribeReplicationTasks output), its settings JSON changed by `change`. */
function task(change?: (settings: Settings) => void): DmsReplicationTask {
  const output = fixture<{ ReplicationTasks: Record<string, unknown>[] }>(FIXTURE);
  const raw = output.ReplicationTasks[0] as Record<string, unknown>;
  const settings = JSON.parse(raw.ReplicationTaskSettings as string) as Settings;
  change?.(settings);
  raw.ReplicationTaskSettings = JSON.stringify(settings);
  const [mapped] = replicationTasksFromApi({ ReplicationTasks: [raw] });
  if (!mapped) throw new Error("no task");
  return mapped;
}

function severity(id: string, value: string) {
  return (settings: Settings) => {
    const component = settings.Logging?.LogComponents?.find((c) => c.Id === id);
    if (component) component.Severity = value;
  };
}

function evaluate(t: DmsReplicationTask, params: Record<string, unknown> = {}) {
  return rule.evaluate(t, parseParameters(rule.name, rule.parameters, params), { now, facts: {} });
}

describe("dms-replication-task-logging", () => {
  it("returns COMPLIANT when logging is enabled and all four components are at LOGGER_SEVERITY_DEFAULT", () => {
    const finding = evaluate(task());

    expect(finding.compliance).toBe("COMPLIANT");
    expect(finding.annotation).toBe(
      "logging on; SOURCE_CAPTURE, SOURCE_UNLOAD, TARGET_APPLY, TARGET_LOAD at LOGGER_SEVERITY_DEFAULT or above",
    );
  });

  it("returns NON_COMPLIANT saying logging is off when Logging.EnableLogging is false", () => {
    const finding = evaluate(
      task((s) => {
        if (s.Logging) s.Logging.EnableLogging = false;
      }),
    );

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toMatch(/^logging is off \(Logging\.EnableLogging is false\); stop the task/);
  });

  it("returns NON_COMPLIANT saying logging is off when the settings have no Logging section", () => {
    const finding = evaluate(
      task((s) => {
        delete s.Logging;
      }),
    );

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toMatch(/^logging is off \(the settings have no Logging section\)/);
  });

  it("returns NON_COMPLIANT naming SOURCE_CAPTURE only when it is at LOGGER_SEVERITY_WARNING", () => {
    const finding = evaluate(task(severity("SOURCE_CAPTURE", "LOGGER_SEVERITY_WARNING")));

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toMatch(
      /^SOURCE_CAPTURE at LOGGER_SEVERITY_WARNING \(minimum LOGGER_SEVERITY_DEFAULT\); stop the task/,
    );
    expect(finding.details).toMatchObject({ shortfalls: ["SOURCE_CAPTURE at LOGGER_SEVERITY_WARNING"] });
  });

  it("returns NON_COMPLIANT naming TARGET_LOAD when it is missing from LogComponents", () => {
    const finding = evaluate(
      task((s) => {
        if (s.Logging?.LogComponents)
          s.Logging.LogComponents = s.Logging.LogComponents.filter((c) => c.Id !== "TARGET_LOAD");
      }),
    );

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.details).toMatchObject({ shortfalls: ["TARGET_LOAD not in LogComponents"] });
  });

  it("returns COMPLIANT for components at LOGGER_SEVERITY_DEBUG and LOGGER_SEVERITY_DETAILED_DEBUG (above the minimum)", () => {
    const finding = evaluate(
      task((s) => {
        severity("SOURCE_CAPTURE", "LOGGER_SEVERITY_DEBUG")(s);
        severity("TARGET_APPLY", "LOGGER_SEVERITY_DETAILED_DEBUG")(s);
      }),
    );

    expect(finding.compliance).toBe("COMPLIANT");
  });

  it("returns COMPLIANT for a component at LOGGER_SEVERITY_INFO when minimumSeverity is LOGGER_SEVERITY_INFO", () => {
    const t = task(severity("SOURCE_UNLOAD", "LOGGER_SEVERITY_INFO"));

    expect(evaluate(t, { minimumSeverity: "LOGGER_SEVERITY_INFO" }).compliance).toBe("COMPLIANT");
    // The same task under the default minimum falls short: the order is ERROR < WARNING < INFO < DEFAULT.
    expect(evaluate(t).details).toMatchObject({ shortfalls: ["SOURCE_UNLOAD at LOGGER_SEVERITY_INFO"] });
  });

  it("returns NON_COMPLIANT naming a component at a severity DMS does not define", () => {
    const finding = evaluate(task(severity("TARGET_APPLY", "LOGGER_SEVERITY_\u001b[31mLOUD")));

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toMatch(
      /^TARGET_APPLY at unknown severity "LOGGER_SEVERITY_\[31mLOUD" \(minimum/,
    );
    expect(finding.annotation).not.toContain("\u001b");
  });

  it("checks only the target components when checkSource is false", () => {
    const t = task((s) => {
      severity("SOURCE_CAPTURE", "LOGGER_SEVERITY_ERROR")(s);
      severity("SOURCE_UNLOAD", "LOGGER_SEVERITY_ERROR")(s);
    });

    expect(evaluate(t).compliance).toBe("NON_COMPLIANT");
    const finding = evaluate(t, { checkSource: "false" });
    expect(finding.compliance).toBe("COMPLIANT");
    expect(finding.annotation).toBe(
      "logging on; TARGET_APPLY, TARGET_LOAD at LOGGER_SEVERITY_DEFAULT or above",
    );
  });

  it("checks only the source components when checkTarget is false", () => {
    const t = task((s) => {
      severity("TARGET_APPLY", "LOGGER_SEVERITY_ERROR")(s);
      severity("TARGET_LOAD", "LOGGER_SEVERITY_ERROR")(s);
      severity("SOURCE_UNLOAD", "LOGGER_SEVERITY_WARNING")(s);
    });

    const finding = evaluate(t, { checkTarget: "false" });
    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.details).toMatchObject({
      checked: ["SOURCE_CAPTURE", "SOURCE_UNLOAD"],
      shortfalls: ["SOURCE_UNLOAD at LOGGER_SEVERITY_WARNING"],
    });
  });

  it("refuses minimumSeverity LOGGER_SEVERITY_TRACE with a parameter error", () => {
    expect(() =>
      parseParameters(rule.name, rule.parameters, { minimumSeverity: "LOGGER_SEVERITY_TRACE" }),
    ).toThrow(InvalidParameterError);
    expect(() =>
      parseParameters(rule.name, rule.parameters, { minimumSeverity: "LOGGER_SEVERITY_TRACE" }),
    ).toThrow(
      /minimumSeverity = "LOGGER_SEVERITY_TRACE" is invalid; accepted: one of LOGGER_SEVERITY_ERROR,/,
    );
  });
});
