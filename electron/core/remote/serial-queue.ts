/** One operation at a time per key (a remote server): a Sync, a refresh and a fleet push on one server never interleave. */
export class SerialQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `work` after every earlier operation on `key` has settled; its own failure does not block the next. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }

  /** Whether an operation on `key` is running or waiting. */
  busy(key: string): boolean {
    return this.tails.has(key);
  }
}
