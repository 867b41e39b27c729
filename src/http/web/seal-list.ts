import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SEAL_EVENT_TYPE, SEAL_STREAM } from '../../integrity/seal-record.js';
import { StreamNotFoundError } from '../../store/errors.js';
import type { EventStore, RecordedEvent } from '../../store/event-store.js';
import { requireRoles } from '../auth.js';

// The latest seals, newest first, for the auditors' page: each seal's root is what the bureau
// publishes. Read straight from the seal log's own stream (a seal is one event there), so listing
// them never scans the whole log.

const SealsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export async function sealList(app: FastifyInstance, options: { store: EventStore }): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/web/seals.json', {
    schema: { hide: true, querystring: SealsQuery },
    onRequest: requireRoles(['auditor']),
  }, async (request, reply) => {
    let events: RecordedEvent[];
    try {
      events = await options.store.readStream(SEAL_STREAM, { direction: 'backwards', fromRevision: 'end', maxCount: request.query.limit });
    } catch (error) {
      if (error instanceof StreamNotFoundError) events = [];
      else throw error;
    }
    reply.header('cache-control', 'no-store');
    return {
      seals: events.filter((e) => e.type === SEAL_EVENT_TYPE).map((e) => ({
        sealId: e.data.sealId,
        root: e.data.root,
        previousRoot: e.data.previousRoot,
        upToPosition: e.data.upToPosition,
        streamCount: e.data.streamCount,
        eventCount: e.data.eventCount,
        sealedAt: e.data.sealedAt,
        position: e.position.toString(),
        recordedBy: e.metadata.actor ?? null,
      })),
    };
  });
}
