import { DateTime } from 'luxon';
import { z } from 'zod';
import { caseStatuses } from '../../../../projections/case-register.js';
import { rotationStatuses } from '../../../../projections/rotation-schedule.js';
import { calendarDate } from '../../../domain/shared/calendar.js';
import { ClientId, ReportChannel, SanctionCapacity, SanctionKind, ViolationCategory } from '../../../domain/shared/codes.js';

// Query strings of the read routes (zod: validated, and part of the OpenAPI document). Strict: a
// parameter a route does not take (a misspelt filter, say) is a 400 naming it, never ignored, so a
// mistyped `?stauts=overdue` cannot answer (or download) every row as if it had been asked for.

const decimal = z.string().regex(/^(0|[1-9][0-9]{0,18})$/, 'must be a log position: a decimal number');

export const MinPosition = {
  minPosition: decimal.optional().describe('Wait (briefly) until the read models include this log position: the `position` a write answered'),
};

export const date = (description: string) => calendarDate.describe(`${description} (YYYY-MM-DD, the bureau's calendar)`);

export const limit = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback).describe(`Rows per page (1..${max}, default ${fallback})`);

export const Format = z.enum(['json', 'csv']).optional()
  .describe('`csv` downloads every matching row as a spreadsheet (UTF-8 with BOM, header row); `json` the JSON answer. Without it the Accept header chooses: `text/csv` preferred to `application/json` gives the CSV, anything else (none, `*/*`) JSON. `format` wins over Accept');
export const Lang = z.enum(['zh', 'en']).default('zh').describe('Language of the CSV header row and code labels');

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** An ISO 8601 date and time with its offset (Z, +08:00 or +0800), to the minute or finer. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** An instant with an offset, or a calendar date; one message that says which forms are taken. */
const instantOrDate = z.string().superRefine((value, ctx) => {
  const valid = CALENDAR_DATE.test(value)
    ? calendarDate.safeParse(value).success
    : ISO_INSTANT.test(value) && DateTime.fromISO(value, { setZone: true }).isValid;
  if (!valid) {
    ctx.addIssue({
      code: 'custom',
      message: `must be an ISO instant with its offset (e.g. 2024-01-10T10:00:00+08:00 or 2024-01-10T02:00Z) or a date (YYYY-MM-DD), not "${value.slice(0, 40)}"`,
    });
  }
});

export const OfficerHistoryQuery = z.strictObject({
  asOf: instantOrDate
    .optional()
    .describe('An ISO instant with offset: the register as it stood then (only what was recorded by then). A date means the end of that day in the bureau\'s zone.'),
  ...MinPosition,
});

export const RotationScheduleQuery = z.strictObject({
  unitId: z.string().min(1).max(64).optional(),
  status: z.enum(rotationStatuses).optional().describe('overdue: due date passed; due_soon: due within the next dueSoonDays days; ok: later'),
  dueBefore: date('Only rotations due (after any deferral) before this date').optional(),
  educatedBefore: date('Only holders whose latest warning education (警示教育) was before this date, or who have none on record').optional(),
  dueSoonDays: z.coerce.number().int().min(1).max(3650).optional().describe('The due-soon window in days (default: the server\'s, 90)'),
  limit: limit(5000, 100),
  cursor: z.string().max(500).optional().describe('`nextCursor` of the previous page'),
  format: Format,
  lang: Lang,
  ...MinPosition,
});

export const booleanString = z.enum(['true', 'false']).transform((v) => v === 'true');

export const CaseListQuery = z.strictObject({
  status: z.enum(caseStatuses).optional(),
  category: ViolationCategory.optional(),
  channel: ReportChannel.optional(),
  overdue: booleanString.optional().describe('true: verification due date passed with a subject still without a finding, and the case still open'),
  officerId: z.string().min(1).max(64).optional().describe('Cases with this officer among the subjects'),
  unitId: z.string().min(1).max(64).optional().describe('Cases with a subject of this unit'),
  inspectorId: z.string().min(1).max(200).optional(),
  reportedFrom: date('Reported on or after').optional(),
  reportedTo: date('Reported on or before').optional(),
  limit: limit(1000, 100),
  cursor: z.string().max(500).optional().describe('`nextCursor` of the previous page'),
  format: Format,
  lang: Lang,
  ...MinPosition,
});

export const CaseParams = z.object({ caseId: z.string().min(1).max(200) });
export const OfficerParams = z.object({ officerId: z.string().min(1).max(200) });

export const StatisticsQuery = z.strictObject({
  from: date('First day counted').optional(),
  to: date('Last day counted').optional(),
  basis: z.enum(['reported', 'occurred']).default('reported').describe('Count cases by the day they were reported (default) or the day the breach happened'),
  unitId: ClientId.optional()
    .describe('Only what counts in this unit (a unit id): its cases, the sanctions counted in it, the findings on its subjects and the interventions held with them. A unit without any (or not registered) counts zero'),
  format: Format,
  lang: Lang,
  ...MinPosition,
});

export const AlertsQuery = z.strictObject({
  ruleRef: z.enum(['bj-1', 'bj-2', 'bj-3', 'bj-4']).optional(),
  unitId: z.string().min(1).max(64).optional(),
  outstanding: booleanString.optional()
    .describe('true: the bj-1 and bj-2 alerts whose case records no sanction in force and no intervention for the one accountable (追责未落实); false: those it does. bj-3 and bj-4 match neither'),
  from: date('Raised on or after').optional(),
  to: date('Raised on or before').optional(),
  limit: limit(5000, 500),
  cursor: z.string().max(500).optional().describe('`nextCursor` of the previous page (of alerts)'),
  ...MinPosition,
});

/** The audit stream's query: where to start, how many, and which events (both filters optional). */
export const AuditEventsQuery = z.strictObject({
  fromPosition: decimal.default('0').describe('The first log position to send (inclusive); a position no event has starts at the next event'),
  stream: z.string().min(1).max(200).optional()
    .describe('Only events of streams whose name starts with this (`officer-A001` for one officer\'s stream, `case-` for every case)'),
  type: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,99}$/, 'must be an event type, e.g. CaseReported').optional()
    .describe('Only events of this type (e.g. `CaseReported`)'),
  limit: z.coerce.number().int().min(1).optional()
    .describe('At most this many events (counted after `stream` and `type`; default: to the end of the log)'),
  minPosition: MinPosition.minPosition.describe('Taken as on every read: the stream reads the log itself, which holds every write answered, so it never waits; a position beyond the end of the log is a 400'),
});

// Responses: documented for the OpenAPI document. They are serialized as they are (the queries
// build them), without a second validation on every answer.
const loose = (id: string, description: string) => z.looseObject({}).meta({ id, description });

export const RotationSchedulePage = z.object({
  today: z.string(),
  dueSoonDays: z.number(),
  total: z.number().describe('Rows matching the filters, on all pages'),
  items: z.array(z.object({
    officerId: z.string(), officerName: z.string(), postId: z.string(), postTitle: z.string(), unitId: z.string(), unitName: z.string().nullable(),
    since: z.string(), periodMonths: z.number(), dueOn: z.string().describe('Tenure start plus the post\'s rotation period'),
    deferredUntil: z.string().nullable(), effectiveDueOn: z.string().describe('deferredUntil, else dueOn: what the status is computed from'),
    status: z.enum(rotationStatuses),
    lastWarningEducationOn: z.string().nullable().describe('The latest day the holder attended warning education (警示教育); null when none is on record'),
    offPostTrainingSince: z.string().nullable()
      .describe('The holder is in off-post training (离岗培训: an off_post_training sanction in force, not yet completed) since this day: they keep the post, but no assignment moves them until its completion is recorded (409 off_post_training_in_progress). Null when in none'),
    offPostTrainingUntil: z.string().nullable()
      .describe('The planned end of that training, as imposed or as a review or appeal decision set it (of several, the latest); null when in none, or when it has no planned end'),
  })),
  nextCursor: z.string().nullable(),
}).meta({ id: 'RotationSchedulePage' });

export const OfficerRosterQuery = z.strictObject({
  unitId: z.string().min(1).max(64).optional().describe('Officers of this unit now (the unit of the post they hold, else the one registered)'),
  inService: booleanString.optional().describe('true: still in service; false: dismissed or expelled'),
  qualified: booleanString.optional().describe('true: holds an enforcement qualification (执法资格) now; false: does not (never had one, or it was revoked)'),
  postId: z.string().min(1).max(64).optional().describe('Officers holding this post now'),
  search: z.string().trim().min(1).max(64).optional().describe('Part of the officer\'s name or id'),
  limit: limit(1000, 100),
  cursor: z.string().max(500).optional().describe('`nextCursor` of the previous page'),
  format: Format,
  lang: Lang,
  ...MinPosition,
});

export const OfficerRosterPage = z.object({
  total: z.number().describe('Officers matching the filters, on all pages'),
  items: z.array(z.object({
    officerId: z.string(), name: z.string(), unitId: z.string(), unitName: z.string().nullable(), hiredOn: z.string(),
    inService: z.boolean(),
    separation: z.object({ kind: z.enum(['dismissal', 'expulsion']), effectiveOn: z.string() }).nullable().describe('How and when the officer left service; null while in service'),
    qualified: z.boolean().describe('Holds an enforcement qualification now'),
    certificateNo: z.string().nullable(),
    qualifiedSince: z.string().nullable().describe('Qualified without a break since (a renewal continues the holding)'),
    qualificationRevokedOn: z.string().nullable().describe('The day a sanction revoked the qualification, while it stays revoked'),
    postId: z.string().nullable(), postTitle: z.string().nullable(), postSince: z.string().nullable(),
    enforcementPost: z.boolean().nullable(), sensitivePost: z.boolean().nullable(),
    rotationDueOn: z.string().nullable().describe('When rotation off the sensitive post held is due, after any deferral (the rotation schedule has the detail)'),
    offPostTrainingSince: z.string().nullable().describe('When an off-post training (离岗培训) in progress began; null when none is'),
    offPostTrainingUntil: z.string().nullable().describe('Its planned end, as imposed or as a review or appeal decision set it (null when none is in progress or it has none), as the rotation schedule gives it'),
    sanctions: z.array(z.object({ sanctionId: z.string(), caseId: z.string(), kind: SanctionKind, capacity: SanctionCapacity, effectiveOn: z.string() }))
      .describe('The sanctions on the officer\'s record, not annulled on review or appeal, in the order they took effect (a reduced one: its replacement)'),
    lastWarningEducationOn: z.string().nullable().describe('The latest day the officer attended warning education (警示教育)'),
  }).meta({ id: 'RosterOfficer' })),
  nextCursor: z.string().nullable(),
}).meta({ id: 'OfficerRosterPage' });

/** The two days of a report: when the bureau received it, and when it was entered in the register. */
const caseDays = {
  reportedOn: z.string().describe('The day the bureau received the report (受理日期): the day it was entered, unless the report gave an earlier one'),
  enteredOn: z.string().describe('The day the report was entered in the register (登记日期: the bureau\'s date of its record time); later than reportedOn when it was entered late'),
};

export const CasePage = z.object({
  today: z.string(),
  total: z.number(),
  items: z.array(z.looseObject(caseDays).meta({ id: 'CaseSummary', description: 'A case of the register (never its reporter)' })),
  nextCursor: z.string().nullable(),
}).meta({ id: 'CasePage' });

export const CaseDetail = z.looseObject({
  ...caseDays,
  concernsYou: z.boolean().describe('Whether the case concerns the caller (a subject, sanctioned or held accountable in it, or the head of a subject\'s unit on the day of the breach): their writes to it are refused'),
}).meta({ id: 'CaseDetail', description: 'A case with everything recorded under it; `reporter` only for inspectors the case does not concern' });
export const OfficerHistory = z.object({
  officerId: z.string(),
  asOf: z.string().nullable(),
  state: loose('OfficerState', 'Unit, post, qualification, sanctions in force, training, service, cases, accountability'),
  timeline: z.array(loose('TimelineEntry', 'One event about the officer: type, data, position, recordedAt and recordedBy')),
}).meta({ id: 'OfficerHistory' });
/** A CSV download (`?format=csv`, or `Accept: text/csv`), as sendCsv writes it. */
export const CsvDownload = z.string().meta({
  id: 'CsvDownload',
  description: 'CSV (`?format=csv`, or `Accept: text/csv` without `format`): UTF-8 with a byte-order mark, CRLF line ends, a header row in `lang`, codes as labels in `lang`; sent as an attachment (Content-Disposition names the file)',
});

/**
 * The 200 of a read that answers JSON, or CSV with `?format=csv` or `Accept: text/csv`: both media
 * types in the document, and the Vary header every such answer carries.
 */
export function jsonOrCsv<T extends z.ZodType>(json: T, description: string) {
  return {
    description: `${description}. Without \`format\`, the Accept header chooses (\`text/csv\` preferred: the CSV)`,
    headers: { Vary: { type: 'string', description: '`Accept`: the answer depends on it (without `format`)' } },
    content: { 'application/json': { schema: json }, 'text/csv': { schema: CsvDownload } },
  };
}

export const Statistics = loose('Statistics', 'Counts by category, channel, unit, rule cited and sanction kind over the range (of one unit with unitId): every code of each list, and every unit registered, zero included');
export const Alerts = loose('AccountabilityAlerts', 'Four-must-pursue alerts (bj-1 to bj-4) and overdue verifications');
