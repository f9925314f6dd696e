/**
 * Counts the AWS API calls made through the SDK clients it is installed on (AwsClients'
 * `configure` option), for the ApiCalls metric. One call is one command sent: a middleware in the
 * `initialize` step runs once per `client.send`, before the retry middleware, so the SDK's own
 * retries of a throttled call are not counted again.
 */

type Next = (args: unknown) => Promise<unknown>;
interface MiddlewareStack {
  add(middleware: (next: Next) => Next, options: { step: "initialize"; name: string }): void;
}

class ApiCallCounter {
  #count = 0;

  /** Installs the counter on one SDK client (pass as AwsClients' `configure`). */
  readonly configure = (client: { middlewareStack: { add: (...args: never[]) => unknown } }): void => {
    (client.middlewareStack as unknown as MiddlewareStack).add(
      (next) => (args) => {
        this.#count++;
        return next(args);
      },
      { step: "initialize", name: "migrationGuardApiCallCounter" },
    );
  };

  /** Calls counted since the last reset. */
  get count(): number {
    return this.#count;
  }

  reset(): void {
    this.#count = 0;
  }
}

export { ApiCallCounter };
