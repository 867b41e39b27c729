import type { AllStreamResolvedEvent, EventStoreDBClient, ReadAllOptions } from '@eventstore/db-client';

/**
 * One bounded page of `$all`, read to its end. Pages are always drained: leaving a client read
 * half-consumed would keep its gRPC call open until the client is disposed.
 */
export async function readPage(client: EventStoreDBClient, options: ReadAllOptions): Promise<AllStreamResolvedEvent[]> {
  const page: AllStreamResolvedEvent[] = [];
  for await (const resolved of client.readAll(options)) page.push(resolved);
  return page;
}
