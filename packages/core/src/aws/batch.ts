/**
 * Keys asked for in the same turn of the event loop, loaded together (DataLoader's batching, in
 * small): `load` receives at most `maxBatch` keys a call, batches of one turn are sent one after
 * the other, and each key asked for gets its own value, or its batch's error. A key asked for twice
 * in a turn is loaded once.
 */
function batcher<K, V>(
  load: (keys: K[]) => Promise<ReadonlyMap<K, V>>,
  maxBatch: number,
): (key: K) => Promise<V | undefined> {
  type Waiter = { resolve(value: V | undefined): void; reject(error: unknown): void };
  let pending: Map<K, Waiter[]> | undefined;

  async function send(waiting: Map<K, Waiter[]>): Promise<void> {
    const keys = [...waiting.keys()];
    for (let i = 0; i < keys.length; i += maxBatch) {
      const batch = keys.slice(i, i + maxBatch);
      try {
        const values = await load(batch);
        for (const key of batch) for (const w of waiting.get(key) ?? []) w.resolve(values.get(key));
      } catch (error) {
        for (const key of batch) for (const w of waiting.get(key) ?? []) w.reject(error);
      }
    }
  }

  return (key) =>
    new Promise((resolve, reject) => {
      if (!pending) {
        const created = new Map<K, Waiter[]>();
        pending = created;
        setImmediate(() => {
          pending = undefined;
          void send(created);
        });
      }
      const waiters = pending.get(key) ?? [];
      waiters.push({ resolve, reject });
      pending.set(key, waiters);
    });
}

export { batcher };
