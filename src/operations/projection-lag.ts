import type { ReadinessCheck } from '../http/routes/health.js';
import type { EventStore } from '../store/event-store.js';

// How far the read models are behind the log: in events (counted, up to a cap, since positions
// are not contiguous on every backend) and in seconds (how long the oldest event they have not
// applied has been waiting). Zero and zero when they are up to date.

export interface ProjectionLag {
  head: bigint | null;
  checkpoint: bigint | null;
  events: number;
  /** True when there were more unapplied events than were counted. */
  eventsAtLeast: boolean;
  seconds: number;
}

export const LAG_COUNT_CAP = 10_000;

export async function measureProjectionLag(
  store: EventStore, checkpoint: bigint | null, options: { head?: bigint | null; now?: () => number; cap?: number } = {},
): Promise<ProjectionLag> {
  const head = options.head === undefined ? await store.headPosition() : options.head;
  if (head === null || (checkpoint !== null && checkpoint >= head)) return { head, checkpoint, events: 0, eventsAtLeast: false, seconds: 0 };
  const cap = options.cap ?? LAG_COUNT_CAP;
  let events = 0;
  let oldest: string | null = null;
  // From the checkpoint itself, an event's position (EventStoreDB reads only from where an event is).
  for await (const event of store.readAll({ fromPosition: checkpoint ?? 'start', maxCount: cap + 1 })) {
    if (checkpoint !== null && event.position <= checkpoint) continue;
    if (event.position > head) break;
    oldest ??= event.created;
    events += 1;
  }
  const waitingMs = oldest === null ? 0 : (options.now ?? Date.now)() - Date.parse(oldest);
  return { head, checkpoint, events, eventsAtLeast: events >= cap, seconds: Math.max(0, waitingMs / 1000) };
}

/**
 * Adds the lag to a readiness check of the projections: its detail gains `lagEvents` and
 * `lagSeconds`, and it is not ready while the oldest unapplied event has waited more than
 * maxLagSeconds, or while the read models claim more of the log than there is.
 */
export function withProjectionLag(
  check: ReadinessCheck, store: EventStore, checkpoint: () => bigint | null, maxLagSeconds: number,
): ReadinessCheck {
  // Once seen, it stays: events the restored log takes later land at positions the read models
  // believe they have applied, so they would stay wrong even after the log grows past them.
  let aheadSeen: { at: bigint; head: bigint } | null = null;
  return {
    name: check.name,
    async check(given) {
      const at = checkpoint();
      // The head given was read before the checkpoint (over the network, on EventStoreDB): the read
      // models may have applied events written since. Only a head read after the checkpoint can
      // show that the log is shorter than they are.
      const head = given !== null && at !== null && at > given ? await store.headPosition() : given;
      const [base, lag] = await Promise.all([check.check(head), measureProjectionLag(store, at, { head })]);
      const withinLag = lag.seconds <= maxLagSeconds;
      // Read models further than the log itself: they were built from another (longer) log, e.g.
      // before EventStoreDB was restored from a backup. New events would be skipped: never ready.
      if (aheadSeen === null && head !== null && at !== null && at > head) aheadSeen = { at, head };
      const ahead = aheadSeen !== null;
      const reason = aheadSeen
        ? `the read models stood at position ${aheadSeen.at}, beyond the end of the log (${aheadSeen.head}): the log was restored or replaced; `
          + 'stop the register, remove read-models.db and idempotency.db from DATA_DIR (or start on an empty DATA_DIR) and start it again'
        : withinLag ? undefined : `the read models are ${lag.seconds.toFixed(1)} s behind the log (more than ${maxLagSeconds} s)`;
      return {
        ok: base.ok && withinLag && !ahead,
        detail: {
          ...base.detail,
          lagEvents: lag.events,
          ...(lag.eventsAtLeast ? { lagEventsAtLeast: true } : {}),
          lagSeconds: Math.round(lag.seconds * 1000) / 1000,
          maxLagSeconds,
          ...(reason ? { reason } : {}),
        },
      };
    },
  };
}
