import type { AssumeRoleCommand, AssumeRoleCommandOutput } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { MemberAccess, partitionOf } from "../../packages/core/src/aws/member-access.js";
import {
  assertResultsInAccount,
  checkAccountId,
  checkRoleName,
  MemberAccessError,
} from "../../packages/core/src/aws/member-checks.js";

const HOUR = 3_600_000;

/** An STS stand-in shaped like the AssumeRole response of the AWS API reference. */
function fakeSts(options: { clock: { now: number }; answerAs?: (roleArn: string) => string; fail?: Error }) {
  const calls: string[] = [];
  return {
    calls,
    async send(command: AssumeRoleCommand): Promise<AssumeRoleCommandOutput> {
      const roleArn = command.input.RoleArn ?? "";
      calls.push(roleArn);
      if (options.fail) throw options.fail;
      const account = options.answerAs ? options.answerAs(roleArn) : (roleArn.split(":")[4] ?? "");
      const role = roleArn.split("/").pop();
      return {
        $metadata: {},
        Credentials: {
          AccessKeyId: `ASIA${calls.length}`,
          SecretAccessKey: "secret",
          SessionToken: "token",
          Expiration: new Date(options.clock.now + (command.input.DurationSeconds ?? 3600) * 1000),
        },
        AssumedRoleUser: {
          AssumedRoleId: "AROAEXAMPLE:migration-guard",
          Arn: `arn:aws:sts::${account}:assumed-role/${role}/${command.input.RoleSessionName}`,
        },
      };
    },
  };
}

function accessError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

describe("MemberAccess", () => {
  it("returns the role ARN from the partition, account id and role name", () => {
    const access = new MemberAccess({
      roleName: "migration-guard-member",
      region: "cn-north-1",
      sts: fakeSts({ clock: { now: 0 } }),
    });
    expect(access.roleArn("111111111111")).toBe("arn:aws-cn:iam::111111111111:role/migration-guard-member");
    expect(partitionOf("us-gov-west-1")).toBe("aws-us-gov");
    expect(partitionOf("eu-west-1")).toBe("aws");
  });

  it("returns cached credentials per account until the refresh margin before expiry", async () => {
    const clock = { now: Date.parse("2026-11-23T10:00:00Z") };
    const sts = fakeSts({ clock });
    const access = new MemberAccess({
      roleName: "mg",
      region: "us-east-1",
      sts,
      now: () => clock.now,
      durationSeconds: 3600,
      refreshMarginMs: 5 * 60_000,
    });
    const first = await access.credentials("111111111111");
    expect(first.accountId).toBe("111111111111");
    clock.now += 54 * 60_000; // 6 minutes left: still cached
    expect(await access.credentials("111111111111")).toBe(first);
    await access.credentials("222222222222"); // another account: its own AssumeRole
    expect(sts.calls).toEqual(["arn:aws:iam::111111111111:role/mg", "arn:aws:iam::222222222222:role/mg"]);
    clock.now += 2 * 60_000; // 4 minutes left: inside the margin, renewed
    const renewed = await access.credentials("111111111111");
    expect(renewed).not.toBe(first);
    expect(renewed.expiration.getTime()).toBe(clock.now + HOUR);
    expect(sts.calls).toHaveLength(3);
  });

  it("returns one AssumeRole call for concurrent requests for the same account", async () => {
    const clock = { now: 0 };
    const sts = fakeSts({ clock });
    const access = new MemberAccess({ roleName: "mg", region: "us-east-1", sts, now: () => clock.now });
    const all = await Promise.all([1, 2, 3].map(() => access.credentials("111111111111")));
    expect(new Set(all).size).toBe(1);
    expect(sts.calls).toHaveLength(1);
  });

  it("returns clients whose credentials belong to the member account", async () => {
    const clock = { now: Date.now() };
    const access = new MemberAccess({ roleName: "mg", region: "us-east-1", sts: fakeSts({ clock }) });
    const clients = await access.clients("333333333333");
    expect(await access.clients("333333333333")).toBe(clients);
    const identity = await (await clients.use("config")).client.config.credentials();
    expect(identity.accountId).toBe("333333333333");
    await expect(access.assertAccount(clients, "333333333333")).resolves.toBeUndefined();
    await expect(access.assertAccount(clients, "444444444444")).rejects.toThrow(
      "refusing to report for account 444444444444: the credentials in use belong to 333333333333",
    );
  });

  it("throws a MemberAccessError naming the account, the role and the StackSet when the role is denied", async () => {
    const sts = fakeSts({
      clock: { now: 0 },
      fail: accessError("AccessDenied", "User is not authorized to perform: sts:AssumeRole"),
    });
    const access = new MemberAccess({
      roleName: "mg-member",
      region: "us-east-1",
      sts,
      stackSetName: "migration-guard-prod-members",
    });
    const error = await access.credentials("222222222222").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MemberAccessError);
    expect((error as MemberAccessError).kind).toBe("access-denied");
    expect((error as MemberAccessError).accountId).toBe("222222222222");
    expect((error as Error).message).toContain("account 222222222222");
    expect((error as Error).message).toContain("arn:aws:iam::222222222222:role/mg-member");
    expect((error as Error).message).toContain("StackSet migration-guard-prod-members");
    // Failures are not cached: the next invocation tries again.
    await access.credentials("222222222222").catch(() => undefined);
    expect(sts.calls).toHaveLength(2);
  });

  it("throws when AssumeRole answers with credentials of another account", async () => {
    const access = new MemberAccess({
      roleName: "mg",
      region: "us-east-1",
      sts: fakeSts({ clock: { now: Date.now() }, answerAs: () => "999999999999" }),
    });
    await expect(access.clients("111111111111")).rejects.toThrow(
      /returned credentials of account 999999999999.*refusing to read or report under another account/,
    );
  });

  it("throws a customer error for an account id that is not 12 digits or a role given as an ARN", () => {
    expect(() => checkAccountId("12345", "--accounts")).toThrow(
      '--accounts "12345" is not an AWS account id (12 digits)',
    );
    expect(() => checkRoleName("arn:aws:iam::111111111111:role/x", "--role-name")).toThrow("not its ARN");
    expect(() => checkRoleName("has space", "--role-name")).toThrow("is not an IAM role name");
    expect(checkRoleName("MigrationGuard.Member@x", "--role-name")).toBe("MigrationGuard.Member@x");
  });

  it("throws when a result's resource ARN is in another account, and accepts ARNs without an account", () => {
    expect(() =>
      assertResultsInAccount("111111111111", [
        { resourceId: "arn:aws:dms:us-east-1:111111111111:endpoint:A" },
        { resourceId: "arn:aws:s3:::bucket" },
        { resourceId: "plain-id" },
      ]),
    ).not.toThrow();
    expect(() =>
      assertResultsInAccount("111111111111", [
        { resourceId: "arn:aws:dms:us-east-1:222222222222:endpoint:B" },
      ]),
    ).toThrow(
      "refusing to report for account 111111111111: arn:aws:dms:us-east-1:222222222222:endpoint:B is in account 222222222222",
    );
  });
});
