import { createHash } from 'node:crypto';
import { HttpProblem, problem } from '../problem.js';
import type { IdempotencyScope, IdempotencyStore, StoredAnswer } from './idempotency-store.js';

// Idempotency-Key semantics: the first request with a key runs; a retry with the same key and the
// same request gets the first answer and runs nothing; the same key with another request is a 422.
// Two requests with the same key at the same time: the second waits for the first, then is
// answered from its record (or runs, if the first was refused and so recorded nothing).
// Only successful answers are recorded: a refusal wrote nothing, so running the retry is harmless.

export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Stable across key order, so `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function fingerprint(parts: unknown): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex');
}

export class IdempotencyGuard {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: IdempotencyStore,
    /** The events are already durable when recording fails: answer anyway, and say so in the log. */
    private readonly onRecordError: (error: unknown) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  async run(scope: IdempotencyScope, requestFingerprint: string, execute: () => Promise<Answer>): Promise<{ answer: Answer; replayed: boolean }> {
    const slot = JSON.stringify([scope.key, scope.actor, scope.route]);
    for (;;) {
      const running = this.inFlight.get(slot);
      if (running) {
        await running.catch(() => undefined);
        continue;
      }
      const stored = this.store.find(scope);
      if (stored) return { answer: this.replay(stored, requestFingerprint, scope), replayed: true };

      const attempt = (async () => {
        const answer = await execute();
        if (answer.status >= 200 && answer.status < 300) {
          try {
            this.store.save(scope, { ...answer, fingerprint: requestFingerprint, createdAt: this.now() });
          } catch (error) {
            this.onRecordError(error);
          }
        }
        return answer;
      })();
      this.inFlight.set(slot, attempt);
      try {
        return { answer: await attempt, replayed: false };
      } finally {
        this.inFlight.delete(slot);
      }
    }
  }

  private replay(stored: StoredAnswer, requestFingerprint: string, scope: IdempotencyScope): Answer {
    if (stored.fingerprint !== requestFingerprint) {
      throw new HttpProblem(problem(422, `Idempotency-Key ${JSON.stringify(scope.key)} was already used for a different request to ${scope.route}`));
    }
    return { status: stored.status, headers: stored.headers, body: stored.body };
  }
}
