import { ConfigServiceClient, PutEvaluationsCommand } from "@aws-sdk/client-config-service";
import type { AssumeRoleCommand, AssumeRoleCommandOutput } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import { MemberAccess } from "../../packages/core/src/aws/member-access.js";
import { handleConfigRuleEvent } from "../../packages/core/src/config/handler.js";
import { deploymentModeFromEnvironment, memberAccessFor } from "../../packages/core/src/config/mode.js";
import { findRule } from "../../packages/core/src/rules/index.js";

const rule = findRule("dms-endpoint-tls");
if (!rule) throw new Error("dms-endpoint-tls missing from the registry");
const MEMBER = "111111111111";

/** A deleted endpoint: evaluated NOT_APPLICABLE without reading the account, then reported. */
function deletedEndpointEvent(accountId: string | undefined, itemAccount = MEMBER) {
  return {
    invokingEvent: JSON.stringify({
      messageType: "ConfigurationItemChangeNotification",
      notificationCreationTime: "2026-11-23T10:00:00.000Z",
      configurationItem: {
        configurationItemStatus: "ResourceDeleted",
        configurationItemCaptureTime: "2026-11-23T09:59:00.000Z",
        resourceType: "AWS::DMS::Endpoint",
        resourceId: `arn:aws:dms:us-east-1:${itemAccount}:endpoint:OLD`,
        awsAccountId: itemAccount,
        awsRegion: "us-east-1",
        configuration: null,
      },
    }),
    ruleParameters: "{}",
    resultToken: "member-result-token",
    eventLeftScope: false,
    configRuleName: "dms-endpoint-tls",
    ...(accountId !== undefined ? { accountId } : {}),
  };
}

function sts(answerAccount: (arn: string) => string) {
  return {
    async send(command: AssumeRoleCommand): Promise<AssumeRoleCommandOutput> {
      const arn = command.input.RoleArn ?? "";
      return {
        $metadata: {},
        Credentials: {
          AccessKeyId: "ASIAMEMBER",
          SecretAccessKey: "secret",
          SessionToken: "token",
          Expiration: new Date(Date.now() + 3_600_000),
        },
        AssumedRoleUser: {
          AssumedRoleId: "AROA:mg",
          Arn: `arn:aws:sts::${answerAccount(arn)}:assumed-role/mg/s`,
        },
      };
    },
  };
}

const configMock = mockClient(ConfigServiceClient);

describe("handleConfigRuleEvent in organization mode", () => {
  beforeEach(() => {
    configMock.reset();
    configMock.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
  });
  afterEach(() => configMock.reset());

  it("returns the member account and puts the evaluation with the member's result token", async () => {
    const base = new AwsClients({ region: "us-east-1" });
    const members = new MemberAccess({
      roleName: "mg",
      region: "us-east-1",
      sts: sts((arn) => arn.split(":")[4] ?? ""),
    });
    const result = await handleConfigRuleEvent(rule, deletedEndpointEvent(MEMBER), {
      clients: base,
      members,
    });
    expect(result).toMatchObject({ accountId: MEMBER, evaluations: 1, byCompliance: { NOT_APPLICABLE: 1 } });
    const calls = configMock.commandCalls(PutEvaluationsCommand);
    const [call] = calls;
    if (!call || calls.length !== 1) throw new Error(`expected one PutEvaluations call, got ${calls.length}`);
    expect(call.args[0].input.ResultToken).toBe("member-result-token");
    const signer = await (call.thisValue as ConfigServiceClient).config.credentials();
    expect(signer.accountId).toBe(MEMBER);
  });

  it("throws and puts nothing when the clients for the event's account sign as another account", async () => {
    const base = new AwsClients({ region: "us-east-1" });
    const members = new MemberAccess({ roleName: "mg", region: "us-east-1", sts: sts(() => MEMBER) });
    const other = new AwsClients({
      region: "us-east-1",
      credentials: { accessKeyId: "ASIAOTHER", secretAccessKey: "s", accountId: "999999999999" },
    });
    members.clients = async () => other; // a defect that hands out the wrong account's clients
    await expect(
      handleConfigRuleEvent(rule, deletedEndpointEvent(MEMBER), { clients: base, members }),
    ).rejects.toThrow(
      `refusing to report for account ${MEMBER}: the credentials in use belong to 999999999999`,
    );
    expect(configMock.commandCalls(PutEvaluationsCommand)).toHaveLength(0);
  });

  it("throws and puts nothing when the configuration item is from another account than the event", async () => {
    const members = new MemberAccess({ roleName: "mg", region: "us-east-1", sts: sts(() => MEMBER) });
    await expect(
      handleConfigRuleEvent(rule, deletedEndpointEvent(MEMBER, "222222222222"), {
        clients: new AwsClients({ region: "us-east-1" }),
        members,
      }),
    ).rejects.toThrow(
      `refusing to report for account ${MEMBER}: the configuration item is from account 222222222222`,
    );
    expect(configMock.commandCalls(PutEvaluationsCommand)).toHaveLength(0);
  });

  it("throws naming the field when the event's accountId is not an account id", async () => {
    const members = new MemberAccess({ roleName: "mg", region: "us-east-1", sts: sts(() => MEMBER) });
    await expect(
      handleConfigRuleEvent(rule, deletedEndpointEvent("12345"), { clients: new AwsClients(), members }),
    ).rejects.toThrow(
      'invalid AWS Config event: event.accountId "12345" is not an AWS account id (12 digits)',
    );
    expect(configMock.commandCalls(PutEvaluationsCommand)).toHaveLength(0);
  });

  it("returns without accountId and reports with the container's clients in per-account mode", async () => {
    const base = new AwsClients({
      region: "us-east-1",
      credentials: { accessKeyId: "AKIA", secretAccessKey: "s" },
    });
    const result = await handleConfigRuleEvent(rule, deletedEndpointEvent(MEMBER), { clients: base });
    expect(result).not.toHaveProperty("accountId");
    expect(configMock.commandCalls(PutEvaluationsCommand)[0]?.thisValue).toBe(
      (await base.use("config")).client,
    );
  });
});

describe("deploymentModeFromEnvironment", () => {
  it("returns per-account mode when MEMBER_ROLE_NAME is unset or empty", () => {
    expect(deploymentModeFromEnvironment({})).toEqual({ mode: "account" });
    expect(deploymentModeFromEnvironment({ MEMBER_ROLE_NAME: " " })).toEqual({ mode: "account" });
    expect(memberAccessFor({ mode: "account" }, new AwsClients())).toBeUndefined();
  });

  it("returns organization mode with the role, StackSet and region", () => {
    const mode = deploymentModeFromEnvironment({
      MEMBER_ROLE_NAME: "migration-guard-member",
      MEMBER_STACK_SET_NAME: "migration-guard-prod-members",
      AWS_REGION: "us-gov-west-1",
    });
    expect(mode).toEqual({
      mode: "organization",
      roleName: "migration-guard-member",
      stackSetName: "migration-guard-prod-members",
      region: "us-gov-west-1",
    });
    const members = memberAccessFor(mode, new AwsClients());
    expect(members?.roleArn(MEMBER)).toBe(`arn:aws-us-gov:iam::${MEMBER}:role/migration-guard-member`);
  });

  it("throws naming the variable when MEMBER_ROLE_NAME is invalid or AWS_REGION is missing", () => {
    expect(() => deploymentModeFromEnvironment({ MEMBER_ROLE_NAME: "a/b", AWS_REGION: "us-east-1" })).toThrow(
      'MEMBER_ROLE_NAME "a/b" is not an IAM role name',
    );
    expect(() => deploymentModeFromEnvironment({ MEMBER_ROLE_NAME: "mg" })).toThrow("AWS_REGION: missing");
  });
});
