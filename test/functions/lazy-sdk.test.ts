import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

/**
 * The deployed bundles (as stacks/lambda.ts builds them: `@aws-sdk/*` external) import no AWS SDK
 * package at module load: every `@aws-sdk/*` import left in them is a dynamic `import()`, made when
 * a rule first calls the service (packages/core/src/aws/sdk.ts), so a cold start loads no client.
 */

const root = join(import.meta.dirname, "../..");

async function sdkImports(entry: string): Promise<{ path: string; kind: string }[]> {
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    target: "node22",
    format: "esm",
    external: ["@aws-sdk/*"],
    logLevel: "silent",
  });
  return Object.values(result.metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((i) => i.path.startsWith("@aws-sdk/"))
    .map(({ path, kind }) => ({ path, kind }));
}

describe("Lambda bundles", () => {
  it.each(["functions/evaluate.ts", "functions/notify.ts", "functions/trigger.ts"])(
    "returns only dynamic imports of @aws-sdk packages for %s",
    async (entry) => {
      const imports = await sdkImports(entry);
      expect(imports.length).toBeGreaterThan(0);
      expect(imports.filter((i) => i.kind !== "dynamic-import")).toEqual([]);
    },
  );

  it("returns a dynamic import for each client package the rules call", async () => {
    const paths = new Set((await sdkImports("functions/evaluate.ts")).map((i) => i.path));
    for (const pkg of ["config-service", "database-migration-service", "ec2", "iam", "kms", "mgn"])
      expect(paths).toContain(`@aws-sdk/client-${pkg}`);
  });
});
