import t from 'tap';
import { ImposeSanctionInput, ReportCaseInput } from '../../src/domain/case/commands.js';
import type { CaseEvent } from '../../src/domain/case/evolve.js';
import type { CaseFile } from '../../src/domain/case/state.js';
import { caseDecider } from '../../src/domain/deciders.js';
import type { OfficerFacts } from '../../src/domain/officer/state.js';
import { at } from '../fixtures/domain-context.js';
import { CASE_ID, accountabilityFlags, findingRecorded, verificationAssigned } from '../fixtures/domain-events.js';
import { givenEventId, specification } from '../fixtures/specification.js';

// A complaint the bureau received on paper or by the 12328 hotline on 2 November, entered in the
// register on 8 December: the report carries the day it was received (reportedOn), and every rule
// that counts from the report counts from that day, not from the day of entry.

const ENTERED = '2021-12-08T10:00';
const given = specification(caseDecider, () => at(ENTERED));

const zhang: OfficerFacts = {
  officerId: 'O-ZHANG', unitId: 'U-BRIGADE', units: [{ from: '2015-07-01', unitId: 'U-BRIGADE' }], hiredOn: '2015-07-01', inService: true,
  qualified: true, qualifiedOn: '2015-08-01', postId: null, postSince: null, separatedOn: null, separatedBy: null, trainingSince: null,
};

function report(fields: { reportedOn?: string | null; occurredOn?: string } = {}) {
  const input = ReportCaseInput.parse({
    officerIds: ['O-ZHANG'], category: 'responsibility', channel: 'hotline_12328', occurredOn: fields.occurredOn ?? '2021-11-01',
    summary: '12328热线投诉：执法人员拒不受理群众投诉', ruleRefs: ['bbz-3'],
    ...(fields.reportedOn !== undefined ? { reportedOn: fields.reportedOn } : {}),
  });
  return { type: 'ReportCase' as const, caseId: CASE_ID, input, officers: { 'O-ZHANG': zhang }, reporterSalt: 'salt-1' };
}

/** The report as the register decided it on 8 December, with the day it was received. */
const receivedEarlier = given([]).when(report({ reportedOn: '2021-11-02' })).events() as CaseEvent[];

t.test('a report received earlier than it is entered', async (t) => {
  given([]).when(report({ reportedOn: '2021-11-02' })).thenMatches(t, [{ type: 'CaseReported', data: { occurredOn: '2021-11-01', reportedOn: '2021-11-02' } }],
    'entered on 8 December, it carries the day the bureau received it (2 November)');
  given([]).when(report()).thenMatches(t, [{ data: { reportedOn: '2021-12-08' } }], 'without one, it was received the day it is entered');
  given([]).when(report({ reportedOn: null })).thenMatches(t, [{ data: { reportedOn: '2021-12-08' } }], 'null is no day given either');
  given([]).when(report({ reportedOn: '2021-12-08' })).thenMatches(t, [{ data: { reportedOn: '2021-12-08' } }], 'today may be given');
  given([]).when(report({ reportedOn: '2021-11-01' })).thenMatches(t, [{ data: { reportedOn: '2021-11-01' } }], 'received the day it happened');
  given([]).when(report({ reportedOn: '2021-12-09' })).thenRefuses(t, 'date_in_future', 'not received after today');
  given([]).when(report({ reportedOn: '2021-12-09' }), at('2021-12-08T23:30')).thenRefuses(t, 'date_in_future',
    'late in the evening of 8 December (Shanghai), 9 December is still tomorrow');
  given([]).when(report({ reportedOn: '2021-10-31' })).thenRefuses(t, 'date_out_of_order', 'not received before the breach it reports happened');
  given([]).when(report({ occurredOn: '2021-12-09', reportedOn: '2021-11-02' })).thenRefuses(t, 'date_in_future', 'a breach in the future is refused as ever');
  t.same(ReportCaseInput.safeParse({ ...report().input, reportedOn: '2021-11-31' }).error?.issues.map((i) => i.path.join('.')), ['reportedOn'],
    'a day that is not real is a 400 naming it');

  const file = given([]).when(report({ reportedOn: '2021-11-02' })).stateAfter() as CaseFile;
  t.equal(file.reportedOn, '2021-11-02', 'the case holds the day received');
});

t.test('the rules that count from the report count from the day it was received', async (t) => {
  // Assigned and found on the day of entry (8 December), as the register records them.
  const verifying = [...receivedEarlier, verificationAssigned('2021-12-08', '2022-01-07')];
  const impose = (effectiveOn: string) => ({
    type: 'ImposeSanction' as const, caseId: CASE_ID, sanctionId: 'S-9',
    input: ImposeSanctionInput.parse({ officerId: 'O-ZHANG', kind: 'criticism_education', effectiveOn, basis: '依据八不准第三条予以批评教育' }),
    officer: zhang, toPost: null, unitHeads: { 'U-BRIGADE': 'O-HEAD' },
  });

  // The report's bound alone (the finding here given as of 15 November): a sanction dated between
  // the day received and the day of entry passes it; before the day received it does not.
  const foundOn15November = [...verifying, findingRecorded({ recordedOn: '2021-11-15' }), ...accountabilityFlags('O-ZHANG', 'U-BRIGADE', 'O-HEAD', '2021-11-15')];
  given(foundOn15November).when(impose('2021-11-20')).thenMatches(t, [{ type: 'SanctionImposed', data: { effectiveOn: '2021-11-20', recordedOn: '2021-12-08' } }],
    'a sanction of 20 November, between the day received (2 November) and the day of entry (8 December), is accepted');
  given([...receivedEarlier.map((e) => e.type === 'CaseReported' ? { ...e, data: { ...e.data, reportedOn: '2021-11-18' } } : e), ...foundOn15November.slice(1)])
    .when(impose('2021-11-17')).thenRefuses(t, 'date_out_of_order', 'not before the day received');

  // The finding's own day still bounds a sanction: a finding made on 8 December keeps a sanction
  // from being dated before it.
  const foundOnEntry = [...verifying, findingRecorded({ recordedOn: '2021-12-08' }), ...accountabilityFlags('O-ZHANG', 'U-BRIGADE', 'O-HEAD', '2021-12-08')];
  t.throws(() => given(foundOnEntry).when(impose('2021-11-20')).events(), { rule: 'date_out_of_order', message: /before the finding on 2021-12-08/ },
    'with the finding recorded on the day of entry, the sanction is refused by the finding, not by the report');

  // A correction of the day of the breach stays before the day the report was received.
  const correct = (occurredOn: string) => ({
    type: 'CorrectCase' as const, caseId: CASE_ID, input: { correctsEventId: givenEventId(1), reason: '发生日期有误', changes: { occurredOn } },
    subjects: { 'O-ZHANG': zhang }, units: {}, unitHeads: {}, headsOnDayCorrected: {},
  });
  given(verifying).when(correct('2021-11-02')).thenMatches(t, [{ type: 'CaseRecordCorrected', data: { changes: { occurredOn: '2021-11-02' } } }],
    'the day received will do');
  given(verifying).when(correct('2021-11-03')).thenRefuses(t, 'date_out_of_order',
    'a breach after the day the report was received (though before the day it was entered) cannot be what it reports');

  // The verification is given its time from its assignment (here assigned the day of entry, by
  // default): a report that sat unrecorded is not overdue for that reason (its delay shows as enteredOn).
  const assign = { type: 'AssignVerification' as const, caseId: CASE_ID, input: { inspectorId: 'inspector-li' }, inspector: null, unitHeads: {} };
  given(receivedEarlier).when(assign).thenMatches(t, [{ data: { assignedOn: '2021-12-08', dueOn: '2022-01-07' } }], 'due 30 days after the assignment, not after the day received');
});
