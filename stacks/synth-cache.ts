import { createHash, randomUUID } from "node:crypto";
import { cp, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { useRuntimeHandlers } from "sst/runtime/handlers.js";

/**
 * Function builds reused across syntheses: SST builds every function of every synthesis (esbuild,
 * then `npm install` in the output directory), although functions with the same handler and
 * bundling props get the same bundle (a rule's environment is not part of it). When
 * MIGRATION_GUARD_SYNTH_CACHE names a directory (the test run sets one, test/setup/synth-cache.ts,
 * fresh for each run), the first build of a handler and its `nodejs` props is kept there and later
 * ones copy it: same files, so the same asset hash in the template. Not used by `npm run synth`.
 */

interface BuildInput {
  functionID: string;
  out: string;
  mode: string;
  props: { handler: string; runtime?: string; architecture?: string; nodejs?: unknown };
}
type BuildResult = { type: string } & Record<string, unknown>;
interface NodeHandler {
  build(input: BuildInput): Promise<BuildResult>;
}

const wrapped = new WeakSet<object>();

/** What decides a function's bundle: its handler, runtime, architecture and `nodejs` props (plugins by name). */
function buildKey(props: BuildInput["props"]): string {
  const text = JSON.stringify([props.handler, props.runtime, props.architecture, props.nodejs ?? {}]);
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

/**
 * A build whose output can be copied to another function: a success without a source map (SST
 * reads, uploads and deletes a source map by the path the build returns, in the first function's
 * output directory).
 */
function reusable(result: BuildResult): boolean {
  return result.type === "success" && result.sourcemap === undefined;
}

function reuseFunctionBuilds(dir: string): void {
  const node = useRuntimeHandlers().for("nodejs22.x") as unknown as NodeHandler;
  if (wrapped.has(node)) return;
  wrapped.add(node);
  const build = node.build.bind(node);
  // Builds of one key in this process: functions of one synthesis build concurrently.
  const pending = new Map<string, Promise<BuildResult>>();
  node.build = async (input) => {
    if (input.mode !== "deploy") return build(input);
    const key = buildKey(input.props);
    const first = pending.get(key);
    if (first) {
      const result = await first;
      if (!reusable(result)) return build(input);
      await cp(join(dir, key, "out"), input.out, { recursive: true });
      return result;
    }
    const running = buildOnce(input, join(dir, key));
    pending.set(key, running);
    return running;
  };

  async function buildOnce(input: BuildInput, entry: string): Promise<BuildResult> {
    try {
      const result = JSON.parse(await readFile(join(entry, "result.json"), "utf8")) as BuildResult;
      await cp(join(entry, "out"), input.out, { recursive: true });
      return result;
    } catch {
      // Not built yet in this run.
    }
    const result = await build(input);
    if (!reusable(result)) return result;
    // Written aside, then renamed into place: a concurrent worker sees a whole entry or none.
    const staging = `${entry}.${randomUUID()}`;
    await mkdir(staging, { recursive: true });
    await cp(input.out, join(staging, "out"), { recursive: true });
    await writeFile(join(staging, "result.json"), JSON.stringify(result));
    await rename(staging, entry).catch(() => rm(staging, { recursive: true, force: true }));
    return result;
  }
}

export { buildKey, reuseFunctionBuilds };
