import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readAllGoingOn } from '../../../integrity/read-all-going-on.js';
import type { UnreadableEvent } from '../../../integrity/unreadable-event.js';
import type { EventStore, RecordedEvent } from '../../../store/event-store.js';
import { requireRoles } from '../../auth.js';
import { problemResponses } from '../../problem.js';
import { assertLogReaches } from './read-context.js';
import { AuditEventsQuery } from './schemas.js';

// The audit stream: every event of the log in order, one JSON object per line, from a position.
// It streams: events are read from the store a page at a time as the client takes them
// (backpressure), so a million events are never held in memory. Each line comes from
// `encodeLine`: the integrity module's encoder, which redacts protected fields (the reporter) and
// keeps the form the hash chain verifies. `stream` and `type` keep only the events that match, on
// the server: a search sends what it found, never the log it searched. An event the store holds but
// cannot read comes as a line that says so, in its place, and the stream goes on: whatever the type
// asked for (its type cannot be trusted), when its stream matches or cannot be read.

export type AuditLineEncoder = (event: RecordedEvent | UnreadableEvent) => string;

/** Lines are sent in chunks of about this many bytes. */
const CHUNK_BYTES = 64 * 1024;

interface AuditEventFilter {
  stream?: string | undefined;
  type?: string | undefined;
}

/** Whether an event passes the filter (no filter: every event). */
function matchesFilter(event: RecordedEvent | UnreadableEvent, filter: AuditEventFilter): boolean {
  if ('unreadable' in event) return filter.stream === undefined || event.streamName === null || event.streamName.startsWith(filter.stream);
  return (filter.stream === undefined || event.streamName.startsWith(filter.stream)) && (filter.type === undefined || event.type === filter.type);
}

async function* lines(store: EventStore, fromPosition: bigint, limit: number | undefined, filter: AuditEventFilter, encodeLine: AuditLineEncoder): AsyncGenerator<string> {
  const filtered = filter.stream !== undefined || filter.type !== undefined;
  // Unfiltered, the store stops after `limit`; filtered, the limit counts the events that match.
  const events = readAllGoingOn(store, { fromPosition, ...(limit !== undefined && !filtered ? { maxCount: limit } : {}) });
  let chunk = '';
  let sent = 0;
  for await (const event of events) {
    if (filtered && !matchesFilter(event, filter)) continue;
    chunk += encodeLine(event);
    sent += 1;
    if (chunk.length >= CHUNK_BYTES) {
      yield chunk;
      chunk = '';
    }
    if (limit !== undefined && sent >= limit) break;
  }
  if (chunk) yield chunk;
}

export function auditEventsRoute(app: FastifyInstance, store: EventStore, encodeLine: AuditLineEncoder): void {
  app.withTypeProvider<ZodTypeProvider>().get('/audit/events', {
    onRequest: requireRoles(['auditor']),
    schema: {
      operationId: 'auditEvents',
      summary: 'Every event in log order as NDJSON, from fromPosition (auditors)',
      description: 'One JSON object per line: position, streamName, revision, id, type, created, data, metadata (positions and revisions as decimal strings). '
        + 'Protected fields (the reporter) are replaced by their digest, exactly as exports show them. '
        + '`stream` (a stream name or its start) and `type` keep only matching events; `limit` then counts the events sent. '
        + 'An event the store holds but cannot read (altered in storage) comes in its place as `{ position, streamName, revision, id, unreadable, metadata? }`: `unreadable` says what cannot be read, `metadata` is there when it reads; its data never is (it cannot be redacted). Such a line is sent whatever `type` asks for, when its stream matches. '
        + '`fromPosition` need not be an event\'s position (on EventStoreDB positions are byte offsets with gaps): the stream starts at the first event at or after it. '
        + 'To read on, ask again from the position after the last line received (its `position` + 1), on either store.',
      tags: ['audit'],
      security: [{ bearerAuth: [] }],
      querystring: AuditEventsQuery,
      response: {
        200: {
          description: 'NDJSON: one event per line',
          content: { 'application/x-ndjson': { schema: z.string().describe('One JSON object per line (NDJSON)') } },
        },
        ...problemResponses(400, 401, 403, 429, 503),
      },
    },
  }, async (request, reply) => {
    const { fromPosition, limit, stream, type, minPosition } = request.query;
    await assertLogReaches(store, minPosition);
    const body = Readable.from(lines(store, BigInt(fromPosition), limit, { stream, type }, encodeLine), { objectMode: false, highWaterMark: 4 });
    // The 200 schema documents the lines; the body is the stream itself.
    return (reply as FastifyReply).type('application/x-ndjson; charset=utf-8').header('cache-control', 'no-store').send(body);
  });
}
