import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { main } from "../../packages/core/src/cli/main.js";

/**
 * The HTML report as a person sees it: Debian's headless Chromium opens the page, runs its script and
 * takes a screenshot. Under CI=true the test must run (.ci/run installs chromium); elsewhere, without
 * Chromium, it is skipped with a notice so that `npm test` passes on a fresh machine.
 */

const run = promisify(execFile);
const SAMPLE = new URL("../../examples/sample-account.json", import.meta.url).pathname;
/** Debian's chromium, or the browser named by CHROMIUM. */
const CHROMIUM = (
  process.env.CHROMIUM ? [process.env.CHROMIUM] : ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
).find((p) => existsSync(p));
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--hide-scrollbars",
];

if (!CHROMIUM) {
  if (process.env.CI === "true")
    throw new Error("CI=true but chromium is not installed (.ci/run installs it)");
  console.warn(
    "html-chromium.test.ts skipped: chromium is not installed (apt-get install -y chromium to run it)",
  );
}

async function htmlReport(): Promise<string> {
  let stdout = "";
  await main(["audit", "--snapshot", SAMPLE, "--format", "html"], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: () => true },
    env: {},
  });
  const dir = mkdtempSync(join(tmpdir(), "mg-html-"));
  const file = join(dir, "report.html");
  writeFileSync(file, stdout);
  return file;
}

/** The DOM after the page's script ran. */
async function dumpDom(url: string): Promise<string> {
  const { stdout } = await run(CHROMIUM as string, [...FLAGS, "--dump-dom", url], {
    timeout: 90_000,
    maxBuffer: 32 * 1024 * 1024,
  });
  return stdout;
}

describe.skipIf(!CHROMIUM)("html report in headless Chromium", () => {
  it("shows the summary, the per-rule chart and every result, non-compliant first, once the script ran", async () => {
    const file = await htmlReport();
    const dom = await dumpDom(pathToFileURL(file).href);
    expect(dom).toContain("<h2>Summary</h2>");
    expect(dom).toContain("<h2>Results per rule</h2>");
    const rows = [...dom.matchAll(/<tr class="result" data-compliance="(\w+)"[^>]*?( hidden="")?>/g)];
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.some((r) => r[2])).toBe(false);
    const firstCompliant = rows.findIndex((r) => r[1] === "COMPLIANT");
    expect(rows.slice(0, firstCompliant).every((r) => r[1] === "NON_COMPLIANT")).toBe(true);
    expect(dom).toContain(`<span id="shown">${rows.length}</span>`);
  });

  it("shows only the rows the filters in the link select (non-compliant dms-endpoint-tls)", async () => {
    const file = await htmlReport();
    const dom = await dumpDom(`${pathToFileURL(file).href}#compliance=NON_COMPLIANT&rule=dms-endpoint-tls`);
    const visible = [
      ...dom.matchAll(
        /<tr class="result" data-compliance="(\w+)" data-severity="\w+" data-rule="([\w-]+)">/g,
      ),
    ];
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.every((r) => r[1] === "NON_COMPLIANT" && r[2] === "dms-endpoint-tls")).toBe(true);
    expect(dom).toContain(`<span id="shown">${visible.length}</span>`);
  });

  it("renders a screenshot of the page", async () => {
    const file = await htmlReport();
    const png = join(file, "..", "report.png");
    await run(
      CHROMIUM as string,
      [...FLAGS, "--window-size=1280,1400", `--screenshot=${png}`, pathToFileURL(file).href],
      {
        timeout: 90_000,
      },
    );
    const bytes = readFileSync(png);
    expect(bytes.subarray(1, 4).toString()).toBe("PNG");
    expect(bytes.readUInt32BE(16)).toBe(1280);
    expect(bytes.length).toBeGreaterThan(20_000);
    if (process.env.REPORT_SCREENSHOT) writeFileSync(process.env.REPORT_SCREENSHOT, bytes);
  });
});
