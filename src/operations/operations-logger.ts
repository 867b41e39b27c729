// The small logging surface operations code needs; the composition root adapts fastify's logger.

export interface OperationsLogger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export const silentLogger: OperationsLogger = { info() {}, warn() {}, error() {} };

type LogTarget = { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };

/** How many lines written before attach() are kept for the target (the first ones: they say why). */
const KEPT_BEFORE_ATTACH = 100;

/**
 * A logger whose target is set later (the app's logger exists only after the app is built). What is
 * said before then (a store or read-model file that cannot be opened at start, said once and not
 * again while the reason stays the same) is kept and handed to the target when it is attached.
 */
export function deferredLogger(): OperationsLogger & { attach(target: LogTarget): void } {
  let target: LogTarget | null = null;
  let kept: { level: keyof LogTarget; message: string; details: Record<string, unknown> }[] = [];
  const write = (level: keyof LogTarget) => (message: string, details?: Record<string, unknown>) => {
    if (target) target[level](details ?? {}, message);
    else if (kept.length < KEPT_BEFORE_ATTACH) kept.push({ level, message, details: details ?? {} });
  };
  return {
    attach(next) {
      target = next;
      for (const { level, message, details } of kept) next[level](details, message);
      kept = [];
    },
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
}
