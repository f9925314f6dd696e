import type { GetCredentialReportCommandOutput } from "@aws-sdk/client-iam";
import type { AwsClients, ServiceHandle } from "./clients.js";

/**
 * GetCredentialReport with the report taken out of the raw HTTP response before the SDK parses
 * it. The report is one base64 text node (~2.9 MB for 10,000 users), and the SDK's XML parser
 * (@aws-sdk/xml-builder) builds every text node one character at a time: V8 keeps each `+=` as a
 * rope node, so that one node cost ~3 million of them (~100 MB of heap) before it was flattened,
 * which put the IAM rules' functions over their memory target. A middleware inside the SDK's
 * deserializer cuts the base64 text out of the response bytes and decodes it, and the SDK parses
 * the rest (`<Content></Content>`). Same single API call; a response without a `<Content>`
 * element (or a mocked client) is left to the SDK as before.
 */

const OPEN = "<Content>";
const CLOSE = "</Content>";

/** Read a response body (a Node.js stream, or bytes already) into one buffer. */
async function bodyBytes(body: unknown): Promise<Buffer | undefined> {
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body === null || typeof body !== "object" || !(Symbol.asyncIterator in body)) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

interface CredentialReport {
  GeneratedTime: Date | undefined;
  ReportFormat: string | undefined;
  /** The report as CSV text. */
  Content: string;
}

async function getCredentialReport(iam: ServiceHandle<"iam">): Promise<CredentialReport> {
  const { client, sdk } = iam;
  const command = new sdk.GetCredentialReportCommand({});
  let content: string | undefined;
  command.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; body?: unknown };
      if (response.statusCode !== 200) return result;
      const bytes = await bodyBytes(response.body);
      if (!bytes) return result;
      const start = bytes.indexOf(OPEN);
      const end = start < 0 ? -1 : bytes.indexOf(CLOSE, start + OPEN.length);
      if (end < 0) {
        response.body = bytes;
        return result;
      }
      const base64 = bytes.toString("latin1", start + OPEN.length, end);
      content = Buffer.from(base64, "base64").toString("utf8");
      response.body = Buffer.concat([bytes.subarray(0, start + OPEN.length), bytes.subarray(end)]);
      return result;
    },
    // Low priority in the deserialize step: inside the SDK's deserializer, so this sees the raw response first.
    { step: "deserialize", priority: "low", name: "migrationGuardCredentialReportContent" },
  );
  const report: GetCredentialReportCommandOutput = await client.send(command);
  return {
    GeneratedTime: report.GeneratedTime,
    ReportFormat: report.ReportFormat,
    Content: content ?? (report.Content ? Buffer.from(report.Content).toString("utf8") : ""),
  };
}

/** How often and how long to wait for GenerateCredentialReport to complete. */
const CREDENTIAL_REPORT_POLL = { attempts: 20, firstDelayMs: 500, maxDelayMs: 5000 };

/**
 * The IAM credential report: GenerateCredentialReport (a no-op returning COMPLETE while a report
 * younger than 4 hours exists; otherwise polled until COMPLETE), then GetCredentialReport. Output
 * `{ GeneratedTime, ReportFormat, Content }` with Content decoded to the CSV text (the report
 * holds key dates and states, never key ids or secrets).
 */
async function generatedCredentialReport(clients: AwsClients): Promise<CredentialReport> {
  const { client, sdk } = await clients.use("iam");
  let delay = CREDENTIAL_REPORT_POLL.firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    const generated = await client.send(new sdk.GenerateCredentialReportCommand({}));
    if (generated.State === "COMPLETE") break;
    if (attempt >= CREDENTIAL_REPORT_POLL.attempts)
      throw new Error(
        `the IAM credential report is still ${generated.State ?? "not ready"}; try again later`,
      );
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, CREDENTIAL_REPORT_POLL.maxDelayMs);
  }
  return getCredentialReport({ client, sdk });
}

export type { CredentialReport };
export { CREDENTIAL_REPORT_POLL, generatedCredentialReport, getCredentialReport };
