// The small logging surface operations code needs; the composition root adapts fastify's logger.

export interface OperationsLogger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export const silentLogger: OperationsLogger = { info() {}, warn() {}, error() {} };

/** A logger whose target is set later (the app's logger exists only after the app is built). */
export function deferredLogger(): OperationsLogger & { attach(target: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void }): void } {
  let target: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void } | null = null;
  return {
    attach(next) {
      target = next;
    },
    info: (message, details) => target?.info(details ?? {}, message),
    warn: (message, details) => target?.warn(details ?? {}, message),
    error: (message, details) => target?.error(details ?? {}, message),
  };
}
