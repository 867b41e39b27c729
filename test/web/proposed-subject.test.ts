import t from 'tap';
import type { CaseDetail } from '../../web/src/api/reads.js';
import { subjectToQuestion, subjectToSanction } from '../../web/src/proposed-subject.js';

// A case of several subjects: its sanction and intervention forms name first a subject the
// register would take them for, not merely the first reported.

const caseOf = (parts: Partial<CaseDetail>): CaseDetail => ({
  caseId: 'C1', status: 'found', category: 'conduct', channel: 'inspection',
  subjects: [{ officerId: 'A001' }, { officerId: 'B002' }, { officerId: 'C003' }], ...parts,
});

t.test('a sanction is proposed for a subject found to have committed the breach, not one found unfounded', async (t) => {
  const findings = [
    { officerIds: ['A001'], outcome: 'unfounded', summary: '' },
    { officerIds: ['B002', 'C003'], outcome: 'partly_substantiated', severity: 'minor', summary: '' },
  ];
  t.equal(subjectToSanction(caseOf({ findings })), 'B002', 'the first subject found, not the first reported');
  t.equal(subjectToSanction(caseOf({ findings, sanctions: [{ sanctionId: 'S1', officerId: 'B002', kind: 'criticism_education', status: 'in_force' }] })), 'C003',
    'one not sanctioned yet, once another was');
  t.equal(subjectToSanction(caseOf({ findings, sanctions: [{ sanctionId: 'S1', officerId: 'B002', kind: 'criticism_education', status: 'annulled' }] })), 'C003',
    'nor one whose sanction a review annulled (the register does not impose what a review decided again)');
  t.equal(subjectToSanction(caseOf({ findings: [{ outcome: 'substantiated', severity: 'minor', summary: '' }] })), 'A001', 'a finding naming nobody is of every subject');
  t.equal(subjectToSanction(caseOf({ findings: [findings[0]!] })), 'A001', 'nobody found: the first subject');
  t.equal(subjectToSanction(caseOf({ subjects: [] })), '', 'no subject: nothing');
});

t.test('a reminder talk or inquiry is proposed for a subject still awaiting a finding', async (t) => {
  t.equal(subjectToQuestion(caseOf({ findings: [{ officerIds: ['A001'], outcome: 'unfounded', summary: '' }] })), 'B002');
  t.equal(subjectToQuestion(caseOf({})), 'A001', 'no finding yet: the first');
  t.equal(subjectToQuestion(caseOf({ findings: [{ officerIds: ['A001', 'B002', 'C003'], outcome: 'substantiated', summary: '' }] })), 'A001', 'all found: the first');
});
