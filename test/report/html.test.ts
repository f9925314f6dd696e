import { describe, expect, it } from "vitest";
import { toHtml } from "../../packages/core/src/report/html.js";
import { evaluation, input } from "./build.js";

describe("html report", () => {
  it("returns every value HTML-escaped (a planted script tag and attribute breakout stay text)", () => {
    const html = toHtml(
      input([
        evaluation({
          resourceName: "<script>alert(1)</script>",
          annotation: '"><img src=x onerror=alert(2)>',
        }),
      ]),
    );
    expect(html).not.toContain("<script>alert(1)");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
  });

  it("returns a page that requests nothing from another host (no external URL in src/href, a CSP of default-src 'none')", () => {
    const html = toHtml(input([evaluation({ annotation: "see https://example.com/x" })]));
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  });

  it("returns the non-compliant results first with annotation, remediation and source sentence", () => {
    const html = toHtml(
      input([
        evaluation({ compliance: "COMPLIANT", resourceName: "good-one" }),
        evaluation({ resourceName: "bad-one" }),
      ]),
    );
    expect(html.indexOf("bad-one")).toBeLessThan(html.indexOf("good-one"));
    expect(html).toContain("Remediation:");
    expect(html).toContain("Not all SSL modes work with all database endpoints");
  });

  it("returns the counts by compliance and severity in the summary", () => {
    const html = toHtml(input([evaluation(), evaluation({ compliance: "COMPLIANT" })]));
    expect(html).toMatch(/<div class="card fail"><b>1<\/b>non-compliant/);
    expect(html).toMatch(/<b class="sev-high">1<\/b>high/);
  });
});
