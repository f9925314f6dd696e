import { rule } from "../packages/core/src/rules/migration-no-sensitive-data/index.js";
import { parseParameters } from "../packages/core/src/rules/params.js";
import { parsePemBundle } from "../packages/core/src/util/pem.js";
import { redactText } from "../packages/core/src/util/redact.js";
import { EMAIL, SECRET_ASSIGNMENT, URL_CREDENTIALS } from "../packages/core/src/util/sensitive.js";
import { endpoint } from "../test/support/dms-fixtures.js";

/**
 * `npx tsx bench/hostile-input.ts`: time of the sensitive-data patterns on 60,000-character
 * strings built to make them backtrack, before (the patterns as they were, copied here) and now
 * (util/sensitive.ts), and of the rule and of the capture redaction on one such field. Figures are
 * printed, not asserted (the tests assert behaviour: bounds, refusals).
 */

const BEFORE = {
  email: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g,
  url: /(?:[a-z][a-z0-9+.-]*:\/\/[^\s/@:]+:[^\s/@]+@)|(?:(?:^|[\s,;=])[^\s/@:,;=]+:[^\s/@,;=]+@[\w.-]+)/gi,
  secret: /(?:^|[^A-Za-z])(?:password|passwd|pwd|secret|token|api[_-]?key)\s*[=:]\s*[^\s;,&]+/gi,
};
const NOW = { email: EMAIL, url: URL_CREDENTIALS, secret: SECRET_ASSIGNMENT };

const N = 60_000;
const INPUTS: Record<string, string> = {
  "a × 60,000": "a".repeat(N),
  "'a.' × 30,000": "a.".repeat(N / 2),
  "'x@' + 'a-' × 30,000": `x@${"a-".repeat(N / 2)}`,
  "'x://a:' + a × 60,000": `x://a:${"a".repeat(N)}`,
  "a × 60,000 + '@'": `${"a".repeat(N)}@`,
};

function ms(run: () => unknown): string {
  const start = performance.now();
  run();
  return `${(performance.now() - start).toFixed(1)} ms`;
}

const rows: Record<string, string>[] = [];
for (const [name, text] of Object.entries(INPUTS)) {
  const row: Record<string, string> = { input: name };
  for (const key of ["email", "url", "secret"] as const) {
    row[`${key} before`] = ms(() => [...text.matchAll(BEFORE[key])]);
    row[`${key} now`] = ms(() => [...text.matchAll(NOW[key])]);
  }
  const resource = {
    resourceType: "AWS::DMS::Endpoint" as const,
    endpoint: endpoint("sales-pg-source", (raw) => {
      raw.ExtraConnectionAttributes = text;
    }),
  };
  const params = parseParameters(rule.name, rule.parameters, {});
  row["rule (tag + ECA)"] = ms(() =>
    rule.evaluate(resource, params, {
      now: new Date(),
      facts: { dmsTags: new Map([[resource.endpoint.arn, { Notes: text }]]) },
    }),
  );
  row["capture redaction"] = ms(() => redactText(text));
  rows.push(row);
}
console.table(rows);
console.log(
  `CertificatePem of 3,500 BEGIN lines without END: ${ms(() => parsePemBundle("-----BEGIN A-----".repeat(3_500)))}`,
);
