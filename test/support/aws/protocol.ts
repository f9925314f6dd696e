import type { IncomingHttpHeaders } from "node:http";

/**
 * The AWS wire protocols the local server and the fault proxy speak, as the AWS API references
 * and Smithy protocol specifications define them:
 * - awsJson1.1 (DMS, KMS, Config): POST /, `X-Amz-Target: <Service>.<Operation>`, JSON body,
 *   timestamps as epoch seconds, errors `{"__type": code, "message": ...}`;
 * - awsQuery (IAM, STS): form-encoded `Action=...`, XML `<XResponse><XResult>`, lists as `<member>`,
 *   errors `<ErrorResponse><Error><Code>`;
 * - ec2Query (EC2): form-encoded, XML with lowerCamel names, lists as `<item>`, errors
 *   `<Response><Errors><Error><Code>`;
 * - restJson1 (MGN): `POST /<Operation>`, JSON body, errors in `x-amzn-errortype`.
 */

type Protocol = "awsJson" | "awsQuery" | "ec2Query" | "restJson";

interface Call {
  service: string;
  operation: string;
  protocol: Protocol;
  input: Record<string, unknown>;
}

const JSON_TARGETS: Record<string, string> = {
  AmazonDMSv20160101: "dms",
  TrentService: "kms",
  StarlingDoveService: "config",
};

/** The SigV4 credential scope's service (`Credential=AKID/date/region/<service>/aws4_request`). */
function scopeService(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  const match = typeof auth === "string" ? /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(auth) : null;
  return match?.[1];
}

/** Form body → flat map (`Filter.member.1` keys kept as they are). */
function parseForm(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body)) out[k] = v;
  return out;
}

/** Which operation a request calls, or undefined when it is not one this server knows how to read. */
function identify(method: string, url: string, headers: IncomingHttpHeaders, body: string): Call | undefined {
  const target = headers["x-amz-target"];
  if (typeof target === "string") {
    const [prefix = "", operation = ""] = target.split(".");
    const service = JSON_TARGETS[prefix];
    if (!service) return undefined;
    let input: Record<string, unknown> = {};
    try {
      input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      input = {};
    }
    return { service, operation, protocol: "awsJson", input };
  }
  const contentType = String(headers["content-type"] ?? "");
  if (method === "POST" && contentType.startsWith("application/x-www-form-urlencoded")) {
    const form = parseForm(body);
    const operation = form.Action ?? "";
    const scoped = scopeService(headers);
    const service = scoped ?? (operation === "GetCallerIdentity" ? "sts" : "iam");
    return { service, operation, protocol: service === "ec2" ? "ec2Query" : "awsQuery", input: form };
  }
  const path = url.split("?")[0] ?? "";
  if (method === "POST" && /^\/[A-Z][A-Za-z]+$/.test(path)) {
    let input: Record<string, unknown> = {};
    try {
      input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      input = {};
    }
    return { service: scopeService(headers) ?? "mgn", operation: path.slice(1), protocol: "restJson", input };
  }
  return undefined;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** A value as awsQuery XML: objects → elements, arrays → `<member>`, Date → ISO-8601. */
function queryXml(value: unknown, listItem = "member"): string {
  if (value === undefined || value === null) return "";
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value))
    return value.map((v) => `<${listItem}>${queryXml(v, listItem)}</${listItem}>`).join("");
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${queryXml(v, listItem)}</${k}>`)
      .join("");
  }
  return escapeXml(String(value));
}

const QUERY_NAMESPACES: Record<string, string> = {
  iam: "https://iam.amazonaws.com/doc/2010-05-08/",
  sts: "https://sts.amazonaws.com/doc/2011-06-15/",
  ec2: "http://ec2.amazonaws.com/doc/2016-11-15/",
};

function queryResponse(service: string, operation: string, result: unknown, requestId: string): string {
  const ns = QUERY_NAMESPACES[service] ?? "";
  return `<${operation}Response xmlns="${ns}"><${operation}Result>${queryXml(result)}</${operation}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
}

/** ec2Query: the result elements sit directly in `<XResponse>`; `body` is already ec2-style XML. */
function ec2Response(operation: string, body: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${QUERY_NAMESPACES.ec2}"><requestId>${requestId}</requestId>${body}</${operation}Response>`;
}

/** JSON for awsJson: Date → epoch seconds; undefined dropped by JSON.stringify. */
function awsJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : v;
  });
}

interface WireError {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** An error in the protocol's own shape. */
function errorResponse(
  call: Pick<Call, "protocol" | "service">,
  status: number,
  code: string,
  message: string,
  requestId: string,
): WireError {
  switch (call.protocol) {
    case "awsJson":
      return {
        status,
        headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId },
        body: JSON.stringify({ __type: code, message }),
      };
    case "restJson":
      return {
        status,
        headers: {
          "content-type": "application/json",
          "x-amzn-errortype": code,
          "x-amzn-requestid": requestId,
        },
        body: JSON.stringify({ message }),
      };
    case "ec2Query":
      return {
        status,
        headers: { "content-type": "text/xml;charset=UTF-8" },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      };
    case "awsQuery":
      return {
        status,
        headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
        body: `<ErrorResponse xmlns="${QUERY_NAMESPACES[call.service] ?? ""}"><Error><Type>${status >= 500 ? "Receiver" : "Sender"}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
  }
}

/** The throttling error each protocol's services actually return. */
function throttlingError(call: Pick<Call, "protocol" | "service">, requestId: string): WireError {
  switch (call.protocol) {
    case "awsJson":
      return errorResponse(call, 400, "ThrottlingException", "Rate exceeded", requestId);
    case "restJson":
      return errorResponse(call, 429, "ThrottlingException", "Rate exceeded", requestId);
    case "ec2Query":
      return errorResponse(call, 503, "RequestLimitExceeded", "Request limit exceeded.", requestId);
    case "awsQuery":
      return errorResponse(call, 400, "Throttling", "Rate exceeded", requestId);
  }
}

export type { Call, Protocol, WireError };
export {
  awsJson,
  ec2Response,
  errorResponse,
  escapeXml,
  identify,
  parseForm,
  queryResponse,
  queryXml,
  throttlingError,
};
