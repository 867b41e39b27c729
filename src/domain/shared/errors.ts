// How a decision says no. The HTTP layer maps these to problem documents (409, 404, 403).

/** A named rule of the register refused the command. `rule` is a stable code (see rules.ts). */
export class RuleViolation extends Error {
  override readonly name = 'RuleViolation';
  constructor(readonly rule: string, message: string) {
    super(message);
  }
}

/** The thing the command is about does not exist (an unknown officer, case, sanction...). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(readonly resource: string, readonly id: string) {
    super(`Unknown ${resource} "${id}"`);
  }
}

/** The actor may not act here, whatever their role: e.g. they are a subject of the case. */
export class ActorNotPermittedError extends Error {
  override readonly name = 'ActorNotPermittedError';
  constructor(readonly rule: string, message: string) {
    super(message);
  }
}
