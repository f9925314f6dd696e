/**
 * Bounded concurrency, one helper: at most `limit` tasks in flight. Per-resource AWS calls (KMS
 * DescribeKey per key, ...) go through it, so a large account never fans out into thousands of
 * simultaneous requests (which AWS would throttle). LiveSource runs every keyed read through one
 * limiter per operation, so callers may `Promise.all` over any number of keys.
 */

/** Default number of per-resource calls in flight per operation. */
const DEFAULT_CONCURRENCY = 8;

type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** `limit` is a whole number ≥ 1, or Infinity for no limit. */
function limiter(limit: number = DEFAULT_CONCURRENCY): Limiter {
  if (!(Number.isInteger(limit) || limit === Number.POSITIVE_INFINITY) || limit < 1)
    throw new RangeError(`concurrency limit must be ≥ 1, got ${limit}`);
  let active = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    active--;
    queue.shift()?.();
  };
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        active++;
        task().then(resolve, reject).finally(release);
      };
      if (active < limit) start();
      else queue.push(start);
    });
}

/**
 * Map over items with at most `limit` calls of `fn` in flight (a limit below 1 counts as 1);
 * results keep the input order. `fn` is expected to settle (errors are the caller's to catch per item).
 */
function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const run = limiter(Math.max(1, limit));
  return Promise.all(items.map((item, index) => run(() => fn(item, index))));
}

export type { Limiter };
export { DEFAULT_CONCURRENCY, limiter, mapWithConcurrency };
