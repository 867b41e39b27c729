// "Something was appended", from the request thread to the projection thread, through shared
// memory: the writer bumps a counter, and wakes the reader only if it said it is going to sleep
// (waking a thread costs far more than the bump, and a busy reader is not asleep). The reader
// notes the counter before it reads the log and, when it found nothing new, sleeps only while the
// counter still has that value: an append between its read and its sleep is never missed.

// Atomics.waitAsync is in Node 20, not yet in the TypeScript library this project targets.
type WaitAsync = (array: Int32Array, index: number, value: number, timeoutMs: number) =>
  | { async: false; value: 'not-equal' | 'timed-out' }
  | { async: true; value: Promise<'ok' | 'timed-out'> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

const COUNTER = 0;
const SLEEPING = 1;

export class AppendSignal {
  private readonly cells: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(8)) {
    this.cells = new Int32Array(buffer);
  }

  /** The writer: something was appended. */
  bump(): void {
    Atomics.add(this.cells, COUNTER, 1);
    if (Atomics.load(this.cells, SLEEPING) === 1) {
      Atomics.store(this.cells, SLEEPING, 0);
      Atomics.notify(this.cells, COUNTER);
    }
  }

  /** The reader: the value to wait on, taken before reading. */
  current(): number {
    return Atomics.load(this.cells, COUNTER);
  }

  /**
   * Resolves when the counter moves past `seen` (at once if it already has), after `timeoutMs`, or
   * when `cancelled` resolves.
   */
  async wait(seen: number, timeoutMs: number, cancelled?: Promise<void>): Promise<void> {
    // Said before the counter is compared: a bump after this sees it; a bump before it moved the counter.
    Atomics.store(this.cells, SLEEPING, 1);
    const result = waitAsync(this.cells, COUNTER, seen, timeoutMs);
    if (result.async) {
      // A waiting Atomics.waitAsync does not keep the event loop alive; this timer does.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race(cancelled ? [result.value, timeout, cancelled] : [result.value, timeout]);
      clearTimeout(timer);
    }
    Atomics.store(this.cells, SLEEPING, 0);
  }
}
