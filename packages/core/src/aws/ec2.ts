import type { OpenIngress, SecurityGroup } from "../model/index.js";
import { list, optList, optNum, optStr, record, str } from "../util/read.js";

/** EC2 DescribeSecurityGroups → security groups, keeping the ingress rules open to any address. */

const ANY_ADDRESS = new Set(["0.0.0.0/0", "::/0"]);

function openIngressOf(raw: Record<string, unknown>, path: string): OpenIngress[] {
  const open: OpenIngress[] = [];
  optList(raw.IpPermissions, `${path}.IpPermissions`).forEach((item, i) => {
    const p = `${path}.IpPermissions[${i}]`;
    const permission = record(item, p);
    const protocol = optStr(permission.IpProtocol, `${p}.IpProtocol`) ?? "-1";
    const fromPort = optNum(permission.FromPort, `${p}.FromPort`);
    const toPort = optNum(permission.ToPort, `${p}.ToPort`);
    const cidrs = [
      ...optList(permission.IpRanges, `${p}.IpRanges`).map((r, j) =>
        optStr(record(r, `${p}.IpRanges[${j}]`).CidrIp, `${p}.IpRanges[${j}].CidrIp`),
      ),
      ...optList(permission.Ipv6Ranges, `${p}.Ipv6Ranges`).map((r, j) =>
        optStr(record(r, `${p}.Ipv6Ranges[${j}]`).CidrIpv6, `${p}.Ipv6Ranges[${j}].CidrIpv6`),
      ),
    ];
    for (const cidr of cidrs) {
      if (cidr && ANY_ADDRESS.has(cidr)) open.push({ cidr, protocol, fromPort, toPort });
    }
  });
  return open;
}

function securityGroupsFromApi(output: unknown): SecurityGroup[] {
  const path = "ec2.DescribeSecurityGroups";
  const items = list(record(output, path).SecurityGroups ?? [], `${path}.SecurityGroups`);
  return items.map((item, i) => {
    const p = `${path}.SecurityGroups[${i}]`;
    const raw = record(item, p);
    const groupId = str(raw.GroupId, `${p}.GroupId`);
    return {
      groupId,
      groupName: optStr(raw.GroupName, `${p}.GroupName`) ?? groupId,
      openIngress: openIngressOf(raw, p),
    };
  });
}

export { securityGroupsFromApi };
