import type { SecurityGroup } from "../model/index.js";
import { describeSecurityGroups } from "./schemas/ec2.js";
import { parseAt } from "./schemas/parse.js";

/** EC2 DescribeSecurityGroups → security groups, keeping the ingress rules open to any address. */
function securityGroupsFromApi(output: unknown): SecurityGroup[] {
  return parseAt(describeSecurityGroups, output, "ec2.DescribeSecurityGroups").SecurityGroups;
}

export { securityGroupsFromApi };
