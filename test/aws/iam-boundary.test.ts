import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  IAMClient,
} from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import { CREDENTIAL_REPORT_POLL } from "../../packages/core/src/aws/credential-report.js";
import { iamGetCredentialReport } from "../../packages/core/src/aws/read.js";
import { LiveSource } from "../../packages/core/src/aws/source.js";
import { evaluateAll } from "../../packages/core/src/config/evaluator.js";
import { rule } from "../../packages/core/src/rules/mgn-agent-key-expiry/index.js";
import { parseParameters } from "../../packages/core/src/rules/params.js";
import { fixtureText } from "../support/fixtures.js";

/**
 * Permissions boundaries on users: moto does not return them, so IAM is mocked here with
 * payloads shaped like the IAM API reference (GetAccountAuthorizationDetails pages with
 * URL-encoded documents; GetCredentialReport with the CSV as bytes).
 */

const fixture = fixtureText;
const iam = mockClient(IAMClient);
const poll = { ...CREDENTIAL_REPORT_POLL };

function clients(): AwsClients {
  return new AwsClients({
    region: "us-east-1",
    maxAttempts: 1,
    credentials: { accessKeyId: "AKIAEXAMPLENOTREAL01", secretAccessKey: "not-a-real-secret" },
  });
}

beforeEach(() => {
  iam.reset();
  const gaad = JSON.parse(fixture("iam/GetAccountAuthorizationDetails/default.json"));
  // Two pages, as IAM returns them with Marker.
  iam
    .on(GetAccountAuthorizationDetailsCommand, { Marker: undefined })
    .resolves({
      UserDetailList: [gaad.UserDetailList[0]],
      GroupDetailList: [],
      Policies: [],
      IsTruncated: true,
      Marker: "page2",
    })
    .on(GetAccountAuthorizationDetailsCommand, { Marker: "page2" })
    .resolves({
      UserDetailList: [gaad.UserDetailList[1]],
      GroupDetailList: gaad.GroupDetailList,
      Policies: gaad.Policies,
      IsTruncated: false,
    });
  iam.on(GenerateCredentialReportCommand).resolves({ State: "COMPLETE" });
  iam.on(GetCredentialReportCommand).resolves({
    Content: new TextEncoder().encode(fixture("iam/GetCredentialReport/content.csv")),
    ReportFormat: "text/csv",
    GeneratedTime: new Date("2026-11-20T08:55:00Z"),
  });
});
afterEach(() => Object.assign(CREDENTIAL_REPORT_POLL, poll));
afterAll(() => iam.restore());

describe("mgn-agent-key-expiry with permissions boundaries (mocked IAM)", () => {
  it("returns COMPLIANT for the agent user whose boundary denies everything after 2026-12-05 and NON_COMPLIANT for the one without", async () => {
    const evaluations = await evaluateAll(
      rule,
      parseParameters(rule.name, rule.parameters, {}),
      new LiveSource(clients()),
      new Date("2026-11-20T09:00:00Z"),
    );
    expect(evaluations.map((e) => [e.resourceName, e.compliance, e.annotation])).toEqual([
      [
        "mgn-agent-wave1",
        "COMPLIANT",
        "keys stop working on 2026-12-05T00:00:00Z (boundary mgn-agent-boundary, Deny ExpireAgentKeys)",
      ],
      [
        "mgn-agent-legacy",
        "NON_COMPLIANT",
        "MGN agent user has no permissions boundary, so access key 2 (created 2026-11-19) never expires; set a boundary that denies everything after a date (aws:CurrentTime)",
      ],
    ]);
    const filters = iam
      .commandCalls(GetAccountAuthorizationDetailsCommand)
      .map((c) => c.args[0].input.Filter);
    expect(filters).toEqual([
      ["User", "Group", "LocalManagedPolicy"],
      ["User", "Group", "LocalManagedPolicy"],
    ]);
  });

  it("polls GenerateCredentialReport until COMPLETE before reading the report", async () => {
    Object.assign(CREDENTIAL_REPORT_POLL, { firstDelayMs: 1, maxDelayMs: 2 });
    iam
      .on(GenerateCredentialReportCommand)
      .resolvesOnce({ State: "STARTED" })
      .resolvesOnce({ State: "INPROGRESS" })
      .resolves({ State: "COMPLETE" });
    const output = (await new LiveSource(clients()).read(iamGetCredentialReport)) as { Content: string };
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(3);
    expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(1);
    expect(output.Content).toContain("mgn-agent-wave1,arn:aws:iam::123456789012:user/mgn-agent-wave1");
  });

  it("fails with an error naming the action when the report never completes", async () => {
    Object.assign(CREDENTIAL_REPORT_POLL, { attempts: 3, firstDelayMs: 1, maxDelayMs: 1 });
    iam.on(GenerateCredentialReportCommand).resolves({ State: "INPROGRESS" });
    await expect(new LiveSource(clients()).read(iamGetCredentialReport)).rejects.toThrow(
      /iam:GetCredentialReport failed: .*still INPROGRESS/,
    );
  });

  it("fails with an access-denied error naming the action when GetCredentialReport is denied", async () => {
    iam
      .on(GetCredentialReportCommand)
      .rejects(Object.assign(new Error("not authorized"), { name: "AccessDenied" }));
    await expect(new LiveSource(clients()).read(iamGetCredentialReport)).rejects.toThrow(
      "iam:GetCredentialReport was denied (AccessDenied): grant iam:GetCredentialReport to the credentials in use",
    );
  });
});
