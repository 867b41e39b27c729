import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EventStore, RecordedEvent } from '../../../store/event-store.js';
import { requireRoles } from '../../auth.js';
import { problemResponses } from '../../problem.js';
import { AuditEventsQuery } from './schemas.js';

// The audit stream: every event of the log in order, one JSON object per line, from a position.
// It streams: events are read from the store a page at a time as the client takes them
// (backpressure), so a million events are never held in memory. Each line comes from
// `encodeLine`: the integrity module's encoder, which redacts protected fields (the reporter) and
// keeps the form the hash chain verifies.

export type AuditLineEncoder = (event: RecordedEvent) => string;

/** Lines are sent in chunks of about this many bytes. */
const CHUNK_BYTES = 64 * 1024;

async function* lines(store: EventStore, fromPosition: bigint, limit: number | undefined, encodeLine: AuditLineEncoder): AsyncGenerator<string> {
  let chunk = '';
  for await (const event of store.readAll({ fromPosition, ...(limit !== undefined ? { maxCount: limit } : {}) })) {
    chunk += encodeLine(event);
    if (chunk.length >= CHUNK_BYTES) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

export function auditEventsRoute(app: FastifyInstance, store: EventStore, encodeLine: AuditLineEncoder): void {
  app.withTypeProvider<ZodTypeProvider>().get('/audit/events', {
    onRequest: requireRoles(['auditor']),
    schema: {
      operationId: 'auditEvents',
      summary: 'Every event in log order as NDJSON, from fromPosition (auditors)',
      description: 'One JSON object per line: position, streamName, revision, id, type, created, data, metadata (positions and revisions as decimal strings). Protected fields (the reporter) are replaced by their digest, exactly as exports show them.',
      tags: ['audit'],
      security: [{ bearerAuth: [] }],
      querystring: AuditEventsQuery,
      response: {
        200: z.string().describe('NDJSON (application/x-ndjson): one event per line'),
        ...problemResponses(400, 401, 403),
      },
    },
  }, async (request, reply) => {
    const { fromPosition, limit } = request.query;
    const body = Readable.from(lines(store, BigInt(fromPosition), limit, encodeLine), { objectMode: false, highWaterMark: 4 });
    // The 200 schema documents the lines; the body is the stream itself.
    return (reply as FastifyReply).type('application/x-ndjson; charset=utf-8').header('cache-control', 'no-store').send(body);
  });
}
