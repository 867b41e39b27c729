import type { Actor } from '../../../src/application/command-context.js';
import { addDays } from '../../../src/domain/shared/calendar.js';
import type { OfficerModel } from '../bureau/model.js';
import type { Planned } from '../day-scheduler.js';
import type { SeedRun } from '../seed-run.js';
import { EVIDENCE } from '../vocabulary.js';
import { caseStep } from './case-step.js';
import { recordFinding } from './finding.js';

/**
 * The inspector takes on the verification: evidence, now and then an intervention with the first
 * subject, and a finding, usually in time, sometimes late, sometimes never (the case stays overdue).
 */
export function assignVerification(run: SeedRun, caseId: string, inspector: Actor, subjects: OfficerModel[]): Planned {
  return () => caseStep(run, caseId, inspector, (ctx) => run.commands.assignVerification({ inspectorId: inspector.sub, assignedOn: run.caseDay(caseId) }, caseId, ctx), (ok) => {
    if (!ok) return;
    const { rnd } = run;
    for (let i = rnd.int(1, 2); i > 0; i--) run.plan(addDays(run.day, rnd.int(1, 10)), attachEvidence(run, caseId, inspector));
    if (rnd.chance(0.12)) run.plan(addDays(run.day, rnd.int(2, 12)), holdIntervention(run, caseId, inspector, subjects[0]!));
    const r = rnd.next();
    if (r < 0.75) run.plan(addDays(run.day, rnd.int(5, 28)), recordFinding(run, caseId, inspector, subjects));
    else if (r < 0.93) run.plan(addDays(run.day, rnd.int(31, 55)), recordFinding(run, caseId, inspector, subjects));
    // else: never found, overdue
  });
}

function attachEvidence(run: SeedRun, caseId: string, inspector: Actor): Planned {
  return () => {
    const description = run.rnd.pick(EVIDENCE);
    const reference = `档案${run.day.slice(0, 4)}-${run.rnd.int(1000, 9999)}`;
    return caseStep(run, caseId, inspector, (ctx) => run.commands.attachEvidence({ description, reference }, caseId, ctx));
  };
}

function holdIntervention(run: SeedRun, caseId: string, inspector: Actor, subject: OfficerModel): Planned {
  return () => {
    const kind = run.rnd.chance(0.6) ? 'reminder_talk' as const : 'written_inquiry' as const;
    return caseStep(run, caseId, inspector, (ctx) => run.commands.recordIntervention({ officerId: subject.id, kind, heldOn: run.caseDay(caseId) }, caseId, ctx));
  };
}
