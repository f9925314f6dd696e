import {
  CreatePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  PutUserPermissionsBoundaryCommand,
  UpdateAccessKeyCommand,
} from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import { boundaryDocument } from "../../packages/core/src/remediate/actions/boundary.js";
import { executeAction } from "../../packages/core/src/remediate/executor.js";
import type { PlannedAction } from "../../packages/core/src/remediate/types.js";
import { analyzeExpiry } from "../../packages/core/src/rules/iam-expiry.js";
import { validateInput, validateOutput } from "../support/shape-validator.js";

/**
 * Attaching an expiry boundary. moto has no PutUserPermissionsBoundary (moto/iam/responses.py
 * defines no put_user_permissions_boundary) and returns no PermissionsBoundary from GetUser, so
 * IAM is mocked here; each request is checked against the IAM API model's input shape and each
 * mocked response against its output shape.
 */

const iam = mockClient(IAMClient);
const EXPIRY = new Date("2026-12-20T00:00:00Z");
const ARN = "arn:aws:iam::123456789012:policy/migration-guard/migration-guard-expiry-2026-12-20";
const WRITES = [CreatePolicyCommand, PutUserPermissionsBoundaryCommand, UpdateAccessKeyCommand];

const action: PlannedAction = {
  rule: "mgn-agent-key-expiry",
  resourceType: "AWS::IAM::User",
  resourceId: "AIDAEXAMPLEAGENT0001",
  resourceName: "mgn-agent",
  action: "set permissions boundary migration-guard-expiry-2026-12-20",
  calls: [],
  step: {
    kind: "attachExpiryBoundary",
    userName: "mgn-agent",
    userArn: "arn:aws:iam::123456789012:user/mgn-agent",
    expiry: EXPIRY,
    policyName: "migration-guard-expiry-2026-12-20",
    policyPath: "/migration-guard/",
  },
};

const noSuchEntity = () => Object.assign(new Error("not found"), { name: "NoSuchEntityException" });
const user = (boundary?: string) => {
  const output = {
    User: {
      Path: "/",
      UserName: "mgn-agent",
      UserId: "AIDAEXAMPLEAGENT0001",
      Arn: "arn:aws:iam::123456789012:user/mgn-agent",
      CreateDate: "2026-09-01T00:00:00Z",
      ...(boundary
        ? {
            PermissionsBoundary: {
              PermissionsBoundaryType: "PermissionsBoundaryPolicy" as const,
              PermissionsBoundaryArn: boundary,
            },
          }
        : {}),
    },
  };
  expect(validateOutput("iam", "GetUser", output)).toEqual([]);
  return { User: { ...output.User, CreateDate: new Date(output.User.CreateDate) } };
};
const keys = (status: "Active" | "Inactive") => ({
  AccessKeyMetadata: [
    { UserName: "mgn-agent", AccessKeyId: "AKIAEXAMPLEKEY000001", Status: status, CreateDate: new Date() },
  ],
  IsTruncated: false,
});
const clients = () =>
  new AwsClients({
    region: "us-east-1",
    maxAttempts: 1,
    credentials: { accessKeyId: "AKIAEXAMPLENOTREAL01", secretAccessKey: "not-a-real-secret" },
  });
const writes = () => WRITES.flatMap((c) => iam.commandCalls(c as never));

beforeEach(() => {
  iam.reset();
  iam.on(GetUserCommand).resolves(user());
  iam.on(ListAccessKeysCommand).resolves(keys("Active"));
  iam.on(GetPolicyCommand).rejects(noSuchEntity());
  iam.on(CreatePolicyCommand).resolves({ Policy: { Arn: ARN, DefaultVersionId: "v1" } });
  iam.on(PutUserPermissionsBoundaryCommand).resolves({});
});
afterAll(() => iam.restore());

describe("attaching an expiry boundary (IAM mocked per the API model)", () => {
  it("plans the policy and the boundary in a dry run, and makes no write call", async () => {
    const result = await executeAction(action, clients(), { apply: false });
    expect(result).toMatchObject({
      status: "planned",
      calls: [
        "iam:CreatePolicy PolicyName=migration-guard-expiry-2026-12-20 Path=/migration-guard/",
        `iam:PutUserPermissionsBoundary UserName=mgn-agent PermissionsBoundary=${ARN}`,
      ],
    });
    expect(writes()).toEqual([]);
  });

  it("creates the policy (allow all, deny all after the date) and sets it as the boundary", async () => {
    const result = await executeAction(action, clients(), { apply: true });
    expect(result.status).toBe("applied");
    const [create] = iam.commandCalls(CreatePolicyCommand);
    const input = create?.args[0].input;
    expect(validateInput("iam", "CreatePolicy", input)).toEqual([]);
    expect(input).toMatchObject({
      PolicyName: "migration-guard-expiry-2026-12-20",
      Path: "/migration-guard/",
    });
    expect(analyzeExpiry(JSON.parse(input?.PolicyDocument ?? "{}"))).toMatchObject({
      kind: "expires",
      expiry: EXPIRY,
      via: "deny",
    });
    const [put] = iam.commandCalls(PutUserPermissionsBoundaryCommand);
    expect(validateInput("iam", "PutUserPermissionsBoundary", put?.args[0].input)).toEqual([]);
    expect(put?.args[0].input).toEqual({ UserName: "mgn-agent", PermissionsBoundary: ARN });
  });

  it("reuses the policy of the same date", async () => {
    iam.on(GetPolicyCommand).resolves({ Policy: { Arn: ARN, DefaultVersionId: "v1" } });
    iam.on(GetPolicyVersionCommand).resolves({
      PolicyVersion: {
        VersionId: "v1",
        IsDefaultVersion: true,
        Document: encodeURIComponent(JSON.stringify(boundaryDocument(EXPIRY))),
      },
    });
    const result = await executeAction(action, clients(), { apply: true });
    expect(result).toMatchObject({
      status: "applied",
      calls: [`iam:PutUserPermissionsBoundary UserName=mgn-agent PermissionsBoundary=${ARN}`],
    });
    expect(iam.commandCalls(CreatePolicyCommand)).toEqual([]);
  });

  it("does not reuse a policy of that name that does not deny everything after the date", async () => {
    iam.on(GetPolicyCommand).resolves({ Policy: { Arn: ARN, DefaultVersionId: "v2" } });
    iam.on(GetPolicyVersionCommand).resolves({
      PolicyVersion: {
        VersionId: "v2",
        Document: encodeURIComponent(JSON.stringify({ Version: "2012-10-17", Statement: [] })),
      },
    });
    const result = await executeAction(action, clients(), { apply: true });
    expect(result).toMatchObject({ status: "skipped", reason: expect.stringContaining("not reused") });
    expect(writes()).toEqual([]);
  });

  it("never replaces an existing boundary: skipped, with the boundary named", async () => {
    iam.on(GetUserCommand).resolves(user("arn:aws:iam::123456789012:policy/team-boundary"));
    const result = await executeAction(action, clients(), { apply: true });
    expect(result).toMatchObject({
      status: "skipped",
      reason:
        "mgn-agent already has permissions boundary arn:aws:iam::123456789012:policy/team-boundary; not replaced",
    });
    expect(writes()).toEqual([]);
  });

  it("changes nothing for a stale request: the user has no active key any more", async () => {
    iam.on(ListAccessKeysCommand).resolves(keys("Inactive"));
    const result = await executeAction(action, clients(), { apply: true });
    expect(result).toMatchObject({
      status: "skipped",
      reason: "mgn-agent has no active access key any more",
    });
    expect(writes()).toEqual([]);
  });

  it("reports a failed call as failed, naming the action", async () => {
    iam
      .on(PutUserPermissionsBoundaryCommand)
      .rejects(Object.assign(new Error("denied"), { name: "AccessDenied" }));
    const result = await executeAction(action, clients(), { apply: true });
    expect(result).toMatchObject({
      status: "failed",
      reason: expect.stringContaining("iam:PutUserPermissionsBoundary was denied"),
    });
  });
});
