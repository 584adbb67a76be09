/**
 * Work the gateway has started and not finished: requests being answered, best-effort `$disconnect`
 * invocations. `close()` waits for it before it stops the functions and DynamoDB, so nothing a request started
 * writes to a database that is already closed.
 */
export class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  /** Counts `promise` until it settles; returns it. */
  track<T>(promise: Promise<T>): Promise<T> {
    this.count++;
    const done = () => {
      this.count--;
      if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
    };
    promise.then(done, done);
    return promise;
  }

  get size(): number {
    return this.count;
  }

  /** Resolves when nothing is in flight, or after `timeoutMs` (true when everything finished). */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((wake) => wake !== finish);
        resolve(false);
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.push(finish);
    });
  }
}
