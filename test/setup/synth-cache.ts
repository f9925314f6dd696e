import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Global setup: a directory, fresh for this run, where stacks/synth-cache.ts keeps each distinct
 * function build, so the stack tests' many syntheses bundle each function once per run.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "migration-guard-builds-"));
  process.env.MIGRATION_GUARD_SYNTH_CACHE = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
