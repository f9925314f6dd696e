import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/** The layering of docs/architecture.md, read from the source: data flows one way. */

const root = resolve(import.meta.dirname, "../..");
const core = join(root, "packages/core/src");

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The module specifiers a file imports or re-exports (static and dynamic). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gms),
    ...text.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
    ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
  ];
  return specifiers.map((m) => m[1] as string);
}

/** The folder under packages/core/src a relative import of `file` lands in (undefined for packages). */
function targetFolder(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  return relative(core, resolve(join(file, ".."), specifier)).split("/")[0];
}

describe("aws/", () => {
  const files = tsFiles(join(core, "aws"));

  it("reads its imports from every file of the folder", () => {
    expect(files.length).toBeGreaterThan(10);
    expect(importsOf(join(core, "aws/kinds.ts")).length).toBeGreaterThan(3);
  });

  it("imports neither rules/ nor config/", () => {
    const crossings = files.flatMap((file) =>
      importsOf(file)
        .filter((specifier) => ["rules", "config"].includes(targetFolder(file, specifier) ?? ""))
        .map((specifier) => `${relative(root, file)} imports ${specifier}`),
    );
    expect(crossings).toEqual([]);
  });
});

describe("source files", () => {
  /** The folders whose files stay short enough to read in one go (README, "Rules of the house"). */
  const folders = ["packages/core/src", "functions", "stacks", "scripts"];
  const MAX_LINES = 300;
  const files = folders.flatMap((folder) =>
    readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && /\.(ts|js|mjs|py)$/.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name)),
  );

  it(`are at most ${MAX_LINES} lines each`, () => {
    expect(files.length).toBeGreaterThan(50);
    const long = files
      .map((file) => ({
        file: relative(root, file),
        lines: readFileSync(file, "utf8").split("\n").length - 1,
      }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });
});
