import { describe, expect, it } from "vitest";
import { rule } from "../../../packages/core/src/rules/dms-replication-instance-not-public/index.js";
import { parseParameters } from "../../../packages/core/src/rules/params.js";
import { replicationInstance, securityGroups } from "../../support/dms-fixtures.js";
import { instanceProfile } from "../../support/dms-serverless-fixtures.js";

const now = new Date("2026-11-20T09:00:00Z");
const defaults = parseParameters(rule.name, rule.parameters, {});
const facts = { securityGroups: securityGroups() };

describe("dms-replication-instance-not-public", () => {
  it("returns COMPLIANT for a private instance", () => {
    const finding = rule.evaluate(replicationInstance("sales-ri"), defaults, { now, facts });

    expect(finding.compliance).toBe("COMPLIANT");
    expect(finding.annotation).toBe("not publicly accessible");
  });

  it("returns NON_COMPLIANT for a publicly accessible instance whose security groups allow no ingress from anywhere", () => {
    const ri = replicationInstance("lift-ri", (raw) => {
      raw.VpcSecurityGroups = [{ VpcSecurityGroupId: "sg-0aaa1111bbbb2222c", Status: "active" }];
    });

    const finding = rule.evaluate(ri, defaults, { now, facts });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toBe(
      "publicly accessible; recreate it with PubliclyAccessible false in private subnets",
    );
    expect(finding.details).toMatchObject({ severity: "high" });
  });

  it("returns NON_COMPLIANT saying it is reachable from the internet when a security group allows 0.0.0.0/0", () => {
    const finding = rule.evaluate(replicationInstance("lift-ri"), defaults, { now, facts });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toContain(
      "reachable from the internet: security group sg-0ccc3333dddd4444e (tcp 3306 from 0.0.0.0/0)",
    );
    expect(finding.details).toMatchObject({ severity: "critical" });
  });

  it("returns NON_COMPLIANT the same way when a security group allows ::/0", () => {
    const ri = replicationInstance("lift-ri", (raw) => {
      raw.VpcSecurityGroups = [{ VpcSecurityGroupId: "sg-0eee5555ffff6666a", Status: "active" }];
    });

    const finding = rule.evaluate(ri, defaults, { now, facts });

    expect(finding.annotation).toContain("sg-0eee5555ffff6666a (tcp 5432 from ::/0)");
    expect(finding.details).toMatchObject({ severity: "critical" });
  });

  it("returns NON_COMPLIANT when a configuration item lacks PubliclyAccessible: DMS defaults it to true", () => {
    const ri = replicationInstance("sales-ri", (raw) => {
      delete raw.PubliclyAccessible;
    });

    const finding = rule.evaluate(ri, defaults, { now, facts });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toContain("publicly accessible (DMS default)");
  });

  it("returns COMPLIANT with a note to narrow the group for a private instance whose security group is open", () => {
    const ri = replicationInstance("lift-ri", (raw) => {
      raw.PubliclyAccessible = false;
    });

    const finding = rule.evaluate(ri, defaults, { now, facts });

    expect(finding.compliance).toBe("COMPLIANT");
    expect(finding.annotation).toContain(
      "sg-0ccc3333dddd4444e (tcp 3306 from 0.0.0.0/0) is still open: narrow it",
    );
  });

  it("returns NON_COMPLIANT for a Single-AZ private instance when requireMultiAz is true (Security Hub DMS.13)", () => {
    const ri = replicationInstance("sales-ri", (raw) => {
      raw.MultiAZ = false;
    });
    const params = parseParameters(rule.name, rule.parameters, { requireMultiAz: "true" });

    expect(rule.evaluate(ri, defaults, { now, facts }).compliance).toBe("COMPLIANT");
    const finding = rule.evaluate(ri, params, { now, facts });
    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toBe("not Multi-AZ (DMS.13): modify it with MultiAZ true");
  });

  it("returns NON_COMPLIANT when requireAutoMinorVersionUpgrade is true and AutoMinorVersionUpgrade is false (Security Hub DMS.6)", () => {
    const ri = replicationInstance("sales-ri", (raw) => {
      raw.AutoMinorVersionUpgrade = false;
    });
    const params = parseParameters(rule.name, rule.parameters, { requireAutoMinorVersionUpgrade: "true" });

    const finding = rule.evaluate(ri, params, { now, facts });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toBe("AutoMinorVersionUpgrade is off (DMS.6): enable it");
  });

  it("returns COMPLIANT for a Schema Conversion instance profile with PubliclyAccessible false (Multi-AZ and minor version checks do not apply)", () => {
    const strict = parseParameters(rule.name, rule.parameters, {
      requireMultiAz: "true",
      requireAutoMinorVersionUpgrade: "true",
    });

    const finding = rule.evaluate(instanceProfile("sc-private"), strict, { now, facts });

    expect(finding.compliance).toBe("COMPLIANT");
    expect(finding.annotation).toBe("not publicly accessible");
  });

  it("returns NON_COMPLIANT for an instance profile without PubliclyAccessible (default true), advising ModifyInstanceProfile", () => {
    const finding = rule.evaluate(instanceProfile("sc-defaults"), defaults, { now, facts });

    expect(finding.compliance).toBe("NON_COMPLIANT");
    expect(finding.annotation).toBe(
      "publicly accessible (DMS default); set PubliclyAccessible false with ModifyInstanceProfile",
    );
  });
});
