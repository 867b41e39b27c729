import { accountabilityAlertsProjection } from './accountability-alerts.js';
import { caseRegisterProjection } from './case-register.js';
import { officerHistoryProjection } from './officer-history.js';
import type { AnyProjection } from './projection.js';
import { rectificationLedgerProjection } from './rectification-ledger.js';
import { rotationScheduleProjection } from './rotation-schedule.js';
import { statisticsProjection } from './statistics.js';

/** Every read model the register keeps, in the order the runner applies them. */
export const allProjections: readonly AnyProjection[] = [
  officerHistoryProjection,
  rotationScheduleProjection,
  caseRegisterProjection,
  statisticsProjection,
  accountabilityAlertsProjection,
  rectificationLedgerProjection,
];
