import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../packages/core/src/cli/main.js";

/**
 * Scale: an argument spread over results (`push(...all)`, `Math.max(...all)`) overflows the stack
 * past about 120,000 elements. An audit of a 200,000-endpoint snapshot completes and reports every
 * endpoint, in both output formats.
 */

const ENDPOINTS = 200_000;
let dir = "";

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function endpoint(i: number): Record<string, unknown> {
  const id = `ep-${String(i).padStart(6, "0")}`;
  return {
    EndpointIdentifier: id,
    EndpointArn: `arn:aws:dms:us-east-1:123456789012:endpoint:${id.toUpperCase()}`,
    EndpointType: i % 2 === 0 ? "SOURCE" : "TARGET",
    EngineName: "postgres",
    SslMode: i % 3 === 0 ? "none" : "require",
    ServerName: `${id}.db.example.net`,
  };
}

async function run(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
  });
  return { code, stdout, stderr };
}

describe("audit at scale", () => {
  it("reports every endpoint of a 200,000-endpoint snapshot, as JSON and as a table", async () => {
    dir = await mkdtemp(join(tmpdir(), "mg-scale-"));
    const file = join(dir, "large.json");
    const endpoints: Record<string, unknown>[] = [];
    for (let i = 0; i < ENDPOINTS; i++) endpoints.push(endpoint(i));
    await writeFile(
      file,
      JSON.stringify({
        accountId: "123456789012",
        region: "us-east-1",
        capturedAt: "2026-11-20T09:00:00Z",
        services: {
          dms: {
            DescribeEndpoints: { Endpoints: endpoints },
            DescribeCertificates: { Certificates: [] },
            DescribeInstanceProfiles: { InstanceProfiles: [] },
            DescribeDataProviders: { DataProviders: [] },
          },
        },
      }),
    );

    const json = await run(["audit", "--snapshot", file, "--rules", "dms-endpoint-tls", "--format", "json"]);
    expect(json.stderr).toBe("");
    expect(json.code).toBe(1);
    const results = (JSON.parse(json.stdout) as { results: { compliance: string; annotation: string }[] })
      .results;
    expect(results).toHaveLength(ENDPOINTS);
    const none = results.filter(
      (r) => r.compliance === "NON_COMPLIANT" && r.annotation.includes("SslMode none"),
    );
    expect(none).toHaveLength(Math.ceil(ENDPOINTS / 3));

    const table = await run(["audit", "--snapshot", file, "--rules", "dms-endpoint-tls"]);
    expect(table.stderr).toBe("");
    expect(table.stdout).toMatch(/Total: \d+ non-compliant, \d+ compliant/);
    expect(table.stdout.split("\n").filter((line) => line.includes("NON_COMPLIANT")).length).toBeGreaterThan(
      ENDPOINTS / 3,
    );
  }, 300_000);
});
