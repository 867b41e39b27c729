import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ProjectionRunnerStatus } from '../read-models/projection-runner.js';
import type { GroupCommitStats } from '../store/sqlite/group-commit.js';
import type { ProjectionLag } from './projection-lag.js';
import type { StoreHealth } from './resilient-store.js';

// Everything the register reports to Prometheus, in one registry of its own (so tests and several
// registers in one process never share counters). Requests and appends are counted as they happen;
// the state of the store, the projections and the last verification is read when scraped.

export interface MetricSources {
  storeHealth?: () => StoreHealth;
  headPosition?: () => Promise<bigint | null>;
  /** The embedded store's group-commit statistics (null on EventStoreDB or before it opened). */
  commitStats?: () => Readonly<GroupCommitStats> | null;
  projections?: () => ProjectionRunnerStatus;
  lag?: () => Promise<ProjectionLag>;
}

export type AppendOutcome = 'written' | 'refused' | 'failed';
export type VerificationOutcome = { ok: boolean; events: number; seals: number } | { error: string };

const STATES: StoreHealth['state'][] = ['opening', 'available', 'unavailable', 'damaged', 'closed'];
const SECONDS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class RegisterMetrics {
  readonly registry = new Registry();
  private sources: MetricSources = {};
  private lagScrape: { at: number; value: Promise<ProjectionLag | null> } | null = null;

  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly requestSeconds: Histogram<'method' | 'route' | 'status'>;
  private readonly appendSeconds: Histogram<'outcome'>;
  private readonly batchSize: Histogram;
  private readonly verifications: Counter<'result'>;
  private readonly lastVerification = { ok: null as boolean | null, at: null as number | null, events: 0, seals: 0, seconds: 0 };

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'register_' });

    this.requests = new Counter({
      name: 'register_http_requests_total', help: 'HTTP requests answered, by route pattern and status', labelNames: ['method', 'route', 'status'], registers,
    });
    this.requestSeconds = new Histogram({
      name: 'register_http_request_duration_seconds', help: 'Time to answer an HTTP request, by route pattern and status',
      labelNames: ['method', 'route', 'status'], buckets: SECONDS_BUCKETS, registers,
    });
    this.appendSeconds = new Histogram({
      name: 'register_event_store_append_duration_seconds',
      help: 'Time from an append to its durable answer (written), refusal (refused: expected revision, invalid) or failure (failed: storage)',
      labelNames: ['outcome'], buckets: SECONDS_BUCKETS, registers,
    });
    this.batchSize = new Histogram({
      name: 'register_event_store_commit_batch_size', help: 'Appends that shared one group commit (one transaction, one fsync); embedded store only',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512], registers,
    });
    this.verifications = new Counter({
      name: 'register_verification_runs_total', help: 'Verifications of the whole log (hash chains and seals), by result: ok, broken, error',
      labelNames: ['result'], registers,
    });

    const sources = () => this.sources;
    const last = this.lastVerification;
    const lag = () => this.scrapeLag();
    new Gauge({
      name: 'register_event_store_up', help: '1 when the event store is open and taking writes, 0 otherwise', registers,
      collect() {
        const health = sources().storeHealth?.();
        this.set(health === undefined || health.state === 'available' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'register_event_store_state', help: 'The event store\'s state (1 for the current one)', labelNames: ['state'], registers,
      collect() {
        const health = sources().storeHealth?.();
        for (const state of STATES) this.set({ state }, (health?.state ?? 'available') === state ? 1 : 0);
      },
    });
    new Gauge({
      name: 'register_event_store_head_position', help: 'Position of the last event in the log', registers,
      async collect() {
        try {
          const head = await sources().headPosition?.();
          this.set(head === undefined || head === null ? 0 : Number(head));
        } catch {
          // The store is down: the gauge keeps its last value; register_event_store_up says why it is stale.
        }
      },
    });
    new Gauge({
      name: 'register_event_store_commits', help: 'Group commits since the store was opened, by result (embedded store only)', labelNames: ['result'], registers,
      collect() {
        const stats = sources().commitStats?.();
        if (!stats) return;
        this.set({ result: 'ok' }, stats.commits - stats.failedCommits);
        this.set({ result: 'failed' }, stats.failedCommits);
      },
    });
    new Gauge({
      name: 'register_event_store_commit_thread_stops',
      help: 'Times the embedded store\'s commit thread stopped and its writer was opened again on a new one (0 on a healthy register)',
      registers,
      collect() {
        const stats = sources().commitStats?.();
        if (stats) this.set(stats.commitThreadStops);
      },
    });
    new Gauge({
      name: 'register_projection_checkpoint_position', help: 'Position up to which every read model is built', registers,
      collect() {
        const status = sources().projections?.();
        if (status) this.set(status.position === null ? 0 : Number(status.position));
      },
    });
    new Gauge({
      name: 'register_projection_caught_up', help: '1 once the read models have reached the end of the log since start', registers,
      collect() {
        const status = sources().projections?.();
        if (status) this.set(status.caughtUp ? 1 : 0);
      },
    });
    new Gauge({
      name: 'register_projection_lag_events', help: `Events in the log not yet in the read models (counted up to ${10_000})`, registers,
      async collect() {
        const value = await lag();
        if (value) this.set(value.events);
      },
    });
    new Gauge({
      name: 'register_projection_lag_seconds', help: 'How long the oldest event not yet in the read models has waited (0 when up to date)', registers,
      async collect() {
        const value = await lag();
        if (value) this.set(value.seconds);
      },
    });
    new Gauge({
      name: 'register_verification_last_ok', help: '1 when the last verification of the log found all well, 0 when it found a problem or failed', registers,
      collect() {
        if (last.ok !== null) this.set(last.ok ? 1 : 0);
      },
    });
    new Gauge({
      name: 'register_verification_last_run_timestamp_seconds', help: 'When the log was last verified (Unix time)', registers,
      collect() {
        if (last.at !== null) this.set(last.at / 1000);
      },
    });
    new Gauge({
      name: 'register_verification_last_events', help: 'Events checked by the last verification', registers,
      collect() {
        if (last.at !== null) this.set(last.events);
      },
    });
    new Gauge({
      name: 'register_verification_last_duration_seconds', help: 'How long the last verification took', registers,
      collect() {
        if (last.at !== null) this.set(last.seconds);
      },
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  setSources(sources: MetricSources): void {
    this.sources = { ...this.sources, ...sources };
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.requestSeconds.observe(labels, seconds);
  }

  observeAppend(outcome: AppendOutcome, seconds: number): void {
    this.appendSeconds.observe({ outcome }, seconds);
  }

  observeCommitBatch(size: number): void {
    this.batchSize.observe(size);
  }

  recordVerification(outcome: VerificationOutcome, seconds: number, at = Date.now()): void {
    const result = 'error' in outcome ? 'error' : outcome.ok ? 'ok' : 'broken';
    this.verifications.inc({ result });
    Object.assign(this.lastVerification, {
      ok: result === 'ok', at, seconds, events: 'error' in outcome ? 0 : outcome.events, seals: 'error' in outcome ? 0 : outcome.seals,
    });
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  /** One lag measurement serves both lag gauges of a scrape. */
  private scrapeLag(): Promise<ProjectionLag | null> {
    const measure = this.sources.lag;
    if (!measure) return Promise.resolve(null);
    const now = Date.now();
    if (this.lagScrape && now - this.lagScrape.at < 250) return this.lagScrape.value;
    const value = measure().catch(() => null);
    this.lagScrape = { at: now, value };
    return value;
  }
}
