import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { RULES } from "@migration-guard/core";
import { describe, expect, it } from "vitest";
import { buildDeployed, type DeployedBundle } from "../../bench/deployed-build.js";
import { literalSchemaKeys, MAX_BUNDLE_BYTES, ruleSdkServices } from "../../stacks/sdk-bundling.js";

/**
 * The deployed bundles (built as stacks/lambda.ts builds them, bench/deployed-build.ts) carry the
 * SDK clients their function calls, each service's client a chunk reached only through a dynamic
 * `import()` (packages/core/src/aws/sdk.ts), never statically from the entry; the functions import
 * those chunks at init (preloadBundledSdk, checked in deployed-bundles.test.ts). Measured by `npm
 * run bench` (bench/results.json, functions[].options), the runtime's own `@aws-sdk/*` packages took
 * 1.5–4× as long to load as the bundled, tree-shaken clients, so none is left external.
 */

const root = join(import.meta.dirname, "../..");
const outRoot = join(root, "bench/.build/test-lazy-sdk");

/** Output files reached from the entry through static imports only (what module load evaluates). */
function staticallyLoaded(bundle: DeployedBundle): Set<string> {
  const outputs = bundle.metafile.outputs;
  const entry = relative(process.cwd(), bundle.entryFile);
  const seen = new Set<string>([entry]);
  const queue = [entry];
  for (let file = queue.pop(); file !== undefined; file = queue.pop())
    for (const i of outputs[file]?.imports ?? [])
      if (i.kind === "import-statement" && !i.external && !seen.has(i.path)) {
        seen.add(i.path);
        queue.push(i.path);
      }
  return seen;
}

const FUNCTIONS: {
  name: string;
  handler: string;
  environment: Record<string, string>;
  services: string[];
}[] = [
  ...RULES.map((rule) => ({
    name: rule.name,
    handler: "functions/evaluate.handler",
    environment: { RULE_NAME: rule.name },
    services: ruleSdkServices(rule),
  })),
  { name: "notify", handler: "functions/notify.handler", environment: {}, services: ["sns"] },
  { name: "trigger", handler: "functions/trigger.handler", environment: {}, services: ["config"] },
  {
    name: "remediate",
    handler: "functions/remediate.handler",
    environment: {
      REMEDIATION_SETTINGS: JSON.stringify({
        "mgn-agent-key-cleanup": { mode: "automatic" },
        "mgn-replication-settings": { mode: "manual", privateRouting: true },
      }),
    },
    // Each rule's services (a live re-evaluation), their remediations' (IAM, MGN), STS, SNS.
    services: ["config", "ec2", "iam", "kms", "mgn", "sns", "sts"],
  },
];

// Each test runs an esbuild build: a limit for a loaded machine, not a duration asserted.
describe("Lambda bundles", { timeout: 120_000 }, () => {
  it.each(FUNCTIONS)(
    "returns a bundle of $name that loads its SDK clients only by dynamic import",
    async (f) => {
      const bundle = await buildDeployed(f.handler, f.environment, join(outRoot, f.name));
      expect(Object.keys(bundle.serviceChunks).sort()).toEqual([...f.services].sort());
      const loaded = staticallyLoaded(bundle);
      for (const chunk of Object.values(bundle.serviceChunks))
        expect(loaded).not.toContain(relative(process.cwd(), chunk));
      const external = Object.values(bundle.metafile.outputs).flatMap((o) =>
        o.imports.filter((i) => i.external),
      );
      // Every SDK client is bundled: none is left to the runtime's packages.
      expect(external.map((i) => i.path).filter((p) => p.startsWith("@aws-sdk/"))).toEqual([]);
      expect(bundle.bytes).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
      // zod's locales other than English stay out (stacks/sdk-bundling.ts zodEnglishOnly): 266 KB.
      const inputs = Object.values(bundle.metafile.outputs).flatMap((o) => Object.keys(o.inputs));
      const locales = inputs
        .filter((i) => /zod\/v4\/locales\/[^/]+\.js$/.test(i))
        .map((i) => i.split("/").pop());
      expect([...new Set(locales)].sort()).toEqual(["en.js", "index.js"]);
    },
  );

  it("returns an EC2 chunk with only the schemas of the operations the code calls", async () => {
    const bundle = await buildDeployed(
      "functions/evaluate.handler",
      { RULE_NAME: "dms-replication-instance-not-public" },
      join(outRoot, "ec2-schemas"),
    );
    const chunk = Object.entries(bundle.metafile.outputs).find(([file]) =>
      bundle.serviceChunks.ec2?.endsWith(file),
    )?.[1];
    const schemas = Object.entries(chunk?.inputs ?? {}).find(([input]) =>
      input.endsWith("client-ec2/dist-es/schemas/schemas_0.js"),
    )?.[1];
    // Without sdkSchemaLiteralKeys every one of EC2's shapes stays: 552 KB of the module's 1.3 MB.
    expect(schemas?.bytesInOutput).toBeGreaterThan(0);
    expect(schemas?.bytesInOutput).toBeLessThan(20_000);
    const text = await readFile(bundle.serviceChunks.ec2 as string, "utf8");
    expect(text).toContain("DescribeSecurityGroups");
    expect(text).toContain("GetEbsEncryptionByDefault");
    expect(text).not.toContain("RunInstances");
  });

  it("writes a schema module's computed keys over its own string constants as the strings they are", () => {
    const module = [
      'const _xN = "xmlName";',
      'const _q = "say \\"hi\\"";',
      "let _other = 1;",
      "export var A$ = [3, n0, _A, 0, [_M], [[1, { [_xN]: _m, [_q]: 1, [_other]: 2, [_unknown]: 3 }]]];",
    ].join("\n");
    const literal = literalSchemaKeys(module);
    expect(literal).toContain('{ "xmlName": _m, "say \\"hi\\"": 1, [_other]: 2, [_unknown]: 3 }');
    // The same values: evaluated, both modules declare the same object.
    const evaluate = (text: string) =>
      new Function("n0", "_A", "_M", "_m", "_unknown", `${text.replaceAll("export var", "var")}; return A$;`)(
        "ns",
        "a",
        "m",
        "v",
        "u",
      );
    expect(evaluate(literal)).toEqual(evaluate(module));
  });

  it("returns a bundle for organization mode that carries STS, which assumes the member role", async () => {
    const bundle = await buildDeployed(
      "functions/evaluate.handler",
      { RULE_NAME: "dms-endpoint-tls", MEMBER_ROLE_NAME: "member" },
      join(outRoot, "organization"),
    );
    expect(Object.keys(bundle.serviceChunks).sort()).toEqual(["config", "dms", "sts"]);
  });

  it("returns a trigger bundle for organization mode that carries STS, which assumes the member role", async () => {
    const bundle = await buildDeployed(
      "functions/trigger.handler",
      { MEMBER_ROLE_NAME: "member" },
      join(outRoot, "organization-trigger"),
    );
    expect(Object.keys(bundle.serviceChunks).sort()).toEqual(["config", "sts"]);
  });
});
