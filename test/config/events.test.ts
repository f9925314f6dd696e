import { describe, expect, it } from "vitest";
import { parseConfigEvent } from "../../packages/core/src/config/events.js";
import { InvalidEventError, InvalidParameterError } from "../../packages/core/src/errors.js";
import { RULES } from "../../packages/core/src/rules/index.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";
import { fixture } from "../support/fixtures.js";

type RawEvent = Record<string, unknown>;

function withInvoking(event: RawEvent, mutate: (invoking: Record<string, unknown>) => void): RawEvent {
  const invoking = JSON.parse(event.invokingEvent as string);
  mutate(invoking);
  return { ...event, invokingEvent: JSON.stringify(invoking) };
}

describe("parseConfigEvent", () => {
  it("returns the configuration item of a ConfigurationItemChangeNotification", () => {
    const event = parseConfigEvent(fixture("config/ConfigurationItemChangeNotification/dms-endpoint.json"));
    expect(event.invokingEvent.messageType).toBe("ConfigurationItemChangeNotification");
    if (event.invokingEvent.messageType !== "ConfigurationItemChangeNotification") return;
    const item = event.invokingEvent.configurationItem;
    expect(item.resourceType).toBe("AWS::DMS::Endpoint");
    expect(item.captureTime.toISOString()).toBe("2026-11-20T08:15:30.123Z");
    expect(item.configuration?.EngineName).toBe("mysql");
    expect(event.ruleParameters).toEqual({ minimumLevel: "verified" });
    expect(event.configRuleName).toBe("dms-endpoint-tls");
  });

  it("returns the summary of an OversizedConfigurationItemChangeNotification", () => {
    const event = parseConfigEvent(
      fixture("config/OversizedConfigurationItemChangeNotification/dms-endpoint.json"),
    );
    expect(event.invokingEvent.messageType).toBe("OversizedConfigurationItemChangeNotification");
    if (event.invokingEvent.messageType !== "OversizedConfigurationItemChangeNotification") return;
    expect(event.invokingEvent.summary.resourceId).toContain("endpoint:LEGACYMYSQL");
  });

  it("returns the notification time of a ScheduledNotification and empty parameters for {}", () => {
    const event = parseConfigEvent(fixture("config/ScheduledNotification/default.json"));
    expect(event.invokingEvent).toEqual({
      messageType: "ScheduledNotification",
      notificationCreationTime: new Date("2026-11-20T09:00:00.000Z"),
    });
    expect(event.ruleParameters).toEqual({});
  });

  it("returns empty parameters when ruleParameters is absent", () => {
    const raw = fixture<RawEvent>("config/ScheduledNotification/default.json");
    delete raw.ruleParameters;
    expect(parseConfigEvent(raw).ruleParameters).toEqual({});
  });

  it("throws InvalidEventError naming invokingEvent when it is not valid JSON", () => {
    const raw = {
      ...fixture<RawEvent>("config/ScheduledNotification/default.json"),
      invokingEvent: "{not json",
    };
    expect(() => parseConfigEvent(raw)).toThrow(InvalidEventError);
    expect(() => parseConfigEvent(raw)).toThrow(/event\.invokingEvent: not valid JSON/);
  });

  it("throws InvalidEventError naming invokingEvent when it is missing", () => {
    const raw = fixture<RawEvent>("config/ScheduledNotification/default.json");
    delete raw.invokingEvent;
    expect(() => parseConfigEvent(raw)).toThrow(
      "invalid AWS Config event: event.invokingEvent: expected a string, got undefined",
    );
  });

  it("throws InvalidEventError naming ruleParameters when it is malformed or not an object", () => {
    expect(() =>
      parseConfigEvent({
        ...fixture<RawEvent>("config/ScheduledNotification/default.json"),
        ruleParameters: "{oops",
      }),
    ).toThrow(/event\.ruleParameters: not valid JSON/);
    expect(() =>
      parseConfigEvent({
        ...fixture<RawEvent>("config/ScheduledNotification/default.json"),
        ruleParameters: "[1,2]",
      }),
    ).toThrow(/event\.ruleParameters: expected a JSON object/);
  });

  it("throws InvalidEventError for an unknown messageType", () => {
    const raw = withInvoking(fixture("config/ScheduledNotification/default.json"), (i) => {
      i.messageType = "SomethingElse";
    });
    expect(() => parseConfigEvent(raw)).toThrow(/messageType: unsupported "SomethingElse"/);
  });

  it("throws InvalidEventError when the configuration item lacks resourceType", () => {
    const raw = withInvoking(fixture("config/ConfigurationItemChangeNotification/dms-endpoint.json"), (i) => {
      delete (i.configurationItem as Record<string, unknown>).resourceType;
    });
    expect(() => parseConfigEvent(raw)).toThrow(/configurationItem\.resourceType: expected a string/);
  });

  it("throws InvalidEventError when resultToken is missing or the event is not an object", () => {
    const raw = fixture<RawEvent>("config/ScheduledNotification/default.json");
    delete raw.resultToken;
    expect(() => parseConfigEvent(raw)).toThrow(/event\.resultToken/);
    expect(() => parseConfigEvent("hello")).toThrow(/event: expected an object, got string/);
    expect(() => parseConfigEvent(null)).toThrow(InvalidEventError);
  });

  it("throws InvalidEventError when eventLeftScope is not a boolean", () => {
    expect(() =>
      parseConfigEvent({
        ...fixture<RawEvent>("config/ScheduledNotification/default.json"),
        eventLeftScope: "yes",
      }),
    ).toThrow(/eventLeftScope: expected a boolean/);
  });

  it("throws InvalidEventError for a status outside the Config model's ConfigurationItemStatus enum", () => {
    const raw = withInvoking(fixture("config/ConfigurationItemChangeNotification/dms-endpoint.json"), (i) => {
      (i.configurationItem as Record<string, unknown>).configurationItemStatus = "Changed";
    });
    expect(() => parseConfigEvent(raw)).toThrow(
      "invalid AWS Config event: event.invokingEvent.configurationItem.configurationItemStatus: not an accepted value (got string)",
    );
  });
});

/** Issue 13 item 7: unknown keys and event fields are shown as a short, control-free excerpt only. */
describe("echoes of event fields and parameter keys", () => {
  const huge = `\u001b[2K${"k".repeat(100 * 1024)}\nFAKE`;

  it("names a 100 KB unknown messageType by a short excerpt without control characters", () => {
    const raw = withInvoking(fixture("config/ScheduledNotification/default.json"), (i) => {
      i.messageType = huge;
    });
    const message = (() => {
      try {
        parseConfigEvent(raw);
      } catch (e) {
        return (e as Error).message;
      }
      return "";
    })();
    expect(message).toMatch(/messageType: unsupported "\[2Kk+…"; expected one of /);
    expect(message.match(/"([^"]*)"/)?.[1]?.length).toBeLessThanOrEqual(40);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting there are none.
    expect(message).not.toMatch(/[\u0000-\u001f]/);
    expect(message).not.toContain("FAKE");
  });

  it("names a 100 KB unknown rule parameter key by a short excerpt", () => {
    const rule = RULES.find((r) => r.name === "dms-endpoint-tls");
    if (!rule) throw new Error("dms-endpoint-tls is in the registry");
    const event = parseConfigEvent({
      ...fixture<RawEvent>("config/ScheduledNotification/default.json"),
      ruleParameters: JSON.stringify({ [huge]: "x" }),
    });
    const run = () => parseParameters(rule.name, rule.parameters, event.ruleParameters);
    expect(run).toThrow(InvalidParameterError);
    const message = (() => {
      try {
        run();
      } catch (e) {
        return (e as Error).message;
      }
      return "";
    })();
    expect(message).toMatch(/^dms-endpoint-tls: unknown parameter "\[2Kk+…"; accepted: /);
    expect(message.length).toBeLessThan(200);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting there are none.
    expect(message).not.toMatch(/[\u0000-\u001f]/);
  });
});
