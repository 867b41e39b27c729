import { derivedUuid, idempotencySeed } from '../../application/derived-ids.js';
import { fingerprint } from '../../http/idempotency/idempotency-guard.js';
import type { EventStore } from '../../store/event-store.js';
import type { WriteRequest } from './write-load.js';

// The writes a kill left unanswered, sent again with their Idempotency-Keys after the restart, as a
// client whose request timed out would. Whether a write had reached the log before the kill is
// read from the log itself: a keyed write's first event id derives from its key. Every retry must
// be answered 201, and together they must add exactly the writes that had not reached the log.

export interface InFlightRetryResult {
  retried: number;
  /** Had reached the log before the kill (their answers were lost with the process). */
  alreadyWritten: number;
  /** Events the retries added. */
  added: number;
  /** Retries not answered 201, with why. */
  failures: string[];
}

/** The id of the first event a keyed write appends (derived as write-route.ts and the command handler derive it). */
export function firstEventIdOf(write: WriteRequest, actor: string): string {
  const requestFingerprint = fingerprint({ body: fingerprint(write.body), ifMatch: null });
  const seed = idempotencySeed({ actor, route: `POST ${write.path}`, key: write.idempotencyKey, fingerprint: requestFingerprint });
  return derivedUuid(seed, `${write.stream}#0`);
}

async function eventIds(store: EventStore): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const event of store.readAll()) ids.add(event.id);
  return ids;
}

export async function retryInFlight(options: {
  url: string;
  token: string;
  actor: string;
  inFlight: readonly WriteRequest[];
  /** Opens the log read-only (the register is running); closed after each use. */
  openLog: () => Promise<EventStore & { close(): Promise<void> }>;
}): Promise<InFlightRetryResult> {
  const before = await withLog(options.openLog, eventIds);
  const alreadyWritten = options.inFlight.filter((write) => before.has(firstEventIdOf(write, options.actor))).length;
  const failures: string[] = [];
  for (const write of options.inFlight) {
    const response = await fetch(`${options.url}${write.path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json', 'idempotency-key': write.idempotencyKey },
      body: JSON.stringify(write.body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    if (response.status !== 201) failures.push(`${write.path} (key ${write.idempotencyKey}): retry answered ${response.status} ${text}`);
  }
  const after = await withLog(options.openLog, eventIds);
  return { retried: options.inFlight.length, alreadyWritten, added: after.size - before.size, failures };
}

async function withLog<T>(openLog: () => Promise<EventStore & { close(): Promise<void> }>, use: (store: EventStore) => Promise<T>): Promise<T> {
  const store = await openLog();
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
