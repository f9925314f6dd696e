import type { MgnSourceServer } from "../../model/index.js";
import { activeAgentKeys, agentParameters, daysBetween, keyName } from "../mgn-agent.js";
import { param } from "../params.js";
import { defineRule } from "../types.js";

/**
 * mgn-agent-key-cleanup — no MGN agent access key is left behind once the migration is over.
 *
 * Source: docs/seeds/mgn-infrastructure-security.txt: "customers must ensure that they manually delete
 * their access keys after installing the AWS Replication Agent and successful migration. AWS does
 * not delete these keys automatically."
 *
 * The migration is over in this account and region when every MGN source server is finished
 * (lifeCycle.state CUTOVER or DISCONNECTED, or archived), or when there is no source server at
 * all. IAM is global but MGN is regional: deploy this rule in the region where MGN is used.
 *
 * Scenarios: `scenarios` in the metadata below (one test each; `migration-guard explain` prints them).
 */

const FINISHED_STATES = new Set(["CUTOVER", "DISCONNECTED"]);

function isFinished(server: MgnSourceServer): boolean {
  return server.isArchived || FINISHED_STATES.has(server.state ?? "");
}

function finishedSummary(servers: readonly MgnSourceServer[]): string {
  const count = (p: (s: MgnSourceServer) => boolean) => servers.filter(p).length;
  const archived = count((s) => s.isArchived);
  const cutover = count((s) => !s.isArchived && s.state === "CUTOVER");
  const disconnected = count((s) => !s.isArchived && s.state === "DISCONNECTED");
  const parts = [
    cutover ? `${cutover} cut over` : "",
    disconnected ? `${disconnected} disconnected` : "",
    archived ? `${archived} archived` : "",
  ].filter(Boolean);
  return `all ${servers.length} MGN source server${servers.length === 1 ? " is" : "s are"} finished (${parts.join(", ")})`;
}

const rule = defineRule({
  name: "mgn-agent-key-cleanup",
  description:
    "MGN agent users have no active access key once every MGN source server in the region is cut over, disconnected or archived",
  resourceKind: "iamUser",
  triggers: { configurationChange: false, periodic: "TwentyFour_Hours" },
  parameters: {
    gracePeriodDays: param.integer(
      1,
      0,
      365,
      "Days a key may exist while the region has no source server yet (agent installation in progress)",
    ),
    ...agentParameters,
  },
  facts: ["iamGroups", "iamAccessKeys", "mgnSourceServers"],
  severity: "high",
  remediation:
    "Delete the MGN agent user's access keys (or the user) now that the migration is finished; AWS does not delete them",
  source: {
    document: "mgn-infrastructure-security.txt",
    text: "AWS Application Migration Service customers must ensure that they manually delete their access keys after installing the AWS Replication Agent and successful migration. AWS does not delete these keys automatically.",
  },
  scenarios: [
    "Given a user that is not an MGN agent user, Then NOT_APPLICABLE.",
    "Given an agent user with no active key, Then COMPLIANT.",
    "Given an agent user with an active key while a source server is still replicating, Then COMPLIANT saying how many are not finished.",
    "Given an agent user with an active key and every source server cut over, disconnected or archived, Then NON_COMPLIANT naming the key and the counts.",
    "Given an agent user with an active key older than gracePeriodDays and no source servers, Then NON_COMPLIANT.",
    "Given an agent user with an active key younger than gracePeriodDays and no source servers, Then COMPLIANT (installation in progress).",
    "Given an agent user created after the credential report, Then COMPLIANT until the next run.",
  ],
  evaluate(user, params, { now, facts }) {
    const start = activeAgentKeys(user, params, facts);
    if ("finding" in start) return start.finding;
    const { active } = start;
    const keys = active.map(keyName).join(", ");
    const servers = facts.mgnSourceServers;
    if (servers.length === 0) {
      const old = active.filter(
        (k) => !k.createdAt || daysBetween(k.createdAt, now) > params.gracePeriodDays,
      );
      if (old.length === 0)
        return {
          compliance: "COMPLIANT",
          annotation: `no MGN source servers yet; ${keys} is within the ${params.gracePeriodDays}-day grace period for an installation`,
        };
      return {
        compliance: "NON_COMPLIANT",
        annotation: `no MGN source servers in this region; delete ${old.map(keyName).join(", ")}`,
      };
    }
    const open = servers.filter((s) => !isFinished(s));
    if (open.length > 0)
      return {
        compliance: "COMPLIANT",
        annotation: `migration in progress: ${open.length} of ${servers.length} MGN source servers not finished; delete ${keys} after cutover`,
      };
    return {
      compliance: "NON_COMPLIANT",
      annotation: `${finishedSummary(servers)}; delete ${keys}`,
    };
  },
});

export { isFinished, rule };
