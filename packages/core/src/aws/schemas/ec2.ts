import * as z from "zod";
import { mapped, optArray, optBoolean, optNumber, optString } from "./parse.js";

/** EC2 API outputs: DescribeSecurityGroups and GetEbsEncryptionByDefault. */

const ANY_ADDRESS = new Set(["0.0.0.0/0", "::/0"]);

/** One IpPermission → its ingress entries open to any address (`0.0.0.0/0` or `::/0`). */
const ipPermission = mapped(
  z.object({
    /** `-1` for all protocols. */
    IpProtocol: optString,
    FromPort: optNumber,
    ToPort: optNumber,
    IpRanges: optArray(z.object({ CidrIp: optString })),
    Ipv6Ranges: optArray(z.object({ CidrIpv6: optString })),
  }),
  (p) => {
    const protocol = p.IpProtocol ?? "-1";
    const cidrs = [...p.IpRanges.map((r) => r.CidrIp), ...p.Ipv6Ranges.map((r) => r.CidrIpv6)];
    return cidrs
      .filter((cidr): cidr is string => cidr !== undefined && ANY_ADDRESS.has(cidr))
      .map((cidr) => ({ cidr, protocol, fromPort: p.FromPort, toPort: p.ToPort }));
  },
);

/** DescribeSecurityGroups output (merged pages): each group reduced to what the rules need. */
const describeSecurityGroups = z.object({
  SecurityGroups: optArray(
    mapped(
      z.object({ GroupId: z.string(), GroupName: optString, IpPermissions: optArray(ipPermission) }),
      (g) => ({
        groupId: g.GroupId,
        groupName: g.GroupName ?? g.GroupId,
        openIngress: g.IpPermissions.flat(),
      }),
    ),
  ),
});

/** GetEbsEncryptionByDefault output; absent means not enabled. */
const getEbsEncryptionByDefault = mapped(
  z.object({ EbsEncryptionByDefault: optBoolean }),
  (o) => o.EbsEncryptionByDefault ?? false,
);

type SecurityGroup = z.output<typeof describeSecurityGroups>["SecurityGroups"][number];
type OpenIngress = SecurityGroup["openIngress"][number];

export type { OpenIngress, SecurityGroup };
export { describeSecurityGroups, getEbsEncryptionByDefault, ipPermission };
