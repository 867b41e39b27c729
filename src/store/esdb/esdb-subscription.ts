import { setTimeout as sleep } from 'node:timers/promises';
import { START, type AllStreamResolvedEvent, type AllStreamSubscription, type EventStoreDBClient, type Position } from '@eventstore/db-client';
import type { SubscribeFrom, Subscription, SubscriptionMessage } from '../event-store.js';
import { readLogHead, type LogHead } from './esdb-head.js';
import { isSystemEvent, positionOf, toRecordedEvent } from './recorded-event.js';

// A catch-up subscription to `$all` that survives drops. The client does not resubscribe by itself,
// so this keeps the position of the last record it received (system events included) and, when the
// subscription fails or ends, subscribes again from there (EventStoreDB starts strictly after the
// given position) with exponential backoff: no gap and no duplicate across drops.
//
// "Caught up" is decided here, in band, against the head of the log read when the subscription was
// opened: once the record at that head (or anything after it) has been received, every event that
// existed at subscription time has been delivered. This keeps the signal in order with the events
// and does not depend on the server version sending its own caught-up message.

export interface ResubscribePolicy {
  /** Delay before the first retry; doubled on each failed attempt. */
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface SubscriptionDrop {
  error: unknown;
  /** Consecutive failed attempts, starting at 1. */
  attempt: number;
  retryInMs: number;
}

export interface EsdbSubscriptionOptions {
  policy: ResubscribePolicy;
  onDrop?: (drop: SubscriptionDrop) => void;
  onFinished?: () => void;
}

const STOPPED = Symbol('stopped');

export class EsdbSubscription implements Subscription {
  private readonly stopping = new AbortController();
  /** Read as soon as the subscription is asked for, so "subscription time" is as early as possible. */
  private firstHead: Promise<LogHead> | undefined;
  private iterated = false;
  private current: AllStreamSubscription | undefined;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly from: SubscribeFrom,
    private readonly options: EsdbSubscriptionOptions,
  ) {
    this.firstHead = readLogHead(client);
    this.firstHead.catch(() => undefined); // retried (and reported) when iteration starts
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    if (this.iterated) throw new Error('A subscription can be iterated only once');
    this.iterated = true;
    return this.messages();
  }

  async stop(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    this.stopping.abort();
    await this.release();
    if (!this.iterated) this.options.onFinished?.();
  }

  private get isStopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async *messages(): AsyncGenerator<SubscriptionMessage, void, undefined> {
    let head: LogHead | undefined;
    let resumeAfter: Position | null = typeof this.from === 'object' ? { commit: this.from.after, prepare: this.from.after } : null;
    let caughtUp = false;
    let failures = 0;
    try {
      while (!this.isStopped) {
        try {
          if (!head) {
            const read = await this.untilStopped(this.firstHead ?? readLogHead(this.client));
            this.firstHead = undefined;
            if (read === STOPPED) return;
            head = read;
            if (this.from === 'end') resumeAfter = head.last;
          }
          if (!caughtUp && caughtUpBeforeAnyEvent(this.from, head)) {
            caughtUp = true;
            yield { kind: 'caughtUp', position: head.lastVisible };
          }

          const subscription = this.client.subscribeToAll({ fromPosition: resumeAfter ?? START });
          this.current = subscription;
          const received = subscription[Symbol.asyncIterator]();
          for (;;) {
            const next = await this.untilStopped(received.next());
            if (next === STOPPED) return;
            if (next.done) throw new Error('EventStoreDB ended the subscription');
            const resolved: AllStreamResolvedEvent = next.value;
            const position = positionOf(resolved);
            resumeAfter = position;
            failures = 0;
            if (!isSystemEvent(resolved)) yield { kind: 'event', event: toRecordedEvent(resolved) };
            if (!caughtUp && head.last !== null && position.commit >= head.last.commit) {
              caughtUp = true;
              yield { kind: 'caughtUp', position: head.lastVisible };
            }
          }
        } catch (error) {
          if (this.isStopped) return;
          failures += 1;
          const retryInMs = Math.min(this.options.policy.initialDelayMs * 2 ** (failures - 1), this.options.policy.maxDelayMs);
          this.options.onDrop?.({ error, attempt: failures, retryInMs });
          await this.release();
          try {
            await sleep(retryInMs, undefined, { signal: this.stopping.signal });
          } catch {
            return; // stopped while waiting
          }
        }
      }
    } finally {
      await this.release();
      this.options.onFinished?.();
    }
  }

  /**
   * `promise`, or STOPPED as soon as the subscription is stopped. Each wait listens for the stop on
   * its own and stops listening when it is over: racing every wait against one promise that lives
   * as long as the subscription would keep a reaction on it per event received (a leak).
   */
  private untilStopped<T>(promise: Promise<T>): Promise<T | typeof STOPPED> {
    promise.catch(() => undefined); // if stop wins the race, a later rejection is nobody's business
    const signal = this.stopping.signal;
    if (signal.aborted) return Promise.resolve(STOPPED);
    return new Promise((resolve, reject) => {
      const onStop = () => resolve(STOPPED);
      signal.addEventListener('abort', onStop, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onStop);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onStop);
          reject(error as Error);
        },
      );
    });
  }

  /** Cancels the current gRPC call and drops the client's stream. */
  private async release(): Promise<void> {
    const subscription = this.current;
    this.current = undefined;
    if (!subscription) return;
    try {
      await subscription.unsubscribe();
    } catch {
      // the call never started or is already gone
    }
    subscription.destroy();
  }
}

/** Nothing to deliver before "caught up": an empty log, a subscription from the end, or from past the head. */
function caughtUpBeforeAnyEvent(from: SubscribeFrom, head: LogHead): boolean {
  if (head.last === null || from === 'end') return true;
  return typeof from === 'object' && from.after >= head.last.commit;
}
