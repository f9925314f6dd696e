import {
  GetComplianceDetailsByConfigRuleCommand,
  GetResourceConfigHistoryCommand,
  PutEvaluationsCommand,
} from "@aws-sdk/client-config-service";
import { DescribeEndpointsCommand } from "@aws-sdk/client-database-migration-service";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import { handleConfigRuleEvent } from "../../packages/core/src/config/handler.js";
import { rule } from "../../packages/core/src/rules/dms-endpoint-tls/index.js";
import { fixture } from "../support/fixtures.js";
import { mockDmsAccount, recordingLog } from "../support/mock-dms-account.js";

// Unit tests of the Config protocol end to end through the handler, with AWS mocked at the SDK
// client (payloads shaped like the AWS API reference). The moto-backed version is in test/aws.

const { config, dms, reset } = mockDmsAccount();
const { logs, log, clear } = recordingLog();
const noSleep = async () => {};
const NOW = new Date("2026-11-20T09:00:00Z");

function run(event: unknown) {
  return handleConfigRuleEvent(rule, event, {
    clients: new AwsClients({ region: "us-east-1" }),
    log,
    now: () => NOW,
    sleep: noSleep,
  });
}

function putCalls() {
  return config.commandCalls(PutEvaluationsCommand).map((c) => c.args[0].input);
}

function endpoints(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    EndpointIdentifier: `pg-${i}`,
    EndpointType: "source" as const,
    EngineName: "postgres",
    EndpointArn: `arn:aws:dms:us-east-1:123456789012:endpoint:PG${String(i).padStart(24, "0")}`,
    SslMode: (i % 2 ? "none" : "require") as "none" | "require",
    Status: "active",
  }));
}

beforeEach(() => {
  reset();
  clear();
});
afterEach(() => {
  config.reset();
  dms.reset();
});

describe("handleConfigRuleEvent", () => {
  it("reports the changed item with its capture time as OrderingTimestamp", async () => {
    const result = await run(fixture("config/ConfigurationItemChangeNotification/dms-endpoint.json"));
    expect(result).toMatchObject({
      evaluations: 1,
      putEvaluationsCalls: 1,
      byCompliance: { NON_COMPLIANT: 1 },
    });
    const [input] = putCalls();
    expect(input?.ResultToken).toBe("eyJlbmNyeXB0ZWREYXRhIjpbLTM5LDY4LDEwMyw1XX0=");
    expect(input?.TestMode).toBe(false);
    expect(input?.Evaluations).toEqual([
      {
        ComplianceResourceType: "AWS::DMS::Endpoint",
        ComplianceResourceId: "arn:aws:dms:us-east-1:123456789012:endpoint:LEGACYMYSQLSOURCEXXXXXXXXX",
        ComplianceType: "NON_COMPLIANT",
        Annotation:
          "mysql endpoint uses SslMode none (unencrypted); use verify-full with a CA certificate (supported: verify-ca, verify-full)",
        OrderingTimestamp: new Date("2026-11-20T08:15:30.123Z"),
      },
    ]);
    expect(dms.commandCalls(DescribeEndpointsCommand)).toHaveLength(0);
    expect(logs.at(-1)).toMatchObject({ level: "info", message: "evaluations reported" });
  });

  it("reports NOT_APPLICABLE for a deleted resource without calling DMS", async () => {
    await run(fixture("config/ConfigurationItemChangeNotification/dms-endpoint-deleted.json"));
    expect(putCalls()[0]?.Evaluations?.[0]).toMatchObject({
      ComplianceType: "NOT_APPLICABLE",
      Annotation: "resource was deleted",
    });
    expect(dms.calls()).toHaveLength(0);
  });

  it("reports NOT_APPLICABLE when eventLeftScope is true", async () => {
    await run({
      ...fixture<Record<string, unknown>>("config/ConfigurationItemChangeNotification/dms-endpoint.json"),
      eventLeftScope: true,
    });
    expect(putCalls()[0]?.Evaluations?.[0]).toMatchObject({
      ComplianceType: "NOT_APPLICABLE",
      Annotation: "resource left the rule's scope",
    });
  });

  it("reports NOT_APPLICABLE for a resource type outside the rule's scope", async () => {
    const raw = fixture<Record<string, unknown>>(
      "config/ConfigurationItemChangeNotification/dms-endpoint.json",
    );
    const invoking = JSON.parse(raw.invokingEvent as string);
    invoking.configurationItem.resourceType = "AWS::DMS::ReplicationInstance";
    await run({ ...raw, invokingEvent: JSON.stringify(invoking) });
    expect(putCalls()[0]?.Evaluations?.[0]).toMatchObject({
      ComplianceResourceType: "AWS::DMS::ReplicationInstance",
      ComplianceType: "NOT_APPLICABLE",
    });
  });

  it("fetches the full item with GetResourceConfigHistory (limit 1) for an oversized notification", async () => {
    config
      .on(GetResourceConfigHistoryCommand)
      .resolves(fixture("config/GetResourceConfigHistory/dms-endpoint.json"));
    await run(fixture("config/OversizedConfigurationItemChangeNotification/dms-endpoint.json"));
    const history = config.commandCalls(GetResourceConfigHistoryCommand)[0]?.args[0].input;
    expect(history).toMatchObject({ resourceType: "AWS::DMS::Endpoint", limit: 1 });
    expect(putCalls()[0]?.Evaluations?.[0]).toMatchObject({
      ComplianceType: "NON_COMPLIANT",
      OrderingTimestamp: new Date("2026-11-20T08:15:30.123Z"),
    });
  });

  it("evaluates every endpoint on a scheduled run and retires resources that no longer exist", async () => {
    config.on(GetComplianceDetailsByConfigRuleCommand).resolves({
      EvaluationResults: [
        {
          EvaluationResultIdentifier: {
            EvaluationResultQualifier: {
              ConfigRuleName: "dms-endpoint-tls",
              ResourceType: "AWS::DMS::Endpoint",
              ResourceId: "arn:aws:dms:us-east-1:123456789012:endpoint:GONEXXXXXXXXXXXXXXXXXXXXXX",
            },
          },
          ComplianceType: "NON_COMPLIANT",
        },
        {
          EvaluationResultIdentifier: {
            EvaluationResultQualifier: {
              ConfigRuleName: "dms-endpoint-tls",
              ResourceType: "AWS::DMS::Endpoint",
              ResourceId: "arn:aws:dms:us-east-1:123456789012:endpoint:ORDERSPGSOURCEXXXXXXXXXXXX",
            },
          },
          ComplianceType: "COMPLIANT",
        },
      ],
    });
    await run(fixture("config/ScheduledNotification/default.json"));
    expect(config.commandCalls(GetComplianceDetailsByConfigRuleCommand)[0]?.args[0].input).toMatchObject({
      ConfigRuleName: "dms-endpoint-tls",
    });
    const evaluations = putCalls()[0]?.Evaluations ?? [];
    expect(evaluations.map((e) => [e.ComplianceResourceId?.split(":").at(-1), e.ComplianceType])).toEqual([
      ["ORDERSPGSOURCEXXXXXXXXXXXX", "COMPLIANT"],
      ["GONEXXXXXXXXXXXXXXXXXXXXXX", "NOT_APPLICABLE"],
    ]);
    expect(evaluations.every((e) => e.OrderingTimestamp?.toISOString() === "2026-11-20T09:00:00.000Z")).toBe(
      true,
    );
  });

  it("sends 250 results in 3 PutEvaluations calls of at most 100", async () => {
    dms.on(DescribeEndpointsCommand).resolves({ Endpoints: endpoints(250) });
    const result = await run(fixture("config/ScheduledNotification/default.json"));
    expect(putCalls().map((c) => c.Evaluations?.length)).toEqual([100, 100, 50]);
    expect(result.putEvaluationsCalls).toBe(3);
    const ids = new Set(putCalls().flatMap((c) => c.Evaluations?.map((e) => e.ComplianceResourceId)));
    expect(ids.size).toBe(250);
  });

  it("follows DescribeEndpoints pagination markers", async () => {
    const all = endpoints(3);
    const markers: (string | undefined)[] = [];
    dms.on(DescribeEndpointsCommand).callsFake((input) => {
      markers.push(input.Marker);
      return input.Marker ? { Endpoints: all.slice(2) } : { Endpoints: all.slice(0, 2), Marker: "page-2" };
    });
    await run(fixture("config/ScheduledNotification/default.json"));
    expect(markers).toEqual([undefined, "page-2"]);
    expect(putCalls()[0]?.Evaluations).toHaveLength(3);
  });

  it("cuts annotations to 256 characters", async () => {
    dms.on(DescribeEndpointsCommand).resolves({
      Endpoints: [
        {
          ...endpoints(1)[0],
          SslMode: "verify-full",
          CertificateArn: `arn:aws:dms:us-east-1:123456789012:cert:${"Y".repeat(400)}`,
        },
      ],
    });
    await run(fixture("config/ScheduledNotification/default.json"));
    const annotation = putCalls()[0]?.Evaluations?.[0]?.Annotation ?? "";
    expect(annotation.length).toBe(256);
    expect(annotation.endsWith("…")).toBe(true);
  });

  it("sets TestMode when the result token is TESTMODE", async () => {
    await run({
      ...fixture<Record<string, unknown>>("config/ConfigurationItemChangeNotification/dms-endpoint.json"),
      resultToken: "TESTMODE",
    });
    expect(putCalls()[0]).toMatchObject({ ResultToken: "TESTMODE", TestMode: true });
  });

  it("retries evaluations returned in FailedEvaluations", async () => {
    config
      .on(PutEvaluationsCommand)
      .resolvesOnce({
        FailedEvaluations: [
          {
            ComplianceResourceType: "AWS::DMS::Endpoint",
            ComplianceResourceId: "arn:aws:dms:us-east-1:123456789012:endpoint:ORDERSPGSOURCEXXXXXXXXXXXX",
            ComplianceType: "COMPLIANT",
            OrderingTimestamp: NOW,
          },
        ],
      })
      .resolves({ FailedEvaluations: [] });
    dms.on(DescribeEndpointsCommand).resolves({
      Endpoints: [
        ...fixture<{ Endpoints: object[] }>("dms/DescribeEndpoints/reference.json").Endpoints,
        ...endpoints(2),
      ],
    });
    const result = await run(fixture("config/ScheduledNotification/default.json"));
    expect(result.putEvaluationsCalls).toBe(2);
    expect(putCalls()[1]?.Evaluations?.map((e) => e.ComplianceResourceId)).toEqual([
      "arn:aws:dms:us-east-1:123456789012:endpoint:ORDERSPGSOURCEXXXXXXXXXXXX",
    ]);
  });

  it("fails when PutEvaluations keeps rejecting an evaluation", async () => {
    config.on(PutEvaluationsCommand).callsFake((input) => ({ FailedEvaluations: input.Evaluations }));
    await expect(
      run(fixture("config/ConfigurationItemChangeNotification/dms-endpoint.json")),
    ).rejects.toThrow(/config:PutEvaluations kept rejecting 1 evaluation\(s\) after 4 retries/);
  });

  it("fails with a clear message and reports nothing when DMS access is denied", async () => {
    dms
      .on(DescribeEndpointsCommand)
      .rejects(Object.assign(new Error("User is not authorized"), { name: "AccessDeniedException" }));
    await expect(run(fixture("config/ScheduledNotification/default.json"))).rejects.toThrow(
      "dms-endpoint-tls: dms:DescribeEndpoints was denied (AccessDeniedException): grant dms:DescribeEndpoints to the credentials in use",
    );
    expect(putCalls()).toHaveLength(0);
    expect(logs.at(-1)).toMatchObject({ level: "error", extra: { errorKind: "access-denied" } });
  });

  it("fails naming the parameter and the accepted values for an invalid parameter, reporting nothing", async () => {
    const raw = {
      ...fixture<Record<string, unknown>>("config/ScheduledNotification/default.json"),
      ruleParameters: '{"minimumLevel":"paranoid"}',
    };
    await expect(run(raw)).rejects.toThrow(
      'dms-endpoint-tls: dms-endpoint-tls: parameter minimumLevel = "paranoid" is invalid; accepted: one of encrypted, verified, strongest',
    );
    expect(putCalls()).toHaveLength(0);
    expect(logs.at(-1)).toMatchObject({ level: "error", extra: { errorKind: "customer" } });
  });

  it("fails with the field name for a malformed event, reporting nothing", async () => {
    await expect(run({ invokingEvent: "{", resultToken: "x" })).rejects.toThrow(
      "event.invokingEvent: not valid JSON",
    );
    expect(putCalls()).toHaveLength(0);
    expect(dms.calls()).toHaveLength(0);
  });
});
