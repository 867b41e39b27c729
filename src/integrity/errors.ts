// Errors of the tamper-evidence layer.

/** The register met an event without a hash chain where one is required (written around the chain). */
export class UnchainedEventError extends Error {
  override readonly name = 'UnchainedEventError';
  constructor(readonly streamName: string, readonly revision: bigint) {
    super(`Event ${revision} of "${streamName}" carries no hash chain: it was written without the register's integrity layer`);
  }
}

/** A seal could not be recorded (the seal log kept moving under us, or the store refused). */
export class SealFailedError extends Error {
  override readonly name = 'SealFailedError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
