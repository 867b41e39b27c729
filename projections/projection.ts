import type { ProjectedEvent } from './projected-event.js';

// A projection is a pure reducer over keyed tables. Its state is a set of tables (entity tables: a
// row per key; log tables: an ordered list of entries per key). For each event the reducer reads
// what it needs through a read-only view of that state and answers the changes the event makes:
//
//   step(state, event) = apply(state, reduce(view(state), event))
//
// The reducer never mutates what it reads and does no I/O, so it is tested with plain maps
// (foldInMemory below) and run at scale by the projection runner, which keeps the same tables in
// SQLite behind a cache and applies the changes of a batch of events in one transaction.

export type SqlValue = string | number | bigint | null;

/** A column the read model keeps beside a row's JSON document, so queries can filter and sort on it. */
export interface Column<Row> {
  type: 'TEXT' | 'INTEGER';
  value(row: Row): SqlValue;
}

export interface EntityTableSpec<Row> {
  kind: 'entity';
  columns?: Record<string, Column<Row>>;
  /** Each an ordered list of column names to index. */
  indexes?: readonly (readonly string[])[];
}

/** Entries are kept per key in log order; they are only ever appended. */
export interface LogTableSpec {
  kind: 'log';
}

export type TableSpec<Row> = EntityTableSpec<Row> | LogTableSpec;

/** The row type of each table, by table name. */
export type TableRows = Record<string, unknown>;

export type TableSpecs<S extends TableRows> = { [K in keyof S]: TableSpec<S[K]> };

export type Change<S extends TableRows> = {
  [K in keyof S & string]:
    | { op: 'put'; table: K; key: string; row: S[K] }
    | { op: 'delete'; table: K; key: string }
    | { op: 'append'; table: K; key: string; entry: S[K] };
}[keyof S & string];

/** Read-only access to the entity tables as they stand before the event. */
export interface ProjectionView<S extends TableRows> {
  get<K extends keyof S & string>(table: K, key: string): Readonly<S[K]> | undefined;
}

export interface Projection<S extends TableRows = TableRows> {
  /** The read model's name: its tables, digest and routes go by it. */
  readonly name: string;
  /** Bump when the reducer or the tables change: the runner then rebuilds every read model. */
  readonly version: number;
  readonly tables: TableSpecs<S>;
  /**
   * The event types the reducer can answer with changes, when it names them: it answers every other
   * event with none, so the runner need not ask it (and a rebuild's helper thread need not be sent
   * them). A test holds every list complete.
   */
  readonly eventTypes?: ReadonlySet<string>;
  reduce(view: ProjectionView<S>, event: ProjectedEvent): Change<S>[];
}

/** Any projection, whatever its tables (for lists of projections). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProjection = Projection<any>;

export function put<S extends TableRows, K extends keyof S & string>(table: K, key: string, row: S[K]): Change<S> {
  return { op: 'put', table, key, row } as Change<S>;
}

export function remove<S extends TableRows, K extends keyof S & string>(table: K, key: string): Change<S> {
  return { op: 'delete', table, key } as Change<S>;
}

export function append<S extends TableRows, K extends keyof S & string>(table: K, key: string, entry: S[K]): Change<S> {
  return { op: 'append', table, key, entry } as Change<S>;
}

/** The state of a projection held in plain maps: entity tables map key → row, log tables key → entries. */
export type MemoryTables = Record<string, Map<string, unknown>>;

export function emptyTables(projection: AnyProjection): MemoryTables {
  return Object.fromEntries(Object.keys(projection.tables).map((name) => [name, new Map<string, unknown>()]));
}

/**
 * One step of the fold, in memory: the state after the event. The state passed in is not changed;
 * rows are frozen so that a reducer that mutates what it read fails loudly in tests.
 */
export function stepInMemory(projection: AnyProjection, state: MemoryTables, event: ProjectedEvent): MemoryTables {
  const view: ProjectionView<TableRows> = {
    get: (table, key) => state[table]?.get(key) as never,
  };
  const changes = projection.reduce(view, event) as Change<TableRows>[];
  if (changes.length === 0) return state;
  const next: MemoryTables = { ...state };
  const copied = new Set<string>();
  for (const change of changes) {
    if (!copied.has(change.table)) {
      const current = state[change.table];
      if (!current) throw new Error(`${projection.name}: unknown table ${change.table}`);
      next[change.table] = new Map(current);
      copied.add(change.table);
    }
    const table = next[change.table]!;
    if (change.op === 'put') table.set(change.key, deepFreeze(change.row));
    else if (change.op === 'delete') table.delete(change.key);
    else table.set(change.key, [...((table.get(change.key) as unknown[] | undefined) ?? []), deepFreeze(change.entry)]);
  }
  return next;
}

export function foldInMemory(projection: AnyProjection, events: Iterable<ProjectedEvent>, from?: MemoryTables): MemoryTables {
  let state = from ?? emptyTables(projection);
  for (const event of events) state = stepInMemory(projection, state, event);
  return state;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
