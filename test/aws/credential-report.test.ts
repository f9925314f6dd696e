import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
} from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, describe, expect, it } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import { getCredentialReport } from "../../packages/core/src/aws/credential-report.js";
import { motoClients } from "../support/moto.js";

/**
 * The credential report read with its base64 Content cut out of the raw response (so the SDK's
 * XML parser never builds it): the same text the SDK's own parsing yields, against moto's wire
 * format, and the SDK's output when no raw response is seen (a mocked client).
 */

const ACCOUNT = "600000000061";

describe("getCredentialReport", () => {
  let clients: AwsClients;

  beforeAll(async () => {
    clients = motoClients(ACCOUNT);
    const { client } = await clients.use("iam");
    for (const name of ["report-a", "report-b", "report-c"]) {
      await client.send(new CreateUserCommand({ UserName: name }));
      await client.send(new CreateAccessKeyCommand({ UserName: name }));
    }
    await client.send(new GenerateCredentialReportCommand({}));
  });

  it("returns the same CSV text as the SDK's own parsing of the response", async () => {
    // Prepare
    const iam = await clients.use("iam");
    const parsedBySdk = await iam.client.send(new GetCredentialReportCommand({}));
    const expected = Buffer.from(parsedBySdk.Content ?? new Uint8Array()).toString("utf8");
    // What the SDK's parser was given to parse (recorded after deserialization).
    const parsedLengths: number[] = [];
    iam.client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const output = result.output as { Content?: Uint8Array };
        if (context.commandName === "GetCredentialReportCommand")
          parsedLengths.push(output.Content?.length ?? 0);
        return result;
      },
      { step: "initialize", name: "recordParsedContent" },
    );
    // Act
    const report = await getCredentialReport(iam);
    iam.client.middlewareStack.remove("recordParsedContent");
    // Assess
    expect(parsedLengths).toEqual([0]);
    expect(expected).toMatch(/^user,arn,/);
    expect(report.Content).toBe(expected);
    expect(report.Content).toContain("report-a");
    expect(report.GeneratedTime).toEqual(parsedBySdk.GeneratedTime);
    expect(report.ReportFormat).toBe("text/csv");
  });

  it("returns the SDK output's Content when the raw response is not seen (mocked client)", async () => {
    const mock = mockClient(IAMClient);
    try {
      mock.on(GetCredentialReportCommand).resolves({
        Content: new TextEncoder().encode("user,arn\nmocked,arn:aws:iam::1:user/mocked\n"),
        ReportFormat: "text/csv",
        GeneratedTime: new Date("2026-11-01T00:00:00Z"),
      });
      const plain = new AwsClients({
        region: "us-east-1",
        credentials: { accessKeyId: "AKID", secretAccessKey: "not-a-secret" },
      });
      const report = await getCredentialReport(await plain.use("iam"));
      expect(report.Content).toBe("user,arn\nmocked,arn:aws:iam::1:user/mocked\n");
      expect(report.GeneratedTime).toEqual(new Date("2026-11-01T00:00:00Z"));
    } finally {
      mock.restore();
    }
  });
});
