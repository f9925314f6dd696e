import { describe, expect, it } from "vitest";
import { replicationInstancesFromApi, tagsFromApi } from "../../packages/core/src/aws/dms-replication.js";
import { securityGroupsFromApi } from "../../packages/core/src/aws/ec2.js";
import { kindAccess } from "../../packages/core/src/aws/kinds.js";
import { parseConfigurationItem } from "../../packages/core/src/config/items.js";
import { MalformedInputError } from "../../packages/core/src/errors.js";
import { fixture, pem } from "../support/dms-fixtures.js";

function item(path: string, change?: (raw: Record<string, unknown>) => void) {
  const raw = fixture(path);
  change?.(raw);
  const parsed = parseConfigurationItem(raw, "configurationItem");
  if (!parsed.configuration) throw new Error("fixture has no configuration");
  return { ...parsed, configuration: parsed.configuration };
}

describe("DMS replication instance mapping", () => {
  it("maps DescribeReplicationInstances output to the model", () => {
    const [sales, lift] = replicationInstancesFromApi(
      fixture("dms/DescribeReplicationInstances/default.json"),
    );

    expect(sales).toEqual({
      arn: "arn:aws:dms:eu-west-1:111122223333:rep:SALESRIXXXXXXXXXXXXXXXXXXX",
      identifier: "sales-ri",
      kmsKeyId: "arn:aws:kms:eu-west-1:111122223333:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
      publiclyAccessible: false,
      multiAz: true,
      autoMinorVersionUpgrade: true,
      vpcSecurityGroupIds: ["sg-0aaa1111bbbb2222c"],
      instanceClass: "dms.r5.large",
      engineVersion: "3.5.3",
      tags: undefined,
    });
    expect(lift?.vpcSecurityGroupIds).toEqual(["sg-0ccc3333dddd4444e", "sg-0aaa1111bbbb2222c"]);
  });

  it("maps an AWS::DMS::ReplicationInstance configuration item (CloudFormation names) to the same model", () => {
    const instance = kindAccess("dmsReplicationInstance").fromConfigurationItem?.(
      item("config/ConfigurationItem/replication-instance.json"),
    );

    expect(instance).toEqual({
      arn: "arn:aws:dms:eu-west-1:111122223333:rep:CFNRIXXXXXXXXXXXXXXXXXXXXX",
      identifier: "cfn-ri",
      kmsKeyId: undefined,
      publiclyAccessible: undefined,
      multiAz: false,
      autoMinorVersionUpgrade: true,
      vpcSecurityGroupIds: ["sg-0ccc3333dddd4444e"],
      instanceClass: "dms.t3.medium",
      engineVersion: "3.5.3",
      tags: { Project: "lift" },
    });
  });

  it("maps an AWS::DMS::Certificate configuration item (CertificateIdentifier, CertificatePem) to a certificate", () => {
    const certificate = kindAccess("dmsCertificate").fromConfigurationItem?.(
      item("config/ConfigurationItem/replication-instance.json", (raw) => {
        raw.resourceType = "AWS::DMS::Certificate";
        raw.ARN = "arn:aws:dms:eu-west-1:111122223333:cert:ROOTCAAAAAAAAAAAAAAAAAAAAA";
        raw.configuration = { CertificateIdentifier: "root-ca", CertificatePem: pem("root-ca.pem") };
      }),
    );

    expect(certificate).toMatchObject({
      arn: "arn:aws:dms:eu-west-1:111122223333:cert:ROOTCAAAAAAAAAAAAAAAAAAAAA",
      identifier: "root-ca",
      validTo: undefined,
      hasWallet: false,
    });
    expect(certificate?.pem).toContain("BEGIN CERTIFICATE");
  });

  it("names the field when a replication instance field has the wrong type", () => {
    const output = fixture<{ ReplicationInstances: Record<string, unknown>[] }>(
      "dms/DescribeReplicationInstances/default.json",
    );
    (output.ReplicationInstances[1] as Record<string, unknown>).VpcSecurityGroups = [{ Status: "active" }];

    expect(() => replicationInstancesFromApi(output)).toThrow(
      new MalformedInputError(
        "dms.DescribeReplicationInstances.ReplicationInstances[1].VpcSecurityGroups[0].VpcSecurityGroupId: expected a string, got undefined",
      ),
    );
  });

  it("maps a ListTagsForResource output and names a bad tag", () => {
    const arn = "arn:aws:dms:eu-west-1:111122223333:rep:SALESRIXXXXXXXXXXXXXXXXXXX";

    expect(
      tagsFromApi(
        { TagList: [{ Key: "Project", Value: "sales", ResourceArn: arn }, { Key: "Empty" }] },
        "tags",
      ),
    ).toEqual({ Project: "sales", Empty: "" });
    expect(() => tagsFromApi({ TagList: [{ Value: "x" }] }, "tags")).toThrow(
      "tags.TagList[0].Key: expected a string",
    );
  });
});

describe("EC2 security group mapping", () => {
  it("keeps only ingress open to 0.0.0.0/0 or ::/0, with protocol and ports", () => {
    const groups = securityGroupsFromApi(fixture("ec2/DescribeSecurityGroups/default.json"));

    expect(groups.map((g) => [g.groupId, g.openIngress])).toEqual([
      ["sg-0aaa1111bbbb2222c", []],
      [
        "sg-0ccc3333dddd4444e",
        [
          { cidr: "0.0.0.0/0", protocol: "tcp", fromPort: 3306, toPort: 3306 },
          { cidr: "::/0", protocol: "-1", fromPort: undefined, toPort: undefined },
        ],
      ],
      ["sg-0eee5555ffff6666a", [{ cidr: "::/0", protocol: "tcp", fromPort: 5432, toPort: 5432 }]],
    ]);
  });
});
