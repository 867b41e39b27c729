import type { AllStreamResolvedEvent, EventStoreDBClient, ReadAllOptions } from '@eventstore/db-client';
import { toStoreError } from './esdb-errors.js';

/** Records read per request when the adapter pages through `$all`. */
export const PAGE_SIZE = 512;

/**
 * One bounded page of `$all`, read to its end. Pages are always drained: leaving a client read
 * half-consumed would keep its gRPC call open until the client is disposed.
 */
export async function readPage(client: EventStoreDBClient, options: ReadAllOptions): Promise<AllStreamResolvedEvent[]> {
  const page: AllStreamResolvedEvent[] = [];
  for await (const resolved of client.readAll(options)) page.push(resolved);
  return page;
}

/** readPage for a read of the port: what the client throws becomes the port's error. */
export async function readPageOfAll(client: EventStoreDBClient, options: ReadAllOptions): Promise<AllStreamResolvedEvent[]> {
  try {
    return await readPage(client, options);
  } catch (error) {
    throw toStoreError(error, { operation: 'read of $all' });
  }
}
