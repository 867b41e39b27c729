import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { DEFAULT_BUREAU_TIMEZONE } from '../../domain/shared/calendar.js';
import { reportChannels, violationCategories } from '../../domain/shared/codes.js';
import { streamNames } from '../../domain/streams.js';
import { SEAL_STREAM } from '../../integrity/seal-record.js';
import { caseIdOf, SEAL_PATH } from './keyed-request.js';

// Concurrent authenticated writes against a running register, over real HTTP. Every write carries
// an Idempotency-Key; a write counts as acknowledged only when its whole 201 answer was received.
// The mix: new units (a stream's first event), officers in acknowledged units, warning education
// for acknowledged officers (later revisions of existing streams, sometimes racing each other on
// one stream), case reports about them (a new stream named by an id derived from the key), the
// verification of acknowledged reports, then its finding (several events in one append: the finding
// and the accountability it flags), then a sanction (decided in the case's stream, its effect written
// to the officer's stream by a second append), a review of the sanction and its decision (annulled:
// a second append again, the sanction's revision in the officer's stream; upheld: none), and now and
// then a seal (its id derived from the key).

export type WriteKind =
  | 'unit' | 'officer' | 'warning-education' | 'case' | 'verification' | 'finding' | 'sanction' | 'appeal' | 'appeal-decision' | 'seal';

/** A case of the load, the officer it is about, and once they are known its sanction and the review of it. */
export interface DrillCase {
  caseId: string;
  officerId: string;
  sanctionId?: string;
  appealId?: string;
}

export interface WriteRequest {
  kind: WriteKind;
  path: string;
  body: Record<string, unknown>;
  idempotencyKey: string;
  /** The stream the write appends to. */
  stream: string;
  /** Whether the answer's `id` is the id of the event at the answered position (else of the stream's subject, the sanction, or an earlier event of the write). */
  answersEventId: boolean;
  /** The case a verification, finding, sanction, appeal or decision is for. */
  case?: DrillCase;
}

export interface Acknowledged extends WriteRequest {
  id: string;
  revision: bigint;
  position: bigint;
}

export interface LoadResult {
  acknowledged: Acknowledged[];
  /** Answered with something other than 201 (e.g. 409 when two writes raced on one officer). */
  refused: number;
  /** Failed without an answer while the register was up (should stay 0 before the kill). */
  failedBeforeStop: number;
  /** Sent but not answered when the load stopped (e.g. the kill): unknown outcome, not acknowledged. */
  inFlightAtStop: WriteRequest[];
  /** Requests sent. */
  sent: number;
  ms: number;
}

export interface WriteLoad {
  /** Resolves once `count` writes have been acknowledged (or the load ended). */
  waitForAcknowledged(count: number): Promise<void>;
  readonly acknowledgedSoFar: number;
  /**
   * Stops sending new requests. Requests in flight still get their answer, or fail when the
   * register dies: those are in flight at the stop, with an unknown outcome, never acknowledged.
   */
  stop(): void;
  /** Resolves when every worker has ended. */
  finished: Promise<LoadResult>;
}

export interface WriteLoadOptions {
  url: string;
  token: string;
  /** The token's subject: the register derives a keyed report's case id from it. */
  actor: string;
  concurrency: number;
  /** Prefix of the ids the load chooses, unique per round. */
  idPrefix: string;
  /** Units and officers acknowledged earlier (e.g. in earlier rounds), to write under. */
  knownOfficers?: readonly string[];
  /** Cases acknowledged earlier at a step, with nothing sent for the next yet: reported, verified, found, sanctioned, appealed. */
  knownCases?: CasesByStep;
  requestTimeoutMs?: number;
}

const TOPICS = ['八不准专题警示教育', '六严禁案例通报会', '四必究制度学习', '执法规范化培训'];

export interface CasesByStep {
  reported: readonly DrillCase[];
  verifying: readonly DrillCase[];
  found: readonly DrillCase[];
  /** With their sanction's id. */
  sanctioned: readonly DrillCase[];
  /** With their sanction's and their review's ids. */
  appealed: readonly DrillCase[];
}

/** The case a verification, finding, sanction, appeal or decision is for. */
export function caseOf(request: WriteRequest): DrillCase {
  if (request.case === undefined) throw new Error(`${request.kind} ${request.path} is not for a case`);
  return request.case;
}

/** The next step of a case: a write to its stream. */
function caseStep(kind: WriteKind, drillCase: DrillCase, step: string, answersEventId: boolean, body: Record<string, unknown>): WriteRequest {
  return {
    kind, path: `/api/v1/cases/${drillCase.caseId}/${step}`, body, idempotencyKey: randomUUID(), stream: streamNames.case(drillCase.caseId), answersEventId, case: drillCase,
  };
}

/** The bureau's calendar date today (a sanction takes effect no later than today, and not before its report). */
function today(): string {
  // The register under the drill inherits this process's environment, its zone included.
  return DateTime.now().setZone(process.env.BUREAU_TIMEZONE || DEFAULT_BUREAU_TIMEZONE).toISODate()!;
}

export function startWriteLoad(options: WriteLoadOptions): WriteLoad {
  const started = performance.now();
  const acknowledged: Acknowledged[] = [];
  const units: string[] = [];
  const officers: string[] = [...(options.knownOfficers ?? [])];
  // Cases move from reported to verified to found: each is taken off its list when a request for its
  // next step is sent (two writers never race on one case), and joins the next list once acknowledged.
  const reported: DrillCase[] = [...(options.knownCases?.reported ?? [])];
  const verifying: DrillCase[] = [...(options.knownCases?.verifying ?? [])];
  const found: DrillCase[] = [...(options.knownCases?.found ?? [])];
  const sanctioned: DrillCase[] = [...(options.knownCases?.sanctioned ?? [])];
  const appealed: DrillCase[] = [...(options.knownCases?.appealed ?? [])];
  let refused = 0;
  let failedBeforeStop = 0;
  let sent = 0;
  let counter = 0;
  let stopped = false;
  const inFlightAtStop: WriteRequest[] = [];
  let waiters: { count: number; resolve: () => void }[] = [];

  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
  const take = <T>(items: T[]): T => items.splice(Math.floor(Math.random() * items.length), 1)[0]!;

  function nextRequest(): WriteRequest {
    counter += 1;
    const n = counter;
    const roll = Math.random();
    if (units.length > 0 && roll < 0.3) {
      const officerId = `${options.idPrefix}-O${n}`;
      return {
        kind: 'officer',
        path: '/api/v1/officers',
        body: { officerId, name: `执法人员${n}`, unitId: pick(units), hiredOn: '2019-03-01' },
        idempotencyKey: randomUUID(),
        stream: streamNames.officer(officerId),
        answersEventId: false,
      };
    }
    if (officers.length > 0 && roll < 0.44) {
      const officerId = pick(officers);
      const request = {
        path: '/api/v1/cases',
        body: {
          officerIds: [officerId], category: pick(violationCategories), channel: pick(reportChannels),
          occurredOn: '2024-05-01', summary: `第${n}号举报：执法态度生硬，随意罚款`,
        },
        idempotencyKey: randomUUID(),
      };
      const caseId = caseIdOf(request, options.actor);
      return { kind: 'case', ...request, stream: streamNames.case(caseId), answersEventId: false, case: { caseId, officerId } };
    }
    if (found.length > 0 && roll < 0.5) {
      const drillCase = take(found);
      // The answer names the sanction.
      return caseStep('sanction', drillCase, 'sanctions', false, {
        officerId: drillCase.officerId, kind: 'criticism_education', effectiveOn: today(), basis: `依据核实结论，第${n}号`,
      });
    }
    if (verifying.length > 0 && roll < 0.54) {
      // The answer names the finding's event; its revision and position are those of the last event written.
      return caseStep('finding', take(verifying), 'findings', false, { outcome: 'substantiated', severity: 'minor', summary: `经核实，第${n}号反映问题属实` });
    }
    if (reported.length > 0 && roll < 0.6) {
      return caseStep('verification', take(reported), 'verification', true, { inspectorId: 'inspector-drill' });
    }
    if (sanctioned.length > 0 && roll < 0.63) {
      // The answer names the appeal.
      const drillCase = take(sanctioned);
      return caseStep('appeal', drillCase, 'appeals', false, { sanctionId: drillCase.sanctionId, stage: 'review', filedOn: today() });
    }
    if (appealed.length > 0 && roll < 0.66) {
      // The answer names the appeal. Annulled, the sanction's revision is written to the officer's stream.
      const drillCase = take(appealed);
      return caseStep('appeal-decision', drillCase, `appeals/${drillCase.appealId}/decision`, false, {
        outcome: Math.random() < 0.5 ? 'annulled' : 'upheld', decidedOn: today(),
      });
    }
    if (roll > 0.99) {
      return { kind: 'seal', path: SEAL_PATH, body: {}, idempotencyKey: randomUUID(), stream: SEAL_STREAM, answersEventId: true };
    }
    if (officers.length > 0 && roll < 0.75) {
      const officerId = pick(officers);
      return {
        kind: 'warning-education',
        path: `/api/v1/officers/${encodeURIComponent(officerId)}/warning-education`,
        // A session of its own each time: the register records an officer's attendance at one session once.
        body: { attendedOn: '2024-05-08', topic: `${pick(TOPICS)}（第${n}期）` },
        idempotencyKey: randomUUID(),
        stream: streamNames.officer(officerId),
        answersEventId: true,
      };
    }
    const unitId = `${options.idPrefix}-U${n}`;
    return {
      kind: 'unit',
      path: '/api/v1/units',
      body: { unitId, name: `第${n}执法中队` },
      idempotencyKey: randomUUID(),
      stream: streamNames.unit(unitId),
      answersEventId: false,
    };
  }

  function notify(): void {
    waiters = waiters.filter((waiter) => {
      if (acknowledged.length >= waiter.count || stopped) {
        waiter.resolve();
        return false;
      }
      return true;
    });
  }

  async function worker(): Promise<void> {
    while (!stopped) {
      const request = nextRequest();
      sent += 1;
      try {
        const response = await fetch(`${options.url}${request.path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${options.token}`,
            'content-type': 'application/json',
            'idempotency-key': request.idempotencyKey,
          },
          body: JSON.stringify(request.body),
          signal: AbortSignal.timeout(options.requestTimeoutMs ?? 15_000),
        });
        // Acknowledged only once the whole answer is in: a body cut short by the kill is no answer.
        const text = await response.text();
        if (response.status === 201) {
          const answer = JSON.parse(text) as { id: string; revision: string; position: string };
          acknowledged.push({ ...request, id: answer.id, revision: BigInt(answer.revision), position: BigInt(answer.position) });
          if (request.kind === 'unit') units.push(answer.id);
          else if (request.kind === 'officer') officers.push(answer.id);
          else if (request.kind === 'case') reported.push(caseOf(request));
          else if (request.kind === 'verification') verifying.push(caseOf(request));
          else if (request.kind === 'finding') found.push(caseOf(request));
          else if (request.kind === 'sanction') sanctioned.push({ ...caseOf(request), sanctionId: answer.id });
          else if (request.kind === 'appeal') appealed.push({ ...caseOf(request), appealId: answer.id });
          notify();
        } else {
          refused += 1;
        }
      } catch {
        // No answer: the register died, or the request timed out. Unknown outcome.
        if (stopped) inFlightAtStop.push(request);
        else failedBeforeStop += 1;
      }
    }
  }

  const workers = Array.from({ length: options.concurrency }, () => worker());
  const finished = Promise.all(workers).then((): LoadResult => ({
    acknowledged: [...acknowledged],
    refused,
    failedBeforeStop,
    inFlightAtStop,
    sent,
    ms: performance.now() - started,
  }));

  return {
    waitForAcknowledged(count) {
      if (acknowledged.length >= count || stopped) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    get acknowledgedSoFar() {
      return acknowledged.length;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      notify();
    },
    finished,
  };
}
