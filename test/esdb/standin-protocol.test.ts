// Checks the PROTOCOL STAND-IN itself (test/fixtures/esdb-standin), NOT EventStoreDB: that what it
// answers on the wire is what the EventStoreDB client expects from a server, message by message.
// The adapter's tests lean on this; a real server is exercised by test/esdb/real-server.test.ts.

import t from 'tap';
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { EventStoreDBClient, jsonEvent, WrongExpectedVersionError, type AppendExpectedRevision } from '@eventstore/db-client';
import streamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import { startEsdbStandIn } from '../fixtures/esdb-standin/esdb-standin.js';
import { sharedPb, streamIdentifier, streamsPb } from '../fixtures/esdb-standin/messages.js';

const anEvent = () => jsonEvent({ id: randomUUID(), type: 'OfficerRegistered', data: { name: '张三' } });

async function outcome(client: EventStoreDBClient, stream: string, expectedRevision: AppendExpectedRevision, events = [anEvent()]) {
  try {
    const result = await client.appendToStream(stream, events, { expectedRevision });
    return `ok@${result.nextExpectedRevision}`;
  } catch (error) {
    if (error instanceof WrongExpectedVersionError) return `wrong:expected=${String(error.expectedVersion)},actual=${String(error.actualVersion)}`;
    throw error;
  }
}

for (const appendMode of ['append', 'batchAppend'] as const) {
  t.test(`protocol stand-in (not EventStoreDB), ${appendMode}: expected-revision answers`, async (t) => {
    const standIn = await startEsdbStandIn({ appendMode });
    const client = EventStoreDBClient.connectionString(standIn.connectionString);
    t.teardown(async () => {
      await client.dispose();
      await standIn.close();
    });

    t.equal(await outcome(client, 'unit-a', 'stream_exists'), 'wrong:expected=stream_exists,actual=no_stream');
    t.equal(await outcome(client, 'unit-a', 0n), 'wrong:expected=0,actual=no_stream');
    t.equal(await outcome(client, 'unit-a', 'no_stream'), 'ok@0');
    t.equal(await outcome(client, 'unit-a', 'no_stream'), 'wrong:expected=no_stream,actual=0');
    t.equal(await outcome(client, 'unit-a', 'stream_exists'), 'ok@1');
    t.equal(await outcome(client, 'unit-a', 'any'), 'ok@2');
    t.equal(await outcome(client, 'unit-a', 2n), 'ok@3');
    t.equal(await outcome(client, 'unit-a', 2n), 'wrong:expected=2,actual=3');
    t.equal(await outcome(client, 'unit-a', 7n), 'wrong:expected=7,actual=3');
    t.equal(await outcome(client, 'unit-b', 'any'), 'ok@0', 'any creates a stream');

    const pair = [anEvent(), anEvent()];
    t.equal(await outcome(client, 'unit-c', 'no_stream', pair), 'ok@1');
    t.equal(await outcome(client, 'unit-c', 'no_stream', pair), 'ok@1', 'a retry at the same place is idempotent');
    t.equal(await outcome(client, 'unit-c', 'any', pair), 'ok@1', 'so is a retry with any (ids remembered)');
    t.equal(await outcome(client, 'unit-c', 'no_stream', [pair[0]!, anEvent()]), 'wrong:expected=no_stream,actual=1', 'a partial match is not');
    t.equal((standIn.log.stream('unit-c') ?? []).length, 2, 'nothing written twice');
    t.equal(standIn.calls[appendMode], 14, 'every append went through the advertised path');
    t.equal(standIn.calls[appendMode === 'append' ? 'batchAppend' : 'append'], 0, 'none through the other');
  });
}

t.test('protocol stand-in (not EventStoreDB): Read answers message by message', async (t) => {
  const standIn = await startEsdbStandIn({ appendMode: 'append' });
  const client = EventStoreDBClient.connectionString(standIn.connectionString);
  const raw = new streamsGrpc.StreamsClient(`127.0.0.1:${standIn.port}`, grpc.credentials.createInsecure());
  t.teardown(async () => {
    raw.close();
    await client.dispose();
    await standIn.close();
  });
  await client.appendToStream('officer-1', [anEvent(), anEvent()], { expectedRevision: 'no_stream' });
  await client.appendToStream('officer-2', [anEvent()], { expectedRevision: 'no_stream' });
  const positions = standIn.log.all.map((event) => event.position);

  const request = (configure: (options: streamsPb.ReadReq.Options) => void): streamsPb.ReadReq => {
    const options = new streamsPb.ReadReq.Options();
    options.setUuidOption(new streamsPb.ReadReq.Options.UUIDOption().setString(new sharedPb.Empty()));
    options.setNoFilter(new sharedPb.Empty());
    options.setCount('1000');
    configure(options);
    return new streamsPb.ReadReq().setOptions(options);
  };
  const describe = (response: streamsPb.ReadResp): string => {
    if (response.hasConfirmation()) return 'confirmation';
    if (response.hasCaughtUp()) return 'caughtUp';
    if (response.hasStreamNotFound()) return 'streamNotFound';
    if (response.hasEvent()) return `event@${response.getEvent()!.getEvent()!.getCommitPosition()}`;
    return 'other';
  };
  /** Every message of a read until it ends, or the first `count` of a subscription. */
  const messages = (req: streamsPb.ReadReq, count = Infinity, whenSeen?: (seen: string[]) => void) =>
    new Promise<string[]>((resolve, reject) => {
      const seen: string[] = [];
      const call = raw.read(req);
      call.on('data', (response: streamsPb.ReadResp) => {
        seen.push(describe(response));
        whenSeen?.(seen);
        if (seen.length === count) {
          call.cancel();
          resolve(seen);
        }
      });
      call.on('end', () => resolve(seen));
      call.on('error', (error: grpc.ServiceError) => (error.code === grpc.status.CANCELLED ? resolve(seen) : reject(error)));
    });

  const missing = request((o) => o.setStream(new streamsPb.ReadReq.Options.StreamOptions().setStreamIdentifier(streamIdentifier('officer-9')).setStart(new sharedPb.Empty())));
  t.same(await messages(missing), ['streamNotFound'], 'a missing stream is answered with stream_not_found');

  const allForwards = (position: bigint) =>
    request((o) => o.setAll(new streamsPb.ReadReq.Options.AllOptions().setPosition(new streamsPb.ReadReq.Options.Position().setCommitPosition(String(position)).setPreparePosition(String(position)))));
  t.same(await messages(allForwards(positions[1]!)), [`event@${positions[1]}`, `event@${positions[2]}`], '$all forwards includes its position');
  const allBackwards = allForwards(positions[1]!);
  allBackwards.getOptions()!.setReadDirection(streamsPb.ReadReq.Options.ReadDirection.BACKWARDS);
  t.same(await messages(allBackwards), [`event@${positions[0]}`], '$all backwards starts strictly before its position');

  const subscription = request((o) => {
    o.setAll(new streamsPb.ReadReq.Options.AllOptions().setStart(new sharedPb.Empty()));
    o.setSubscription(new streamsPb.ReadReq.Options.SubscriptionOptions());
  });
  let liveWritten = false;
  const subscribed = await messages(subscription, 6, (seen) => {
    if (seen.at(-1) === 'caughtUp' && !liveWritten) {
      liveWritten = true;
      void client.appendToStream('officer-3', [anEvent()], { expectedRevision: 'no_stream' });
    }
  });
  t.same(
    subscribed,
    ['confirmation', ...positions.map((p) => `event@${p}`), 'caughtUp', `event@${standIn.log.all[3]!.position}`],
    'confirmation, past events, caught up, then live',
  );

  const afterPosition = request((o) => {
    o.setAll(new streamsPb.ReadReq.Options.AllOptions().setPosition(new streamsPb.ReadReq.Options.Position().setCommitPosition(String(positions[0])).setPreparePosition(String(positions[0]))));
    o.setSubscription(new streamsPb.ReadReq.Options.SubscriptionOptions());
  });
  t.same(
    await messages(afterPosition, 5),
    ['confirmation', ...standIn.log.all.slice(1).map((event) => `event@${event.position}`), 'caughtUp'],
    'a subscription from a position starts strictly after it',
  );
  t.ok(positions.every((position, index) => index === 0 || position > positions[index - 1]! + 1n), 'positions grow and are not contiguous');
});
