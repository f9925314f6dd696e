import { describe, expect, it } from "vitest";
import { main } from "../../packages/core/src/cli/main.js";

/** Usage errors of the audit across accounts: exit 2 with one clear line, before any AWS call. */
async function run(args: string[]): Promise<{ code: number; err: string; out: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["audit", ...args], {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    env: {},
    clients: () => {
      throw new Error("no AWS call expected for a usage error");
    },
  });
  return { code, err: err.join(""), out: out.join("") };
}

describe("audit across accounts: arguments", () => {
  it("returns 2 naming the value when an account id is not 12 digits", async () => {
    const { code, err } = await run(["--role-name", "mg", "--accounts", "111111111111,12345"]);
    expect(code).toBe(2);
    expect(err).toContain('--accounts: "12345" is not an AWS account id (12 digits)');
  });

  it("returns 2 when the role name is an ARN or has characters IAM does not allow", async () => {
    const arn = await run(["--role-name", "arn:aws:iam::111111111111:role/mg", "--accounts", "111111111111"]);
    expect(arn.code).toBe(2);
    expect(arn.err).toContain("--role-name: give the role name, not its ARN");
    const bad = await run(["--role-name", "mg role", "--accounts", "111111111111"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--role-name "mg role" is not an IAM role name');
  });

  it("returns 2 when --accounts or --organization comes without --role-name", async () => {
    expect((await run(["--accounts", "111111111111"])).err).toContain("--accounts needs --role-name");
    expect((await run(["--organization"])).err).toContain("--organization needs --role-name");
  });

  it("returns 2 when --role-name has no accounts, or both --accounts and --organization", async () => {
    expect((await run(["--role-name", "mg"])).err).toContain(
      "--role-name needs --accounts a,b or --organization",
    );
    const both = await run(["--role-name", "mg", "--accounts", "111111111111", "--organization"]);
    expect(both.code).toBe(2);
    expect(both.err).toContain("--accounts and --organization cannot be used together");
  });

  it("returns 2 when --snapshot or --capture is combined with --role-name", async () => {
    const { code, err } = await run(["--role-name", "mg", "--organization", "--snapshot", "x.json"]);
    expect(code).toBe(2);
    expect(err).toContain("--snapshot audits one account; it cannot be used with --role-name");
  });

  it("returns 2 when --concurrency is not a whole number from 1 to 32", async () => {
    for (const value of ["0", "33", "2.5", "many"]) {
      const { code, err } = await run(["--role-name", "mg", "--organization", "--concurrency", value]);
      expect(code).toBe(2);
      expect(err).toContain(`--concurrency ${JSON.stringify(value)}: expected a whole number from 1 to 32`);
    }
    expect((await run(["--concurrency", "2"])).err).toContain("--concurrency applies only with --role-name");
  });

  it("returns the single-account report without accountId on results when no --role-name is given", async () => {
    const { code, out } = await run([
      "--snapshot",
      "examples/sample-account.json",
      "--format",
      "json",
      "--exit-zero",
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(out) as {
      accountId: string;
      results: Record<string, unknown>[];
      accounts?: unknown;
    };
    expect(report.accountId).toMatch(/^\d{12}$/);
    expect(report.accounts).toBeUndefined();
    expect(report.results.length).toBeGreaterThan(0);
    for (const result of report.results) expect(result).not.toHaveProperty("accountId");
  });
});
