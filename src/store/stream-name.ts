import { InvalidAppendError } from './errors.js';

// `<category>-<id>`: the category has no dash, so `$ce-<category>` style grouping works on EventStoreDB.
const STREAM_NAME = /^[a-z][a-zA-Z0-9]*-[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

export function isStreamName(streamName: unknown): streamName is string {
  return typeof streamName === 'string' && STREAM_NAME.test(streamName);
}

export function assertStreamName(streamName: unknown): asserts streamName is string {
  if (!isStreamName(streamName)) {
    throw new InvalidAppendError(`Invalid stream name ${JSON.stringify(streamName)}: expected "<category>-<id>"`);
  }
}

export function streamCategory(streamName: string): string {
  return streamName.slice(0, streamName.indexOf('-'));
}

export function streamId(streamName: string): string {
  return streamName.slice(streamName.indexOf('-') + 1);
}
