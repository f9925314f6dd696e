import type { OpenIngress } from "../model/index.js";

/** Network wording shared by the rules that look at security groups. */

function portsText(rule: OpenIngress): string {
  if (rule.protocol === "-1") return "all traffic";
  if (rule.fromPort === undefined || rule.fromPort === rule.toPort)
    return `${rule.protocol} ${rule.fromPort ?? "all"}`;
  return `${rule.protocol} ${rule.fromPort}-${rule.toPort}`;
}

/** `tcp 1500 from 0.0.0.0/0` */
function describeIngress(rule: OpenIngress): string {
  return `${portsText(rule)} from ${rule.cidr}`;
}

export { describeIngress, portsText };
