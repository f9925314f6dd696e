import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AwsClients } from "../../packages/core/src/aws/clients.js";
import { handleConfigRuleEvent } from "../../packages/core/src/config/handler.js";
import { rule } from "../../packages/core/src/rules/mgn-agent-key-rotation/index.js";
import { generateAccount } from "../support/aws/dataset.js";
import { FakeAws } from "../support/aws/server.js";

/**
 * Report what matters, through the Lambda's code path against the local AWS-compatible server: a
 * periodic run of an agent-key rule reports the agent users (the rule's verdicts) and not the
 * other users (NOT_APPLICABLE without a result in AWS Config), and retires each result AWS Config
 * holds for a user that is no agent or no longer exists, once.
 */

const account = generateAccount({ users: 100, endpoints: 20, agentShare: 0.2, seed: 3 });
const server = new FakeAws(account);
const TYPE = "AWS::IAM::User";
const key = (id: string) => `${TYPE}\u0000${id}`;

function scheduled(configRuleName: string) {
  return {
    version: "1.0",
    invokingEvent: JSON.stringify({
      messageType: "ScheduledNotification",
      notificationCreationTime: "2026-11-01T00:00:00.000Z",
    }),
    ruleParameters: "{}",
    resultToken: configRuleName,
    eventLeftScope: false,
    configRuleName,
    accountId: account.accountId,
  };
}

function run(token: string) {
  process.env.AWS_ENDPOINT_URL = server.endpoint;
  return handleConfigRuleEvent(rule, scheduled(token), {
    clients: new AwsClients({
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDREPORT", secretAccessKey: "report-secret" },
    }),
    sleep: async () => {},
    deltaReporting: { enabled: false, maxAgeDays: 7 },
  });
}

beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
  delete process.env.AWS_ENDPOINT_URL;
});

describe("a periodic run of mgn-agent-key-rotation", () => {
  it("reports every agent user once, no other user, and retires held results of non-agents and gone users once", async () => {
    // Prepare: AWS Config holds a COMPLIANT result for a user that is no agent, and one for a deleted user.
    const agents = account.users.filter((u) => u.agent).map((u) => u.UserId);
    const other = account.users.find((u) => !u.agent)?.UserId ?? "";
    expect(agents.length).toBeGreaterThan(0);
    expect(agents.length).toBeLessThan(account.users.length);
    const token = "rotation-report";
    server.seedReported(token, [
      { resourceType: TYPE, resourceId: other, compliance: "COMPLIANT", annotation: "earlier" },
      { resourceType: TYPE, resourceId: "AIDAGONEUSER", compliance: "NON_COMPLIANT", annotation: "earlier" },
    ]);

    // Act
    const first = await run(token);
    const firstAccepted = server.acceptedFor(token);
    server.resetCounters();
    const second = await run(token);
    const secondAccepted = server.acceptedFor(token);

    // Assess
    expect(firstAccepted.duplicates).toEqual([]);
    expect(firstAccepted.resources).toEqual(new Set([...agents, other, "AIDAGONEUSER"].map(key)));
    expect(first.byCompliance.NOT_APPLICABLE).toBe(2);
    expect(secondAccepted.resources).toEqual(new Set(agents.map(key)));
    expect(second.byCompliance.NOT_APPLICABLE).toBe(0);
    expect(second.evaluations).toBe(agents.length);
  });
});
