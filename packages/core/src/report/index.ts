import { toAsff } from "./asff.js";
import { toCsv } from "./csv.js";
import { toHtml } from "./html.js";
import { toOcsf } from "./ocsf.js";
import type { ExportInput } from "./results.js";

/** The export formats of `migration-guard audit` (beside table and json), by name. */
const EXPORT_FORMATS = { csv: toCsv, ocsf: toOcsf, asff: toAsff, html: toHtml } as const;

type ExportFormat = keyof typeof EXPORT_FORMATS;

function isExportFormat(format: string): format is ExportFormat {
  return Object.hasOwn(EXPORT_FORMATS, format);
}

function renderExport(format: ExportFormat, input: ExportInput): string {
  return EXPORT_FORMATS[format](input);
}

export type { ExportFormat };
export { EXPORT_FORMATS, isExportFormat, renderExport };
