// "Something was appended", from the request thread to the projection thread, through shared
// memory: the writer bumps a counter and wakes a waiter (no message per commit); the reader notes
// the counter before it reads the log and, when it found nothing new, sleeps only while the counter
// still has that value. An append between its read and its sleep is therefore never missed.

// Atomics.waitAsync is in Node 20, not yet in the TypeScript library this project targets.
type WaitAsync = (array: Int32Array, index: number, value: number, timeoutMs: number) =>
  | { async: false; value: 'not-equal' | 'timed-out' }
  | { async: true; value: Promise<'ok' | 'timed-out'> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

export class AppendSignal {
  private readonly counter: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.counter = new Int32Array(buffer);
  }

  /** The writer: something was appended. */
  bump(): void {
    Atomics.add(this.counter, 0, 1);
    Atomics.notify(this.counter, 0);
  }

  /** The reader: the value to wait on, taken before reading. */
  current(): number {
    return Atomics.load(this.counter, 0);
  }

  /** Resolves when the counter moves past `seen`, or after `timeoutMs` (or at once if it already has). */
  async wait(seen: number, timeoutMs: number): Promise<void> {
    const result = waitAsync(this.counter, 0, seen, timeoutMs);
    if (result.async) await result.value;
  }
}
