import { InvalidAppendError, WrongExpectedVersionError } from '../store/errors.js';
import type { AppendOptions, AppendResult, EventStore, EventToAppend } from '../store/event-store.js';
import type { GroupCommitStats } from '../store/sqlite/group-commit.js';
import type { AppendOutcome, RegisterMetrics } from './register-metrics.js';

// Measures the event store as the register uses it: each append's time to its durable answer, and
// (embedded store) how many appends shared each group commit. Batch sizes come from the store's own
// statistics: appends of one commit are all answered before the next commit can start (the next one
// runs on a later turn of the event loop), so when an answer arrives, the statistics have moved by
// exactly the commits since the last answer, and their appends.

export function instrumentStore(
  store: EventStore, metrics: RegisterMetrics, commitStats: () => Readonly<GroupCommitStats> | null = () => null,
): EventStore {
  let seen: { commits: number; failedCommits: number; appends: number } | null = null;

  function sampleCommits(): void {
    const stats = commitStats();
    if (!stats) return;
    if (seen === null || stats.commits < seen.commits) {
      // First look, or the store was opened again: start counting from here.
      seen = { commits: stats.commits, failedCommits: stats.failedCommits, appends: stats.appends };
      return;
    }
    const committed = (stats.commits - seen.commits) - (stats.failedCommits - seen.failedCommits);
    const appends = stats.appends - seen.appends;
    if (committed > 0 && appends > 0) {
      const each = appends / committed;
      for (let index = 0; index < committed; index += 1) metrics.observeCommitBatch(each);
    }
    seen = { commits: stats.commits, failedCommits: stats.failedCommits, appends: stats.appends };
  }

  function settle(started: bigint, outcome: AppendOutcome): void {
    metrics.observeAppend(outcome, Number(process.hrtime.bigint() - started) / 1e9);
    sampleCommits();
  }

  return {
    append(streamName: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
      sampleCommits();
      const started = process.hrtime.bigint();
      return store.append(streamName, events, options).then(
        (result) => {
          settle(started, 'written');
          return result;
        },
        (error: unknown) => {
          settle(started, error instanceof WrongExpectedVersionError || error instanceof InvalidAppendError ? 'refused' : 'failed');
          throw error;
        },
      );
    },
    readStream: (streamName, options) => store.readStream(streamName, options),
    readAll: (options) => store.readAll(options),
    readAt: (positions) => store.readAt(positions),
    subscribeToAll: (from) => store.subscribeToAll(from),
    headPosition: () => store.headPosition(),
    densePositions: store.densePositions,
    close: () => store.close(),
  };
}
