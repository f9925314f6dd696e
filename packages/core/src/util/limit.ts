/**
 * Bounded concurrency for per-resource AWS calls (KMS DescribeKey per key, ...): at most `limit`
 * calls in flight, so a large account never fans out into thousands of simultaneous requests
 * (which AWS would throttle). LiveSource runs every keyed operation through one limiter per
 * operation, so callers may `Promise.all` over any number of keys.
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

export type { Limiter };
export { DEFAULT_CONCURRENCY, limiter };
