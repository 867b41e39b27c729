import { StreamNotFoundError } from '../store/errors.js';
import type { EventStore } from '../store/event-store.js';
import { SEAL_STREAM } from './seal-record.js';
import { verifyLog, type VerifyOptions, type VerifyResult, type VerifySource } from './verify.js';

// The live log as a verification source, through the port only (so it works on both backends):
// the seal log read as a stream, then the whole log in order, both up to the head position as it
// was when verification started (what is appended meanwhile is left for the next run).

export function storeSource(store: EventStore, upTo: bigint | null): VerifySource {
  return {
    denseLog: store.densePositions,
    async *seals() {
      if (upTo === null) return;
      try {
        for (const event of await store.readStream(SEAL_STREAM)) {
          if (event.position <= upTo) yield event;
        }
      } catch (error) {
        if (!(error instanceof StreamNotFoundError)) throw error;
      }
    },
    async *events() {
      if (upTo === null) return;
      for await (const event of store.readAll({ fromPosition: 'start' })) {
        if (event.position > upTo) return;
        yield event;
      }
    },
  };
}

export async function verifyStore(store: EventStore, options: VerifyOptions = {}): Promise<VerifyResult> {
  return verifyLog(storeSource(store, await store.headPosition()), options);
}
