// Growing pauses between retries: initial, doubled each attempt up to max, with up to 20% jitter
// so that several registers restarting together do not retry in lockstep.

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 5_000 };

export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.round(base * (0.8 + 0.2 * random()));
}
