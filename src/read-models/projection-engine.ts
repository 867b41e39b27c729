import type Database from 'better-sqlite3';
import { toProjectedEvent, instantMs, type ProjectedEvent } from '../../projections/projected-event.js';
import type { AnyProjection, Change, EntityTableSpec, ProjectionView, SqlValue, TableRows } from '../../projections/projection.js';
import type { RecordedEvent } from '../store/event-store.js';
import { quoteIdentifier, sqlTableName, type ReadModelDatabase } from './read-model-database.js';
import { WrittenKeys } from './written-keys.js';

// The imperative shell around the pure reducers: it feeds each event to every projection, keeps the
// rows the reducers read in a cache in front of SQLite, stages the changes, and writes a batch of
// events' changes together with the new checkpoint in one transaction. Either the whole batch and
// its checkpoint are committed, or nothing is (and the staged state is thrown away): each event's
// effect lands exactly once.

const DELETED = Symbol('deleted');

/** A cached row (or DELETED: known absent). */
interface Cached {
  row: unknown;
  /** When it was last used (the engine's use counter then). */
  used: number;
}

interface EntityHandle {
  kind: 'entity';
  name: string;
  select: Database.Statement<[string], string>;
  upsert: Database.Statement<SqlValue[]>;
  /** For a key a fresh file cannot hold yet: a plain insert costs about 40% less than an upsert. */
  insert: Database.Statement<SqlValue[]>;
  remove: Database.Statement<[string]>;
  columns: [string, (row: unknown) => SqlValue][];
  cache: Map<string, Cached>;
  dirty: Set<string>;
  /** Fresh databases only: the keys written to the table (a filter: "maybe" for a few never written). */
  written: WrittenKeys | null;
  /** Whether a reducer ever read the table: the rows of one no reducer reads need not stay cached. */
  read: boolean;
}

interface PendingLog {
  first: bigint;
  last: bigint;
  /**
   * The earliest recordedAt of the entries (not the first one's: the log's order is not the order of
   * recordedAt, e.g. a sanction's effect is appended after a later request's event with the time of
   * the command that imposed it). `?asOf=` skips a chunk only when every entry was recorded after it.
   */
  firstMs: number;
  /** Serialised together when written: one JSON.stringify per key, not per entry. */
  entries: unknown[];
}

interface LogHandle {
  kind: 'log';
  name: string;
  insert: Database.Statement<SqlValue[]>;
  pending: Map<string, PendingLog>;
}

type Handle = EntityHandle | LogHandle;

export interface ReducerFailure {
  projection: string;
  position: bigint;
  type: string;
  error: unknown;
}

export interface ProjectionEngineOptions {
  /** Rows kept in memory per table between batches, the least recently used go first (default 20,000). */
  maxCachedRows?: number;
  /** A reducer threw: its changes for that event are dropped, the other projections go on. */
  onReducerFailure?: (failure: ReducerFailure) => void;
  /**
   * The database was created empty for this engine (a rebuild): a key it never wrote cannot be in
   * SQLite, so a cache miss for it needs no SELECT. Keeps a filter of the keys written per table (written-keys.ts).
   */
  fresh?: boolean;
  /**
   * A rebuild into a throwaway file (with `fresh`): changed rows stay in the cache and are written
   * when the cache evicts them (spill) or at the final flush, so a row that changes in many batches
   * is serialised and written about once instead of once a batch. Only flush() writes the
   * checkpoint: until then the file holds no consistent state and must not be resumed.
   */
  writeBack?: boolean;
  /**
   * Write-back engines: log entries staged before a spill writes them (default 300,000). Entries
   * of one key are written as one row, so holding them across spills writes far fewer rows.
   */
  maxPendingLogEntries?: number;
  /** Called inside the transaction before it commits (tests use it to fail a batch midway). */
  beforeCommit?: (batch: { events: number; position: bigint | null }) => void;
}

/**
 * A row of the read models could not be read (SQLite's error is the cause: its file damaged, say).
 * Not the failure of the reducer that asked for the row: the event is not applied at all.
 */
export class ReadModelReadError extends Error {
  override readonly name = 'ReadModelReadError';
}

/** Another writer moved the checkpoint since this engine last committed (two runners on one file). */
export class CheckpointMovedError extends Error {
  override readonly name = 'CheckpointMovedError';
}

export class ProjectionEngine {
  private readonly handles = new Map<string, Map<string, Handle>>();
  private readonly views = new Map<string, ProjectionView<TableRows>>();
  private readonly setCheckpoint: Database.Statement<[string]>;
  private readonly setReacted: Database.Statement<[string]>;
  private readonly maxCachedRows: number;
  private committed: bigint | null;
  private staged: bigint | null;
  private stagedEvents = 0;
  /** Counts every use of a cached row: a row's last use says how recently it was used. */
  private uses = 0;
  /** Log entries staged and not yet written, over every log table. */
  private pendingLogEntries = 0;
  /** The event being applied: where it is and when it was recorded go with the log entries it appends. */
  private currentPosition = 0n;
  private currentRecordedMs = 0;
  /** Whether a projection here has a log table (its rows keep when their first entry was recorded). */
  private readonly keepsInstants: boolean;

  constructor(readonly database: ReadModelDatabase, private readonly options: ProjectionEngineOptions = {}) {
    const { db } = database;
    this.maxCachedRows = options.maxCachedRows ?? 20_000;
    this.setCheckpoint = db.prepare("INSERT INTO rm_meta (key, value) VALUES ('checkpoint', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    this.setReacted = db.prepare(`INSERT INTO rm_meta (key, value) VALUES ('reacted', ?)
      ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE CAST(excluded.value AS INTEGER) > CAST(rm_meta.value AS INTEGER)`);
    for (const projection of database.projections) {
      const tables = new Map<string, Handle>();
      for (const [table, spec] of Object.entries(projection.tables)) {
        const name = sqlTableName(projection.name, table);
        const q = quoteIdentifier(name);
        if (spec.kind === 'log') {
          tables.set(table, {
            kind: 'log', name, pending: new Map(),
            insert: db.prepare<SqlValue[]>(`INSERT INTO ${q} (key, first_position, last_position, first_recorded_ms, entries) VALUES (?, ?, ?, ?, ?)`),
          });
          continue;
        }
        const columns = Object.entries((spec as EntityTableSpec<unknown>).columns ?? {});
        const names = ['key', ...columns.map(([c]) => c), 'doc'].map(quoteIdentifier);
        const updates = names.slice(1).map((c) => `${c} = excluded.${c}`).join(', ');
        tables.set(table, {
          kind: 'entity', name, cache: new Map(), dirty: new Set(), written: options.fresh ? new WrittenKeys() : null, read: false,
          columns: columns.map(([c, def]) => [c, def.value as (row: unknown) => SqlValue]),
          select: db.prepare(`SELECT doc FROM ${q} WHERE key = ?`).pluck() as Database.Statement<[string], string>,
          upsert: db.prepare<SqlValue[]>(`INSERT INTO ${q} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')}) ON CONFLICT(key) DO UPDATE SET ${updates}`),
          insert: db.prepare<SqlValue[]>(`INSERT INTO ${q} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`),
          remove: db.prepare<[string]>(`DELETE FROM ${q} WHERE key = ?`),
        });
      }
      this.handles.set(projection.name, tables);
      this.views.set(projection.name, { get: (table, key) => this.read(tables, table, key) as never });
    }
    this.keepsInstants = database.projections.some((projection) => Object.values(projection.tables).some((spec) => spec.kind === 'log'));
    this.committed = database.checkpoint();
    this.staged = this.committed;
  }

  /** The last position committed with the read models. */
  get committedPosition(): bigint | null {
    return this.committed;
  }

  /** The last position applied (committed or staged). */
  get stagedPosition(): bigint | null {
    return this.staged;
  }

  get pendingEvents(): number {
    return this.stagedEvents;
  }

  /**
   * Applies one event to every projection (staged until the next flush). Events at or before the
   * checkpoint are skipped. When a row cannot be read (ReadModelReadError), part of the event may
   * already be staged: everything staged since the last commit is thrown away with it, so that what
   * a flush commits is always whole events.
   */
  apply(recorded: RecordedEvent): boolean {
    if (this.staged !== null && recorded.position <= this.staged) return false;
    const event = toProjectedEvent(recorded);
    this.staged = recorded.position;
    this.stagedEvents += 1;
    if (event) {
      try {
        this.applyProjected(event);
      } catch (error) {
        if (error instanceof ReadModelReadError) this.discard();
        throw error;
      }
    }
    return true;
  }

  /**
   * Every event up to `position` has been applied: those this engine was not given are answered by
   * none of its projections (a rebuild reads only the types they answer). The next flush commits it.
   */
  passTo(position: bigint): void {
    if (this.staged !== null && position <= this.staged) return;
    this.staged = position;
    // Counted like an applied event, for the batching that reads pendingEvents; flush() commits the position.
    this.stagedEvents += 1;
  }

  private applyProjected(event: ProjectedEvent): void {
    // Parsed before any reducer runs, so an event whose instant cannot be read changes nothing at
    // all; only by engines with log tables (the only ones that keep it).
    if (this.keepsInstants) this.currentRecordedMs = instantMs(event.metadata.recordedAt);
    this.currentPosition = event.position;
    for (const projection of this.database.projections) {
      if (projection.eventTypes && !projection.eventTypes.has(event.type)) continue;
      let changes: Change<TableRows>[];
      try {
        changes = projection.reduce(this.views.get(projection.name)!, event);
      } catch (error) {
        if (error instanceof ReadModelReadError) throw error;
        this.options.onReducerFailure?.({ projection: projection.name, position: event.position, type: event.type, error });
        continue;
      }
      if (changes.length > 0) this.stage(projection, changes);
    }
  }

  private read(tables: Map<string, Handle>, table: string, key: string): unknown {
    const handle = tables.get(table);
    if (!handle || handle.kind !== 'entity') throw new Error(`No entity table ${table}`);
    handle.read = true;
    const cached = handle.cache.get(key);
    if (cached !== undefined) {
      cached.used = ++this.uses;
      return cached.row === DELETED ? undefined : cached.row;
    }
    let doc: string | undefined;
    try {
      doc = handle.written && !handle.written.mayHave(key) ? undefined : handle.select.get(key);
    } catch (error) {
      throw new ReadModelReadError(`${handle.name}: the row ${key} could not be read: ${String(error)}`, { cause: error });
    }
    const row = doc === undefined ? DELETED : JSON.parse(doc);
    handle.cache.set(key, { row, used: ++this.uses });
    return row === DELETED ? undefined : row;
  }

  private stage(projection: AnyProjection, changes: Change<TableRows>[]): void {
    const tables = this.handles.get(projection.name)!;
    for (const change of changes) {
      const handle = tables.get(change.table);
      if (!handle) throw new Error(`${projection.name}: unknown table ${change.table}`);
      if (change.op === 'append') {
        if (handle.kind !== 'log') throw new Error(`${projection.name}.${change.table} is not a log table`);
        const position = this.currentPosition;
        const pending = handle.pending.get(change.key);
        // Kept as given and serialised when written: a reducer never changes what it returned
        // (projection.ts; the in-memory fold freezes it, so a test would fail loudly).
        const entry = change.entry;
        this.pendingLogEntries += 1;
        if (pending) {
          pending.entries.push(entry);
          pending.last = position;
          if (this.currentRecordedMs < pending.firstMs) pending.firstMs = this.currentRecordedMs;
        } else {
          handle.pending.set(change.key, { first: position, last: position, firstMs: this.currentRecordedMs, entries: [entry] });
        }
        continue;
      }
      if (handle.kind !== 'entity') throw new Error(`${projection.name}.${change.table} is not an entity table`);
      const row = change.op === 'put' ? change.row : DELETED;
      const cached = handle.cache.get(change.key);
      if (cached) {
        cached.row = row;
        cached.used = ++this.uses;
      } else {
        handle.cache.set(change.key, { row, used: ++this.uses });
      }
      handle.dirty.add(change.key);
    }
  }

  /** Writes every staged change and the checkpoint in one transaction. On failure nothing is kept. */
  flush(): void {
    if (this.staged === this.committed) return;
    this.write(true);
  }

  /**
   * Write-back engines: writes the staged log entries and the rows the cache evicts (changed ones
   * first written), without the checkpoint. Other engines flush.
   */
  spill(): void {
    if (!this.options.writeBack) {
      this.flush();
      return;
    }
    if (this.stagedEvents === 0) return;
    this.write(false);
  }

  private write(complete: boolean): void {
    const position = this.staged;
    const events = this.stagedEvents;
    const writeLogs = complete || this.pendingLogEntries >= (this.options.maxPendingLogEntries ?? 300_000);
    const evicted = new Map<EntityHandle, string[]>();
    if (!complete) {
      for (const tables of this.handles.values()) {
        for (const handle of tables.values()) {
          if (handle.kind === 'entity') evicted.set(handle, oldestKeys(handle.cache, handle.read ? this.maxCachedRows : 0));
        }
      }
    }
    const write = this.database.db.transaction(() => {
      // Exactly once even if a second runner writes the same file: never commit on top of a
      // checkpoint this engine did not write.
      const current = this.database.checkpoint();
      if (current !== this.committed) {
        throw new CheckpointMovedError(`The read models are at ${String(current)}, not at ${String(this.committed)}: another runner wrote them`);
      }
      for (const tables of this.handles.values()) {
        for (const handle of tables.values()) {
          if (handle.kind === 'entity') {
            const keys = complete ? [...handle.dirty] : evicted.get(handle)!.filter((key) => handle.dirty.has(key));
            // In key order: neighbouring rows share B-tree pages.
            for (const key of keys.sort()) {
              const row = handle.cache.get(key)?.row;
              if (row === DELETED || row === undefined) {
                // A fresh file cannot hold a key this engine never wrote.
                if (!handle.written || handle.written.mayHave(key)) handle.remove.run(key);
              } else {
                const isNew = handle.written !== null && !handle.written.mayHave(key);
                (isNew ? handle.insert : handle.upsert).run(key, ...handle.columns.map(([, value]) => value(row)), JSON.stringify(row));
                if (isNew) handle.written!.add(key);
              }
            }
          } else if (writeLogs) {
            for (const [key, p] of handle.pending) {
              handle.insert.run(key, p.first, p.last, p.firstMs, JSON.stringify(p.entries));
            }
          }
        }
      }
      if (!complete) return;
      this.options.beforeCommit?.({ events, position });
      this.setCheckpoint.run(String(position));
      this.setReacted.run(String(position));
    });
    try {
      write.immediate();
    } catch (error) {
      this.discard();
      if (error instanceof CheckpointMovedError) {
        this.committed = this.database.checkpoint();
        this.staged = this.committed;
      }
      throw error;
    }
    if (complete) this.committed = position;
    this.stagedEvents = 0;
    if (writeLogs) this.pendingLogEntries = 0;
    for (const tables of this.handles.values()) {
      for (const handle of tables.values()) {
        if (handle.kind === 'log') {
          if (writeLogs) handle.pending.clear();
        } else if (complete) {
          handle.dirty.clear();
          evictOldest(handle.cache, this.maxCachedRows);
        } else {
          for (const key of evicted.get(handle)!) {
            handle.cache.delete(key);
            handle.dirty.delete(key);
          }
        }
      }
    }
  }

  /** Forgets everything staged since the last commit (the cache may hold staged rows: it goes too). */
  discard(): void {
    for (const tables of this.handles.values()) {
      for (const handle of tables.values()) {
        if (handle.kind === 'log') handle.pending.clear();
        else {
          handle.cache.clear();
          handle.dirty.clear();
        }
      }
    }
    this.staged = this.committed;
    this.stagedEvents = 0;
    this.pendingLogEntries = 0;
  }
}

// Each cached row notes when it was last used (a counter, not the Map's order: reordering a Map on
// every use cost more than all the evictions). Evicting finds the least recently used once a batch.

/** Drops the least recently used rows until the cache is back to `max` rows. */
function evictOldest(cache: Map<string, Cached>, max: number): void {
  for (const key of oldestKeys(cache, max)) cache.delete(key);
}

/** The rows to drop to bring the cache back to `max`: the least recently used. */
function oldestKeys(cache: Map<string, Cached>, max: number): string[] {
  const excess = cache.size - max;
  if (excess <= 0) return [];
  if (max === 0) return [...cache.keys()];
  // The last use of the excess-th least recently used row (a typed array sorts natively): it and
  // every row used before it go. Uses are distinct, so exactly `excess` rows do.
  const uses = new Float64Array(cache.size);
  let i = 0;
  for (const cached of cache.values()) uses[i++] = cached.used;
  const last = uses.sort()[excess - 1]!;
  const keys: string[] = [];
  for (const [key, cached] of cache) if (cached.used <= last) keys.push(key);
  return keys;
}
