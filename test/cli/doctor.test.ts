import {
  CloudTrailClient,
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
} from "@aws-sdk/client-cloudtrail";
import {
  ConfigServiceClient,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from "@aws-sdk/client-config-service";
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  EnableAWSServiceAccessCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
} from "@aws-sdk/client-organizations";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { PreflightReads } from "../../packages/core/src/aws/preflight.js";
import { ORGANIZATION_SERVICES } from "../../packages/core/src/cli/doctor.js";
import { requiredResourceTypes } from "../../packages/core/src/cli/doctor-checks.js";
import { main } from "../../packages/core/src/cli/main.js";
import { AwsAccessDeniedError } from "../../packages/core/src/errors.js";
import { motoAccountHeader, useMotoEnvironment } from "../support/moto.js";

/**
 * `migration-guard doctor` against moto (it has Config recorders, delivery channels, CloudTrail trails
 * and event selectors, and Organizations trusted access and delegated administrators). Each test runs
 * in its own moto account.
 */

function awsClients(accountId: string, region: string) {
  useMotoEnvironment(accountId);
  const configure = motoAccountHeader(accountId);
  const make = <C extends { middlewareStack: unknown }>(client: C): C => {
    configure(client as never);
    return client;
  };
  const opts = { region, maxAttempts: 1 };
  return {
    config: make(new ConfigServiceClient(opts)),
    cloudtrail: make(new CloudTrailClient(opts)),
    s3: make(new S3Client({ ...opts, forcePathStyle: true })),
    organizations: make(new OrganizationsClient(opts)),
  };
}

async function doctor(accountId: string, args: string[], reads?: () => PreflightReads) {
  useMotoEnvironment(accountId);
  let stdout = "";
  let stderr = "";
  const code = await main(["doctor", ...args], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
    preflight:
      reads ??
      ((region) =>
        new PreflightReads({ region: region ?? "us-east-1", configure: motoAccountHeader(accountId) })),
  });
  return { code, stdout, stderr };
}

type Checks = { checks: { id: string; status: string; message: string }[] };

function statuses(stdout: string): Record<string, string> {
  return Object.fromEntries((JSON.parse(stdout) as Checks).checks.map((c) => [c.id, c.status]));
}

async function readyAccount(accountId: string, region: string, recordAll: boolean) {
  const aws = awsClients(accountId, region);
  const bucket = `mg-doctor-${accountId}`;
  await aws.s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      ...(region === "us-east-1"
        ? {}
        : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
    }),
  );
  await aws.config.send(
    new PutConfigurationRecorderCommand({
      ConfigurationRecorder: {
        name: "default",
        roleARN: `arn:aws:iam::${accountId}:role/config`,
        recordingGroup: recordAll
          ? { allSupported: true, includeGlobalResourceTypes: true }
          : {
              allSupported: false,
              includeGlobalResourceTypes: false,
              resourceTypes: ["AWS::DMS::Certificate"],
            },
      },
    }),
  );
  await aws.config.send(
    new PutDeliveryChannelCommand({ DeliveryChannel: { name: "default", s3BucketName: bucket } }),
  );
  await aws.config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: "default" }));
  await aws.cloudtrail.send(
    new CreateTrailCommand({ Name: "org-trail", S3BucketName: bucket, IsMultiRegionTrail: true }),
  );
  await aws.cloudtrail.send(
    new PutEventSelectorsCommand({
      TrailName: "org-trail",
      EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }],
    }),
  );
  await aws.cloudtrail.send(new StartLoggingCommand({ Name: "org-trail" }));
  return aws;
}

describe("migration-guard doctor (moto)", () => {
  it("returns fail for the recorder, recording, resource types and delivery channel, and exit 1, in an empty account", async () => {
    const { code, stdout } = await doctor("210000000001", ["--region", "eu-west-1", "--format", "json"]);

    expect(code).toBe(1);
    expect(statuses(stdout)).toEqual({
      "config-recorder": "fail",
      "config-recording": "fail",
      "config-resource-types": "fail",
      "config-delivery-channel": "fail",
      "cloudtrail-management-events": "warn",
      "iam-rules-region": "warn",
    });

    const recorder = (JSON.parse(stdout) as Checks).checks[0];
    expect(recorder?.message).toContain("no AWS Config recorder in eu-west-1");
  });

  it("returns pass for every check and exit 0 when Config records everything and a multi-region trail logs, in us-east-1", async () => {
    await readyAccount("210000000002", "us-east-1", true);
    const { code, stdout } = await doctor("210000000002", ["--region", "us-east-1", "--format", "json"]);
    expect(statuses(stdout)).toEqual({
      "config-recorder": "pass",
      "config-recording": "pass",
      "config-resource-types": "pass",
      "config-delivery-channel": "pass",
      "cloudtrail-management-events": "pass",
      "iam-rules-region": "pass",
    });
    expect(code).toBe(0);
  });

  it("returns fail naming the resource types the recorder does not record", async () => {
    await readyAccount("210000000003", "us-east-1", false);
    const { code, stdout } = await doctor("210000000003", ["--region", "us-east-1", "--format", "json"]);
    const check = (JSON.parse(stdout) as Checks).checks.find((c) => c.id === "config-resource-types");
    expect(check?.status).toBe("fail");
    for (const type of requiredResourceTypes("us-east-1").filter((t) => t !== "AWS::DMS::Certificate"))
      expect(check?.message).toContain(type);
    expect(requiredResourceTypes("us-east-1")).toContain("AWS::IAM::User");
    expect(requiredResourceTypes("eu-west-1")).not.toContain("AWS::IAM::User");
    expect(code).toBe(1);
  });

  it("returns the organization checks with --organization: fail without trusted access, pass once enabled", async () => {
    const accountId = "210000000004";
    const aws = await readyAccount(accountId, "us-east-1", true);
    await aws.organizations.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
    const before = await doctor(accountId, ["--region", "us-east-1", "--organization", "--format", "json"]);
    expect(statuses(before.stdout)).toMatchObject({
      "organization-trusted-access": "fail",
      "organization-delegated-administrator": "pass",
    });
    expect(before.code).toBe(1);
    for (const principal of [
      "config-multiaccountsetup.amazonaws.com",
      "config.amazonaws.com",
      "member.org.stacksets.cloudformation.amazonaws.com",
    ])
      await aws.organizations.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: principal }));
    const after = await doctor(accountId, ["--region", "us-east-1", "--organization", "--format", "json"]);
    expect(statuses(after.stdout)).toMatchObject({ "organization-trusted-access": "pass" });
    expect(after.code).toBe(0);
    // A member account is not delegated administrator until registered. moto keeps an organization in
    // the state of the account that created it, so the member's doctor reads through the management
    // account's moto state while it reports as the member.
    const member = await aws.organizations.send(
      new CreateAccountCommand({ AccountName: "admin", Email: "admin@example.com" }),
    );
    const memberId = member.CreateAccountStatus?.AccountId ?? "";
    const asMember = () =>
      Object.assign(new PreflightReads({ region: "us-east-1", configure: motoAccountHeader(accountId) }), {
        accountId: async () => memberId,
      });
    const delegation = async () => {
      const run = await doctor(
        accountId,
        ["--region", "us-east-1", "--organization", "--format", "json"],
        asMember,
      );
      return (JSON.parse(run.stdout) as Checks).checks.find(
        (c) => c.id === "organization-delegated-administrator",
      );
    };
    const unregistered = await delegation();
    expect(unregistered?.status).toBe("fail");
    expect(unregistered?.message).toContain(
      `aws organizations register-delegated-administrator --account-id ${memberId} --service-principal config-multiaccountsetup.amazonaws.com`,
    );
    // moto registers delegated administrators for config-multiaccountsetup only (of the three).
    await aws.organizations.send(
      new RegisterDelegatedAdministratorCommand({
        AccountId: memberId,
        ServicePrincipal: "config-multiaccountsetup.amazonaws.com",
      }),
    );
    const partly = await delegation();
    expect(partly?.status).toBe("fail");
    expect(partly?.message).toMatch(
      /is not delegated administrator for config\.amazonaws\.com, member\.org\.stacksets\.cloudformation\.amazonaws\.com;/,
    );
    expect(ORGANIZATION_SERVICES).toHaveLength(3);
  });

  it("prints a table with a line per check and the counts", async () => {
    const { stdout } = await doctor("210000000005", ["--region", "eu-west-1"]);
    expect(stdout).toMatch(
      /^migration-guard doctor — eu-west-1\n\n✗ fail {2}config-recorder +no AWS Config recorder/,
    );
    expect(stdout).toMatch(/! warn {2}iam-rules-region +the IAM rules \(mgn-agent-key-rotation, /);
    expect(stdout).toMatch(/\n0 pass, 2 warn, 4 fail\n$/);
  });

  it("exits 3 with one line when the credentials cannot be used", async () => {
    const denied = () =>
      Object.assign(new PreflightReads({ region: "us-east-1" }), {
        accountId: async () => {
          throw new AwsAccessDeniedError(
            "sts:GetCallerIdentity was denied (AccessDenied): grant sts:GetCallerIdentity",
          );
        },
      });
    const { code, stdout, stderr } = await doctor("210000000007", ["--region", "us-east-1"], denied);
    expect([code, stdout]).toEqual([3, ""]);
    expect(stderr).toBe(
      "migration-guard: sts:GetCallerIdentity was denied (AccessDenied): grant sts:GetCallerIdentity\n",
    );
  });

  it("exits 2 for an unknown option or format", async () => {
    expect((await doctor("210000000006", ["--format", "csv"])).code).toBe(2);
    expect((await doctor("210000000006", ["--regoin", "x"])).stderr).toMatch(
      /^migration-guard: Unknown option/,
    );
  });
});
