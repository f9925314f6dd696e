import { describe, expect, it } from "vitest";
import type {
  KmsKey,
  MgnAccount,
  ReplicationSettings,
  SecurityGroup,
} from "../../../packages/core/src/model/index.js";
import { rule } from "../../../packages/core/src/rules/mgn-replication-settings/index.js";
import { parseParameters } from "../../../packages/core/src/rules/params.js";
import { NOW, server } from "../mgn-builders.js";

const CMK = "arn:aws:kms:us-east-1:123456789012:key/5b7e2a10-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
const AWS_KEY = "arn:aws:kms:us-east-1:123456789012:key/0a0a0a0a-1b1b-2c2c-3d3d-4e4e4e4e4e4e";
const DISABLED = "arn:aws:kms:us-east-1:123456789012:key/9f9f9f9f-8e8e-7d7d-6c6c-5b5b5b5b5b5b";

const kmsKeys = new Map<string, KmsKey | null>([
  [CMK, { keyId: "5b7e2a10", arn: CMK, keyManager: "CUSTOMER", keyState: "Enabled", enabled: true }],
  [AWS_KEY, { keyId: "0a0a0a0a", arn: AWS_KEY, keyManager: "AWS", keyState: "Enabled", enabled: true }],
  [
    DISABLED,
    { keyId: "9f9f9f9f", arn: DISABLED, keyManager: "CUSTOMER", keyState: "Disabled", enabled: false },
  ],
]);
const securityGroups = new Map<string, SecurityGroup>([
  ["sg-closed", { groupId: "sg-closed", groupName: "from-datacenter", openIngress: [] }],
  [
    "sg-open",
    {
      groupId: "sg-open",
      groupName: "open",
      openIngress: [{ cidr: "0.0.0.0/0", protocol: "tcp", fromPort: 1500, toPort: 1500 }],
    },
  ],
  [
    "sg-open6",
    {
      groupId: "sg-open6",
      groupName: "open6",
      openIngress: [{ cidr: "::/0", protocol: "tcp", fromPort: 1500, toPort: 1500 }],
    },
  ],
]);

function settings(over: Partial<ReplicationSettings> = {}): ReplicationSettings {
  return {
    label: "template rct-1",
    ebsEncryption: "CUSTOM",
    ebsEncryptionKeyArn: CMK,
    createPublicIp: false,
    dataPlaneRouting: "PRIVATE_IP",
    associateDefaultSecurityGroup: false,
    securityGroupIds: ["sg-closed"],
    ...over,
  };
}

function account(over: Partial<MgnAccount> = {}): MgnAccount {
  return {
    accountId: "123456789012",
    templates: [settings()],
    sourceServers: [],
    ebsEncryptionByDefault: true,
    ...over,
  };
}

function run(a: MgnAccount, raw: Record<string, unknown> = {}) {
  return rule.evaluate(a, parseParameters(rule.name, rule.parameters, raw), {
    now: NOW,
    facts: { kmsKeys, securityGroups: securityGroups },
  });
}

describe("mgn-replication-settings", () => {
  it("returns NOT_APPLICABLE when the region has no templates and no source servers", () => {
    expect(run(account({ templates: [] })).compliance).toBe("NOT_APPLICABLE");
  });

  it("returns COMPLIANT for a template with a customer managed key, private routing, no public IP, a closed group and EBS encryption by default", () => {
    const f = run(account());
    expect(f.compliance).toBe("COMPLIANT");
    expect(f.details).toEqual({
      ebsEncryptionByDefault: true,
      settings: [{ setting: "template rct-1", problems: [] }],
    });
  });

  it("returns NON_COMPLIANT for ebsEncryption DEFAULT, and COMPLIANT with requireCustomerManagedKey false", () => {
    const a = account({
      templates: [settings({ ebsEncryption: "DEFAULT", ebsEncryptionKeyArn: undefined })],
    });
    expect(run(a)).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringContaining("no customer managed EBS key on 1"),
    });
    expect(run(a, { requireCustomerManagedKey: "false" }).compliance).toBe("COMPLIANT");
  });

  it("returns NON_COMPLIANT for ebsEncryption CUSTOM with an AWS managed, missing or disabled key", () => {
    for (const [arn, text] of [
      [AWS_KEY, "is AWS managed"],
      ["arn:aws:kms:us-east-1:123456789012:key/missing", "does not exist"],
      [DISABLED, "is Disabled"],
    ] as const) {
      const f = run(account({ templates: [settings({ ebsEncryptionKeyArn: arn })] }));
      expect(f.compliance, arn).toBe("NON_COMPLIANT");
      expect(JSON.stringify(f.details), arn).toContain(text);
    }
  });

  it("returns NON_COMPLIANT for createPublicIP true or dataPlaneRouting PUBLIC_IP", () => {
    expect(run(account({ templates: [settings({ createPublicIp: true })] }))).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringContaining("public IP on 1"),
    });
    expect(run(account({ templates: [settings({ dataPlaneRouting: "PUBLIC_IP" })] }))).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringContaining("public data routing on 1"),
    });
  });

  it("returns NON_COMPLIANT when associateDefaultSecurityGroup is true", () => {
    const f = run(account({ templates: [settings({ associateDefaultSecurityGroup: true })] }));
    expect(f.compliance).toBe("NON_COMPLIANT");
    expect(JSON.stringify(f.details)).toContain("default replication-server security group");
  });

  it("returns NON_COMPLIANT for a security group open to 0.0.0.0/0 or ::/0, or one that does not exist", () => {
    for (const id of ["sg-open", "sg-open6", "sg-gone"]) {
      const f = run(account({ templates: [settings({ securityGroupIds: ["sg-closed", id] })] }));
      expect(f.compliance, id).toBe("NON_COMPLIANT");
      expect(f.annotation, id).toContain("internet-open security groups on 1");
    }
  });

  it("returns NON_COMPLIANT naming the source server whose replication configuration differs from the compliant template", () => {
    const s = server("s-1a2b3c4d5e6f70001", "READY_FOR_TEST");
    const f = run(
      account({
        sourceServers: [
          {
            server: s,
            replication: settings({
              label: "source server s-1a2b3c4d5e6f70001 (app-01)",
              createPublicIp: true,
            }),
          },
        ],
      }),
    );
    expect(f.compliance).toBe("NON_COMPLIANT");
    expect(f.annotation).toContain(
      "First: source server s-1a2b3c4d5e6f70001 (app-01): createPublicIP is true",
    );
  });

  it("returns NON_COMPLIANT when EC2 EBS encryption by default is off", () => {
    const f = run(account({ ebsEncryptionByDefault: false }));
    expect(f).toMatchObject({
      compliance: "NON_COMPLIANT",
      annotation: expect.stringContaining("EC2 EBS encryption by default is off"),
    });
  });

  it("summarises several failures in the annotation and lists each setting's problems in details", () => {
    const f = run(
      account({
        templates: [
          settings(),
          settings({
            label: "template rct-2",
            ebsEncryption: "NONE",
            createPublicIp: true,
            securityGroupIds: ["sg-open"],
          }),
        ],
        ebsEncryptionByDefault: false,
      }),
    );
    expect(f.annotation).toBe(
      "1 of 2 replication settings fail (2 templates, 0 source servers): no customer managed EBS key on 1; public IP on 1; internet-open security groups on 1; EC2 EBS encryption by default is off. First: template rct-2: EBS encryption is NONE",
    );
    expect(f.details).toEqual({
      ebsEncryptionByDefault: false,
      settings: [
        { setting: "template rct-1", problems: [] },
        {
          setting: "template rct-2",
          problems: [
            "EBS encryption is NONE",
            "createPublicIP is true",
            "security group sg-open allows tcp 1500 from 0.0.0.0/0",
          ],
        },
      ],
    });
  });

  it("references the customer keys and security groups to describe", () => {
    const refs = rule.references?.(
      account({
        templates: [settings(), settings({ ebsEncryption: "DEFAULT", securityGroupIds: ["sg-open"] })],
      }),
    );
    expect(refs).toEqual({ kmsKeys: [CMK, undefined], securityGroups: ["sg-closed", "sg-open"] });
  });
});
