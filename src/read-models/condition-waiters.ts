// Promises that resolve (true) once their condition holds, or with whether it holds when their time
// is up: how reads wait for the read models to reach a position or to catch up with the log.

interface Waiter {
  isMet: () => boolean;
  resolve: (met: boolean) => void;
  timer: NodeJS.Timeout;
}

export class ConditionWaiters {
  private readonly waiting = new Set<Waiter>();

  wait(isMet: () => boolean, timeoutMs: number): Promise<boolean> {
    if (isMet()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        isMet,
        resolve,
        timer: setTimeout(() => {
          this.waiting.delete(waiter);
          resolve(isMet());
        }, timeoutMs),
      };
      this.waiting.add(waiter);
    });
  }

  /** Resolves every waiter whose condition now holds; call it after anything that may meet one. */
  check(): void {
    for (const waiter of this.waiting) {
      if (!waiter.isMet()) continue;
      clearTimeout(waiter.timer);
      this.waiting.delete(waiter);
      waiter.resolve(true);
    }
  }

  /** Resolves every waiter at once with whether its condition holds (on stop). */
  releaseAll(): void {
    for (const waiter of this.waiting) {
      clearTimeout(waiter.timer);
      waiter.resolve(waiter.isMet());
    }
    this.waiting.clear();
  }
}
