import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../packages/core/src/cli/main.js";
import { RULES } from "../../packages/core/src/rules/index.js";

/** The audit CLI on malformed snapshots: exit code 2 and one clear line (per rule at most), never a stack trace. */

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mg-malformed-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const good = {
  accountId: "123456789012",
  region: "us-east-1",
  capturedAt: "2026-11-01T00:00:00.000Z",
  services: {
    dms: {
      DescribeEndpoints: {
        Endpoints: [
          {
            EndpointArn: "arn:aws:dms:us-east-1:123456789012:endpoint:A",
            EndpointIdentifier: "a",
            EndpointType: "SOURCE",
            EngineName: "postgres",
            SslMode: "verify-full",
            CertificateArn: "arn:aws:dms:us-east-1:123456789012:cert:C",
          },
        ],
      },
      DescribeCertificates: { Certificates: [] },
    },
  },
};

async function audit(content: string | undefined, format = "table") {
  const file = join(dir, `s-${Math.random().toString(36).slice(2)}.json`);
  if (content !== undefined) await writeFile(file, content);
  let stdout = "";
  let stderr = "";
  const code = await main(["audit", "--snapshot", file, "--format", format], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
  });
  return { code, stdout, stderr, lines: stderr.split("\n").filter(Boolean) };
}

function expectClearFailure(r: Awaited<ReturnType<typeof audit>>, maxLines: number) {
  expect(r.code).toBe(2);
  expect(r.lines.length).toBeGreaterThanOrEqual(1);
  expect(r.lines.length).toBeLessThanOrEqual(maxLines);
  for (const line of r.lines) {
    expect(line).toMatch(/^migration-guard: /);
    expect(line).not.toMatch(/^\s+at |node_modules|TypeError|Cannot read prop/);
    expect(line.length).toBeLessThan(600);
  }
}

const withEndpoint = (patch: Record<string, unknown>) =>
  JSON.stringify({
    ...good,
    services: {
      dms: {
        ...good.services.dms,
        DescribeEndpoints: { Endpoints: [{ ...good.services.dms.DescribeEndpoints.Endpoints[0], ...patch }] },
      },
    },
  });

describe("audit CLI on malformed snapshots", () => {
  const topLevel: [string, string | undefined, RegExp][] = [
    ["a missing file", undefined, /cannot read snapshot .*ENOENT/],
    ["an empty file", "", /is not valid JSON/],
    ["truncated JSON", JSON.stringify(good).slice(0, 50), /is not valid JSON/],
    ["a JSON array", "[]", /snapshot: expected an object, got array/],
    [
      "a bad account id",
      JSON.stringify({ ...good, accountId: "12" }),
      /snapshot.accountId: expected a 12-digit/,
    ],
    [
      "a missing region",
      JSON.stringify({ ...good, region: undefined }),
      /snapshot.region: expected a string/,
    ],
    [
      "services as a string",
      JSON.stringify({ ...good, services: "dms" }),
      /snapshot.services: expected an object/,
    ],
    ["an invalid capture time", JSON.stringify({ ...good, capturedAt: "yesterday" }), /snapshot.capturedAt/],
  ];
  for (const [what, content, message] of topLevel) {
    it(`exits 2 with one line naming the problem for ${what}`, async () => {
      for (const format of ["table", "json"]) {
        const r = await audit(content, format);
        expectClearFailure(r, 1);
        expect(r.lines[0]).toMatch(message);
      }
    });
  }

  const fieldLevel: [string, string, RegExp][] = [
    [
      "Endpoints not a list",
      JSON.stringify({
        ...good,
        services: { dms: { ...good.services.dms, DescribeEndpoints: { Endpoints: {} } } },
      }),
      /DescribeEndpoints.Endpoints: expected an array/,
    ],
    [
      "a numeric EngineName",
      withEndpoint({ EngineName: 5 }),
      /Endpoints\[0\].EngineName: expected a string, got number/,
    ],
    [
      "a missing EndpointArn",
      withEndpoint({ EndpointArn: undefined }),
      /Endpoints\[0\].EndpointArn: expected a string/,
    ],
    [
      "a missing operation",
      JSON.stringify({ ...good, services: {} }),
      /snapshot has no services.dms.DescribeEndpoints/,
    ],
  ];
  for (const [what, content, message] of fieldLevel) {
    it(`exits 2 with one line per affected rule naming the field for ${what}`, async () => {
      const r = await audit(content);
      expectClearFailure(r, RULES.length);
      expect(r.stderr).toMatch(message);
    });
  }

  it("exits 0, 1 or 2, and when 2 with clear lines only, for 300 randomly corrupted snapshots", async () => {
    const text = JSON.stringify(good);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: text.length }), fc.string({ maxLength: 5 }), async (at, insert) => {
        const r = await audit(text.slice(0, at) + insert + text.slice(at + 1));
        expect([0, 1, 2]).toContain(r.code);
        if (r.code === 2) expectClearFailure(r, RULES.length);
      }),
      { numRuns: 300, seed: 6 },
    );
  });
});
