import { MalformedInputError } from "../errors.js";
import { DEFAULT_CONCURRENCY, type Limiter, limiter } from "../util/concurrency.js";
import { setOwn } from "../util/own.js";
import { optDate, record, str } from "../util/read.js";
import { redact } from "../util/redact.js";
import type { AwsClients } from "./clients.js";
import { classifyAwsError } from "./errors.js";
import type { AccountRead, KeyedRead } from "./read.js";

/**
 * Where raw AWS API outputs come from. The same mapping code in aws/ reads them whether they
 * come from live calls, from a snapshot file, or from live calls being recorded into a snapshot.
 */
interface ApiSource {
  /** The output of an account-wide read. */
  read(op: AccountRead): Promise<unknown>;
  /** The output for one key, or null when the resource does not exist. */
  lookup(op: KeyedRead, key: string): Promise<unknown | null>;
}

/**
 * A captured account: raw outputs of AWS API operations, as the AWS API reference defines them.
 * `services.<service>.<Operation>` is the merged output of an account read, or a map from the
 * input identifier to the output (null: not found) for an operation called per resource.
 */
interface Snapshot {
  accountId: string;
  region: string;
  capturedAt: string;
  services: Record<string, Record<string, unknown>>;
}

/** Live calls, each made at most once per source (one source per invocation: a per-invocation cache). */
class LiveSource implements ApiSource {
  readonly #clients: AwsClients;
  readonly #memo = new Map<string, Promise<unknown>>();
  /** One limiter per keyed read: per-resource calls never fan out unbounded. */
  readonly #limits = new Map<string, Limiter>();
  readonly #concurrency: number;
  /** Number of API requests started, by IAM action (for progress and benchmarks). */
  readonly calls = new Map<string, number>();

  constructor(clients: AwsClients, options: { concurrency?: number } = {}) {
    this.#clients = clients;
    this.#concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  }

  #once(key: string, action: string, run: () => Promise<unknown>): Promise<unknown> {
    let pending = this.#memo.get(key);
    if (!pending) {
      this.calls.set(action, (this.calls.get(action) ?? 0) + 1);
      pending = run().catch((error: unknown) => {
        this.#memo.delete(key);
        throw classifyAwsError(error, action);
      });
      this.#memo.set(key, pending);
    }
    return pending;
  }

  read(op: AccountRead): Promise<unknown> {
    return this.#once(`${op.service}.${op.operation}`, op.iamAction, () => op.fetch(this.#clients));
  }

  lookup(op: KeyedRead, key: string): Promise<unknown | null> {
    const name = `${op.service}.${op.operation}`;
    let limit = this.#limits.get(name);
    if (!limit) {
      limit = limiter(op.concurrency ?? this.#concurrency);
      this.#limits.set(name, limit);
    }
    const run = limit;
    return this.#once(`${name}\u0000${key}`, op.iamAction, () => run(() => op.fetch(this.#clients, key)));
  }
}

/** Replays a snapshot. A missing operation or key is an error: "not captured" is not "empty". */
class SnapshotSource implements ApiSource {
  readonly snapshot: Snapshot;

  constructor(snapshot: Snapshot) {
    this.snapshot = snapshot;
  }

  #operation(op: AccountRead | KeyedRead): unknown {
    const output = this.snapshot.services[op.service]?.[op.operation];
    if (output === undefined) {
      throw new MalformedInputError(
        `snapshot has no services.${op.service}.${op.operation}; capture the account again with --capture`,
      );
    }
    return output;
  }

  async read(op: AccountRead): Promise<unknown> {
    return this.#operation(op);
  }

  async lookup(op: KeyedRead, key: string): Promise<unknown | null> {
    const outputs = record(this.#operation(op), `services.${op.service}.${op.operation}`);
    if (!Object.hasOwn(outputs, key)) {
      throw new MalformedInputError(
        `snapshot has no services.${op.service}.${op.operation}[${JSON.stringify(key)}]; capture the account again with --capture`,
      );
    }
    return outputs[key] ?? null;
  }
}

/** Live calls recorded into a snapshot (secrets removed or replaced by markers: util/redact.ts) for `--capture`. */
class RecordingSource implements ApiSource {
  readonly #live: ApiSource;
  readonly services: Record<string, Record<string, unknown>> = {};

  constructor(live: ApiSource) {
    this.#live = live;
  }

  #slot(op: AccountRead | KeyedRead): Record<string, unknown> {
    this.services[op.service] ??= {};
    return this.services[op.service] as Record<string, unknown>;
  }

  async read(op: AccountRead): Promise<unknown> {
    const output = await this.#live.read(op);
    this.#slot(op)[op.operation] = redact(output);
    return output;
  }

  async lookup(op: KeyedRead, key: string): Promise<unknown | null> {
    const output = await this.#live.lookup(op, key);
    const slot = this.#slot(op);
    const outputs = (slot[op.operation] ?? {}) as Record<string, unknown>;
    slot[op.operation] = outputs;
    setOwn(outputs, key, output === null ? null : redact(output));
    return output;
  }

  toSnapshot(accountId: string, region: string, capturedAt: Date): Snapshot {
    return { accountId, region, capturedAt: capturedAt.toISOString(), services: this.services };
  }
}

/** Validate the top level of a parsed snapshot file. */
function parseSnapshot(value: unknown): Snapshot {
  const top = record(value, "snapshot");
  const accountId = str(top.accountId, "snapshot.accountId");
  if (!/^\d{12}$/.test(accountId))
    throw new MalformedInputError("snapshot.accountId: expected a 12-digit AWS account id");
  const region = str(top.region, "snapshot.region");
  const capturedAt = str(top.capturedAt, "snapshot.capturedAt");
  optDate(capturedAt, "snapshot.capturedAt");
  const services = record(top.services, "snapshot.services");
  for (const [name, ops] of Object.entries(services)) record(ops, `snapshot.services.${name}`);
  return { accountId, region, capturedAt, services: services as Snapshot["services"] };
}

export type { ApiSource, Snapshot };
export { LiveSource, parseSnapshot, RecordingSource, SnapshotSource };
