import { describe, expect, it } from "vitest";
import { parseConfigEvent } from "../../packages/core/src/config/events.js";
import { parseConfigurationItem } from "../../packages/core/src/config/items.js";
import { jsonField } from "../../packages/core/src/util/read.js";

/** Found by test/reliability/fuzz.test.ts: inputs that used to give unusable results or messages. */

const item = {
  configurationItemStatus: "OK",
  configurationItemCaptureTime: "2026-11-01T10:00:00.000Z",
  resourceType: "AWS::DMS::Endpoint",
  resourceId: "arn:aws:dms:us-east-1:123456789012:endpoint:ABC",
  configuration: { EngineName: "postgres" },
};

describe("parseConfigurationItem", () => {
  it("returns one clear error when resourceId is empty, which PutEvaluations would reject", () => {
    expect(() => parseConfigurationItem({ ...item, resourceId: "" }, "ci")).toThrow(
      "ci.resourceId: expected 1 to 768 characters, got 0",
    );
  });

  it("returns one clear error when resourceId is longer than PutEvaluations accepts", () => {
    expect(() => parseConfigurationItem({ ...item, resourceId: "x".repeat(769) }, "ci")).toThrow(
      /ci.resourceId: expected 1 to 768 characters, got 769/,
    );
  });

  it("refuses a status outside the Config model's ConfigurationItemStatus enum in one short line, without quoting it", () => {
    const status = `weird\n${"x".repeat(10_000)}`;
    const error = (() => {
      try {
        parseConfigurationItem({ ...item, configurationItemStatus: status, configuration: null }, "ci");
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toBe("ci.configurationItemStatus: not an accepted value (got string)");
  });

  it("returns NOT_APPLICABLE-able items for every status of the Config model without configuration", () => {
    for (const status of ["ResourceDeleted", "ResourceDeletedNotRecorded", "ResourceNotRecorded"]) {
      const parsed = parseConfigurationItem(
        { ...item, configurationItemStatus: status, configuration: null },
        "ci",
      );
      expect(parsed.configuration).toBeNull();
    }
    expect(() => parseConfigurationItem({ ...item, configuration: null }, "ci")).toThrow(
      "ci.configuration: missing for a resource with status OK",
    );
  });

  it("reads configuration given as a JSON string (GetResourceConfigHistory) and names bad JSON by position only", () => {
    expect(
      parseConfigurationItem({ ...item, configuration: '{"EngineName":"mysql"}' }, "ci").configuration,
    ).toEqual({ EngineName: "mysql" });
    expect(() => parseConfigurationItem({ ...item, configuration: '{"Password":"hunter2"' }, "ci")).toThrow(
      /^ci\.configuration: not valid JSON( at position \d+)?$/,
    );
    expect(() => parseConfigurationItem({ ...item, configuration: [1] }, "ci")).toThrow(
      "ci.configuration: expected an object, got array",
    );
  });
});

describe("parseConfigEvent", () => {
  it("returns one clear error when an oversized notification names an empty resource id", () => {
    const raw = {
      invokingEvent: JSON.stringify({
        messageType: "OversizedConfigurationItemChangeNotification",
        notificationCreationTime: "2026-11-01T10:00:01.000Z",
        configurationItemSummary: {
          resourceType: "AWS::DMS::Endpoint",
          resourceId: "",
          configurationItemStatus: "OK",
          configurationItemCaptureTime: "2026-11-01T10:00:00.000Z",
        },
      }),
      resultToken: "t",
    };
    expect(() => parseConfigEvent(raw)).toThrow(
      "invalid AWS Config event: event.invokingEvent.configurationItemSummary.resourceId: expected 1 to 768 characters, got 0",
    );
  });
});

describe("jsonField", () => {
  it("names the position of bad JSON without quoting the input", () => {
    expect(() => jsonField('{"Password": "hunter2"\n', "event.ruleParameters")).toThrow(
      /^event.ruleParameters: not valid JSON( at position \d+)?$/,
    );
    try {
      jsonField('{"Password": "hunter2"\n', "p");
    } catch (e) {
      expect((e as Error).message).not.toContain("hunter2");
    }
  });
});
