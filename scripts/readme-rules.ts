import { readFileSync, writeFileSync } from "node:fs";
import { replaceRuleTable } from "../packages/core/src/docs/rule-table.js";
import { RULES } from "../packages/core/src/rules/index.js";

// Regenerates the rule table in README.md from the registry (`npm run readme`).
const path = new URL("../README.md", import.meta.url);
const before = readFileSync(path, "utf8");
const after = replaceRuleTable(before, RULES);
if (after !== before) writeFileSync(path, after);
process.stdout.write(
  after === before ? "README.md rule table is up to date\n" : "README.md rule table updated\n",
);
