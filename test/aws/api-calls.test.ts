import { DescribeEndpointsCommand } from "@aws-sdk/client-database-migration-service";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { ApiCallCounter } from "../../packages/core/src/aws/api-calls.js";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import { motoAccountHeader, useMotoEnvironment } from "../support/moto.js";

/** The ApiCallCounter (the ApiCalls metric) on real SDK clients sending to moto over HTTP. */

const ACCOUNT = "310000000011";

function countedClients(counter: ApiCallCounter): AwsClients {
  useMotoEnvironment(ACCOUNT);
  const header = motoAccountHeader(ACCOUNT);
  return new AwsClients({
    region: "us-east-1",
    maxAttempts: 1,
    configure: (client) => {
      header(client);
      counter.configure(client);
    },
  });
}

describe("ApiCallCounter", () => {
  it("returns one call per command sent, across the services of one AwsClients", async () => {
    const counter = new ApiCallCounter();
    const clients = countedClients(counter);
    const { client: sts } = await clients.use("sts");
    const { client: dms } = await clients.use("dms");
    expect(counter.count).toBe(0);
    await sts.send(new GetCallerIdentityCommand({}));
    await dms.send(new DescribeEndpointsCommand({}));
    await dms.send(new DescribeEndpointsCommand({}));
    expect(counter.count).toBe(3);
    counter.reset();
    expect(counter.count).toBe(0);
  });

  it("returns a call that AWS refused as a call made", async () => {
    const counter = new ApiCallCounter();
    const { client: dms } = await countedClients(counter).use("dms");
    await expect(
      dms.send(new DescribeEndpointsCommand({ Filters: [{ Name: "no-such-filter", Values: ["x"] }] })),
    ).rejects.toThrow();
    expect(counter.count).toBe(1);
  });

  it("returns the calls of the MGN client too (it is created outside the SDK client table)", async () => {
    const counter = new ApiCallCounter();
    // moto has no MGN API: the call is sent, then refused.
    await countedClients(counter)
      .mgn.describeSourceServers()
      .catch(() => undefined);
    expect(counter.count).toBe(1);
  });
});
