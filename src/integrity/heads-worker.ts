import { parentPort, workerData } from 'node:worker_threads';
import { readStreamEnds } from '../store/sqlite/log-file-reader.js';
import { sendError } from '../store/sqlite/sent-error.js';
import { UnchainedEventError } from './errors.js';
import { chainLink } from './event-hash.js';
import type { FromHeadsThread, HeadsThreadData } from './heads-thread.js';
import type { StreamHeadsSnapshot } from './stream-heads.js';

// Reads the head of every stream of the embedded store's file, read-only, and answers with them
// (see heads-thread.ts).

const port = parentPort;
if (!port) throw new Error('heads-worker.ts runs as a worker thread (see heads-thread.ts)');
const { storePath } = workerData as HeadsThreadData;

function snapshot(): StreamHeadsSnapshot {
  const { upTo, events, ends } = readStreamEnds(storePath);
  return {
    upTo,
    events,
    heads: ends.map(({ streamName, revision, position, metadata }) => {
      const link = chainLink(metadata);
      if (!link) throw new UnchainedEventError(streamName, revision);
      return [streamName, revision, position, link.hash];
    }),
  };
}

let answer: FromHeadsThread;
try {
  answer = { result: snapshot() };
} catch (error) {
  answer = { error: sendError(error) };
}
port.postMessage(answer);
