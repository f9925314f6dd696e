import { describe, expect, it } from "vitest";
import {
  accessKeysFromReport,
  decodePolicyDocument,
  groupsFromApi,
  policiesFromApi,
  userFromConfiguration,
  usersFromApi,
} from "../../packages/core/src/aws/iam.js";
import { fixtureText } from "../support/fixtures.js";

const fixture = fixtureText;
const gaad = () => structuredClone(JSON.parse(fixture("iam/GetAccountAuthorizationDetails/default.json")));
const report = () => ({
  GeneratedTime: "2026-11-20T08:55:00Z",
  ReportFormat: "text/csv",
  Content: fixture("iam/GetCredentialReport/content.csv"),
});

describe("IAM mapping", () => {
  it("maps GetAccountAuthorizationDetails users with groups, attached policies, boundary and tags", () => {
    const [wave1, legacy] = usersFromApi(gaad());
    expect(wave1).toEqual({
      arn: "arn:aws:iam::123456789012:user/mgn-agent-wave1",
      userName: "mgn-agent-wave1",
      userId: "AIDAEXAMPLEWAVE1AAAAA",
      createdAt: new Date("2026-11-10T08:00:00Z"),
      groupNames: [],
      attachedPolicyArns: ["arn:aws:iam::aws:policy/AWSApplicationMigrationAgentPolicy"],
      permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/mgn-agent-boundary",
      tags: { purpose: "mgn-agent" },
    });
    expect(legacy).toMatchObject({
      groupNames: ["mgn-installers"],
      permissionsBoundaryArn: undefined,
      tags: {},
    });
  });

  it("maps groups and decodes the default version's URL-encoded policy document", () => {
    expect(groupsFromApi(gaad())).toEqual([
      {
        groupName: "mgn-installers",
        attachedPolicyArns: ["arn:aws:iam::aws:policy/AWSApplicationMigrationAgentInstallationPolicy"],
      },
    ]);
    const [boundary] = policiesFromApi(gaad());
    expect(boundary?.name).toBe("mgn-agent-boundary");
    expect(JSON.stringify(boundary?.document)).toContain(
      '"DateGreaterThan":{"aws:CurrentTime":"2026-12-05T00:00:00Z"}',
    );
  });

  it("maps an AWS::IAM::User configuration item (camelCase) to the same model", () => {
    const event = JSON.parse(fixture("config/ConfigurationItemChangeNotification/iam-user.json"));
    const item = JSON.parse(event.invokingEvent).configurationItem;
    expect(userFromConfiguration(item.configuration, item.resourceId)).toEqual(usersFromApi(gaad())[0]);
  });

  it("decodes form-encoded (+ for space) documents and accepts documents already parsed", () => {
    expect(decodePolicyDocument("%7B%22Sid%22%3A%22a+b%22%7D", "x")).toEqual({ Sid: "a b" });
    expect(decodePolicyDocument({ Version: "2012-10-17" }, "x")).toEqual({ Version: "2012-10-17" });
  });

  it("throws naming the field for a malformed user or policy document", () => {
    const bad = gaad();
    bad.UserDetailList[1].UserName = 42;
    expect(() => usersFromApi(bad)).toThrow(
      "iam.GetAccountAuthorizationDetails.UserDetailList[1].UserName: expected a string, got number",
    );
    const doc = gaad();
    doc.Policies[0].PolicyVersionList[0].Document = "%7Bnot-json";
    expect(() => policiesFromApi(doc)).toThrow(
      /Policies\[0\]\.PolicyVersionList\[0\]\.Document: not a JSON policy document/,
    );
  });

  it("maps credential report rows to keys by slot, skipping the root account and empty slots", () => {
    const inventory = accessKeysFromReport(report());
    expect(inventory.generatedAt).toEqual(new Date("2026-11-20T08:55:00Z"));
    expect([...inventory.byUser.keys()]).toEqual(["mgn-agent-wave1", "mgn-agent-legacy"]);
    expect(inventory.byUser.get("mgn-agent-wave1")).toEqual([
      {
        slot: 1,
        accessKeyId: undefined,
        active: true,
        createdAt: new Date("2026-11-10T08:05:00Z"),
        lastUsedAt: new Date("2026-11-20T08:40:00Z"),
        lastUsedService: "mgn",
      },
    ]);
    expect(inventory.byUser.get("mgn-agent-legacy")?.map((k) => [k.slot, k.active, k.lastUsedAt])).toEqual([
      [1, false, new Date("2026-09-01T12:00:00Z")],
      [2, true, undefined],
    ]);
  });

  it("throws naming the column when the credential report lacks one", () => {
    expect(() =>
      accessKeysFromReport({ Content: "user,arn\nbob,arn:aws:iam::123456789012:user/bob\n" }),
    ).toThrow('iam.GetCredentialReport.Content: no "access_key_1_active" column');
  });
});
