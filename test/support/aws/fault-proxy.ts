import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { unitHash } from "./dataset.js";
import { errorResponse, identify, throttlingError } from "./protocol.js";

/**
 * A fault-injecting HTTP proxy in front of an AWS-compatible endpoint (the local server or moto).
 * With seeded randomness (per request, independent of arrival order) it answers a share of requests itself with the protocol's throttling
 * error (awsJson `ThrottlingException`, IAM `Throttling`, EC2 `RequestLimitExceeded`, MGN 429),
 * with HTTP 500/503, or resets the connection, all BEFORE the request reaches the upstream (so a
 * faulted PutEvaluations was never applied); it delays another share of responses. Operations
 * listed in `alwaysFail` fail on every attempt.
 */

interface FaultOptions {
  upstream: string;
  seed?: number;
  throttleRate?: number;
  serverErrorRate?: number;
  resetRate?: number;
  slowRate?: number;
  slowMs?: number;
  /** `service.Operation` → how it fails on every attempt. */
  alwaysFail?: Record<string, "throttle" | "500" | "reset">;
}

class FaultProxy {
  readonly #options: Required<Omit<FaultOptions, "alwaysFail">> & { alwaysFail: Record<string, string> };
  /** Times each distinct request (method, path, body) was seen: its nth attempt gets its own roll. */
  readonly #seen = new Map<string, number>();
  #server: Server | undefined;
  endpoint = "";
  /** Attempts per `service.Operation`, and what was injected. */
  readonly attempts = new Map<string, number>();
  readonly injected = { throttle: 0, serverError: 0, reset: 0, slow: 0, forwarded: 0 };

  constructor(options: FaultOptions) {
    this.#options = {
      upstream: options.upstream,
      seed: options.seed ?? 42,
      throttleRate: options.throttleRate ?? 0.3,
      serverErrorRate: options.serverErrorRate ?? 0.05,
      resetRate: options.resetRate ?? 0.02,
      slowRate: options.slowRate ?? 0.05,
      slowMs: options.slowMs ?? 300,
      alwaysFail: options.alwaysFail ?? {},
    };
  }

  set alwaysFail(value: Record<string, "throttle" | "500" | "reset">) {
    this.#options.alwaysFail = value;
  }

  async start(): Promise<string> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    this.endpoint = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this.endpoint;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const call = identify(req.method ?? "GET", req.url ?? "/", req.headers, body.toString("utf8"));
    const op = call ? `${call.service}.${call.operation}` : "unknown";
    this.attempts.set(op, (this.attempts.get(op) ?? 0) + 1);
    const requestId = randomUUID();
    const always = this.#options.alwaysFail[op];
    // The roll depends on the request and how often it was seen, not on arrival order, so
    // concurrent runs get the same faults every time.
    const requestKey = `${req.method} ${req.url} ${body.toString("utf8")}`;
    const nth = (this.#seen.get(requestKey) ?? 0) + 1;
    this.#seen.set(requestKey, nth);
    const roll = unitHash(this.#options.seed, `${nth}\u0000${requestKey}`);
    const o = this.#options;
    const reset = () => {
      this.injected.reset++;
      req.socket.destroy();
    };
    if (call && (always === "throttle" || (!always && roll < o.throttleRate))) {
      this.injected.throttle++;
      const wire = throttlingError(call, requestId);
      res.writeHead(wire.status, wire.headers).end(wire.body);
      return;
    }
    if (call && (always === "500" || (!always && roll < o.throttleRate + o.serverErrorRate))) {
      this.injected.serverError++;
      const status = always === "500" || roll < o.throttleRate + o.serverErrorRate / 2 ? 500 : 503;
      const wire = errorResponse(
        call,
        status,
        status === 500 ? "InternalFailure" : "ServiceUnavailable",
        status === 500 ? "We encountered an internal error. Please try again." : "Service Unavailable",
        requestId,
      );
      res.writeHead(wire.status, wire.headers).end(wire.body);
      return;
    }
    if (always === "reset" || (!always && roll < o.throttleRate + o.serverErrorRate + o.resetRate)) {
      reset();
      return;
    }
    const slow = roll < o.throttleRate + o.serverErrorRate + o.resetRate + o.slowRate;
    if (slow) {
      this.injected.slow++;
      await new Promise((r) => setTimeout(r, o.slowMs));
    }
    this.injected.forwarded++;
    const upstream = new URL(req.url ?? "/", o.upstream);
    const forward = request(
      upstream,
      { method: req.method, headers: { ...req.headers, host: upstream.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on("error", () => req.socket.destroy());
    forward.end(body);
  }
}

export type { FaultOptions };
export { FaultProxy };
