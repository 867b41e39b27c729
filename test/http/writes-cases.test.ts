import { randomUUID } from 'node:crypto';
import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { TODAY, TOMORROW, fixedClock, inspector, seedBureau, type Bureau } from '../fixtures/http-bureau.js';
import { checkWriteRoute, expectRefused } from '../fixtures/write-route-checks.js';

const inspectorOnly = ['inspector'] as const;

/** One case per register, made on first use. */
function lazyCase(make: (bureau: Bureau) => Promise<string>) {
  let caseId: string | undefined;
  return async (bureau: Bureau) => (caseId ??= await make(bureau));
}

t.test('POST /api/v1/cases', (t) => checkWriteRoute(t, {
  name: 'POST /api/v1/cases',
  allowed: [...inspectorOnly],
  valid: async (_bureau, n) => ({
    url: '/api/v1/cases',
    body: {
      officerIds: n % 2 ? ['O1', 'O2'] : ['O1'], category: 'integrity', channel: 'letter', occurredOn: '2021-05-20',
      summary: `收受管理对象礼金（第${n}件）`, ruleRefs: ['lyj-5'], reporter: { name: '举报人甲', contact: '13800000000' },
    },
    subject: 'O1',
  }),
  invalid: { body: (v) => ({ ...v.body, occurredOn: '2021-02-30' }), field: 'occurredOn' },
  refusal: async () => ({
    url: '/api/v1/cases', body: { officerIds: ['NOBODY'], category: 'conduct', channel: 'phone', occurredOn: '2021-05-01', summary: '不存在的人' },
    rule: 'unknown_officer',
  }),
  written: (event, request) => {
    t.equal(event.type, 'CaseReported');
    t.match(event.data, { category: 'integrity', reportedOn: TODAY, subjects: (request.body.officerIds as string[]).map((officerId) => ({ officerId, unitId: 'U1' })) });
  },
}));

t.test('POST /api/v1/cases/{caseId}/verification', (t) => {
  const theCase = lazyCase((bureau) => bureau.reportCase(['O1']));
  return checkWriteRoute(t, {
    name: 'POST /api/v1/cases/{caseId}/verification',
    allowed: [...inspectorOnly],
    valid: async (bureau, n) => ({ url: `/api/v1/cases/${await theCase(bureau)}/verification`, body: { inspectorId: `inspector-${n}` }, subject: 'O1' }),
    invalid: { body: (v) => ({ ...v.body, inspectorId: '' }), field: 'inspectorId' },
    unknown: () => `/api/v1/cases/${randomUUID()}/verification`,
    refusal: async (bureau) => ({ url: `/api/v1/cases/${await theCase(bureau)}/verification`, body: { inspectorId: 'O1' }, rule: 'inspector_is_subject' }),
    written: (event) => t.match(event.data, { assignedOn: TODAY, dueOn: '2021-07-15' }),
  });
});

t.test('POST /api/v1/cases/{caseId}/evidence', (t) => {
  const theCase = lazyCase((bureau) => bureau.reportCase(['O1']));
  return checkWriteRoute(t, {
    name: 'POST /api/v1/cases/{caseId}/evidence',
    allowed: [...inspectorOnly],
    valid: async (bureau, n) => ({
      url: `/api/v1/cases/${await theCase(bureau)}/evidence`,
      body: { description: `执法记录仪视频${n}`, reference: `档案-${n}`, sha256: 'a'.repeat(64) },
      subject: 'O1',
    }),
    invalid: { body: (v) => ({ ...v.body, sha256: 'not-a-hash' }), field: 'sha256' },
    unknown: () => '/api/v1/cases/not-a-case-id/evidence',
    refusal: async (bureau) => {
      const closed = await bureau.reportCase(['O3']);
      await bureau.assignVerification(closed);
      await bureau.recordFinding(closed, 'unfounded');
      await bureau.closeCase(closed);
      return { url: `/api/v1/cases/${closed}/evidence`, body: { description: '迟到的证据' }, rule: 'case_closed' };
    },
    written: (event) => t.equal(event.type, 'EvidenceAttached'),
  });
});

t.test('POST /api/v1/cases/{caseId}/interventions', (t) => {
  const theCase = lazyCase((bureau) => bureau.reportCase(['O1', 'O2']));
  return checkWriteRoute(t, {
    name: 'POST /api/v1/cases/{caseId}/interventions',
    allowed: [...inspectorOnly],
    valid: async (bureau, n) => ({
      url: `/api/v1/cases/${await theCase(bureau)}/interventions`,
      body: { officerId: n % 2 ? 'O2' : 'O1', kind: n % 3 ? 'reminder_talk' : 'written_inquiry', heldOn: `2021-06-${10 + (n % 5)}` },
      subject: 'O2',
    }),
    invalid: { body: (v) => ({ ...v.body, kind: 'lecture' }), field: 'kind' },
    unknown: () => `/api/v1/cases/${randomUUID()}/interventions`,
    refusal: async (bureau) => ({ url: `/api/v1/cases/${await theCase(bureau)}/interventions`, body: { officerId: 'O3', kind: 'reminder_talk', heldOn: TODAY }, rule: 'not_a_subject' }),
    written: (event) => t.equal(event.type, 'InterventionHeld'),
  });
});

t.test('POST /api/v1/cases/{caseId}/findings', (t) => checkWriteRoute(t, {
  name: 'POST /api/v1/cases/{caseId}/findings',
  allowed: [...inspectorOnly],
  valid: async (bureau, n) => {
    const caseId = await bureau.reportCase(['O2']);
    await bureau.assignVerification(caseId);
    return { url: `/api/v1/cases/${caseId}/findings`, body: { outcome: 'partly_substantiated', severity: 'minor', summary: `部分属实${n}` }, subject: 'O2' };
  },
  invalid: { body: (v) => ({ ...v.body, severity: undefined }), field: 'severity' },
  unknown: () => `/api/v1/cases/${randomUUID()}/findings`,
  refusal: async (bureau) => ({
    url: `/api/v1/cases/${await bureau.reportCase(['O2'])}/findings`, body: { outcome: 'unfounded', summary: '未核实' }, rule: 'verification_required',
  }),
  written: (event) => t.match(event.data, { outcome: 'partly_substantiated', officerIds: ['O2'], late: false }),
}));

t.test('POST /api/v1/cases/{caseId}/sanctions', (t) => checkWriteRoute(t, {
  name: 'POST /api/v1/cases/{caseId}/sanctions',
  allowed: [...inspectorOnly],
  valid: async (bureau, n) => ({
    url: `/api/v1/cases/${await bureau.substantiatedCase('O2')}/sanctions`,
    body: { officerId: 'O2', kind: 'criticism_education', effectiveOn: TODAY, basis: `依据八不准第三条（${n}）` },
    subject: 'O2',
  }),
  invalid: { body: (v) => ({ ...v.body, untilOn: '2021-07-01' }), field: 'untilOn' },
  unknown: () => `/api/v1/cases/${randomUUID()}/sanctions`,
  refusal: async (bureau) => ({
    url: `/api/v1/cases/${await bureau.substantiatedCase('O2')}/sanctions`,
    body: { officerId: 'O2', kind: 'dismissal', effectiveOn: TODAY, basis: '情节较轻却辞退' }, rule: 'sanction_exceeds_severity',
  }),
  written: (event) => t.match(event.data, { kind: 'criticism_education', capacity: 'subject', officerId: 'O2' }),
}));

t.test('POST /api/v1/cases/{caseId}/appeals', (t) => checkWriteRoute(t, {
  name: 'POST /api/v1/cases/{caseId}/appeals',
  allowed: [...inspectorOnly],
  valid: async (bureau) => {
    const caseId = await bureau.substantiatedCase('O2');
    const sanctionId = await bureau.imposeSanction(caseId, { officerId: 'O2', kind: 'criticism_education' });
    return { url: `/api/v1/cases/${caseId}/appeals`, body: { sanctionId, stage: 'review', filedOn: TODAY }, subject: 'O2' };
  },
  invalid: { body: (v) => ({ ...v.body, filedOn: TOMORROW.replace('-', '/') }), field: 'filedOn' },
  unknown: () => `/api/v1/cases/${randomUUID()}/appeals`,
  refusal: async (bureau) => ({
    url: `/api/v1/cases/${await bureau.substantiatedCase('O2')}/appeals`, body: { sanctionId: randomUUID(), stage: 'review', filedOn: TODAY }, rule: 'unknown_sanction',
  }),
  written: (event) => t.equal(event.type, 'AppealFiled'),
}));

t.test('POST /api/v1/cases/{caseId}/appeals/{appealId}/decision', (t) => {
  const reviewed = async (bureau: Bureau) => {
    const caseId = await bureau.substantiatedCase('O2');
    const sanctionId = await bureau.imposeSanction(caseId, { officerId: 'O2', kind: 'criticism_education' });
    return { caseId, appealId: await bureau.fileReview(caseId, sanctionId) };
  };
  return checkWriteRoute(t, {
    name: 'POST /api/v1/cases/{caseId}/appeals/{appealId}/decision',
    allowed: [...inspectorOnly],
    valid: async (bureau, n) => {
      const { caseId, appealId } = await reviewed(bureau);
      return { url: `/api/v1/cases/${caseId}/appeals/${appealId}/decision`, body: { outcome: n % 2 ? 'annulled' : 'upheld', decidedOn: TODAY }, subject: 'O2' };
    },
    invalid: { body: (v) => ({ ...v.body, outcome: 'reduced' }), field: 'replacementKind' },
    unknown: (v) => v.url.replace(/appeals\/[^/]+/, `appeals/${randomUUID()}`),
    refusal: async (bureau) => {
      const { caseId, appealId } = await reviewed(bureau);
      return {
        url: `/api/v1/cases/${caseId}/appeals/${appealId}/decision`,
        body: { outcome: 'reduced', decidedOn: TODAY, replacementKind: 'off_post_training', untilOn: '2021-09-01' },
        rule: 'appeal_decision_not_lighter',
      };
    },
    written: (event) => t.equal(event.type, 'AppealDecided'),
  });
});

t.test('POST /api/v1/cases/{caseId}/closure', (t) => checkWriteRoute(t, {
  name: 'POST /api/v1/cases/{caseId}/closure',
  allowed: [...inspectorOnly],
  valid: async (bureau, n) => {
    const caseId = await bureau.reportCase(['O3']);
    await bureau.assignVerification(caseId);
    await bureau.recordFinding(caseId, 'unfounded');
    return { url: `/api/v1/cases/${caseId}/closure`, body: { summary: `经核实不属实，予以了结（${n}）` }, subject: 'O3' };
  },
  invalid: { body: () => ({ summary: '   ' }), field: 'summary' },
  unknown: () => `/api/v1/cases/${randomUUID()}/closure`,
  refusal: async (bureau) => ({ url: `/api/v1/cases/${await bureau.reportCase(['O3'])}/closure`, body: { summary: '尚未核实' }, rule: 'findings_incomplete' }),
  written: (event) => t.equal(event.type, 'CaseClosed'),
}));

t.test('POST /api/v1/cases/{caseId}/corrections', (t) => {
  const theCase = lazyCase((bureau) => bureau.reportCase(['O1']));
  return checkWriteRoute(t, {
    name: 'POST /api/v1/cases/{caseId}/corrections',
    allowed: [...inspectorOnly],
    valid: async (bureau, n) => {
      const caseId = await theCase(bureau);
      const reported = (await bureau.events(`case-${caseId}`))[0]!;
      return { url: `/api/v1/cases/${caseId}/corrections`, body: { correctsEventId: reported.id, reason: '发生日期登记有误', changes: { occurredOn: `2021-05-${10 + (n % 20)}` } }, subject: 'O1' };
    },
    invalid: { body: (v) => ({ ...v.body, correctsEventId: 'first-one' }), field: 'correctsEventId' },
    unknown: () => `/api/v1/cases/${randomUUID()}/corrections`,
    refusal: async (bureau) => ({
      url: `/api/v1/cases/${await theCase(bureau)}/corrections`, body: { correctsEventId: randomUUID(), reason: '错误', changes: { summary: '更正' } }, rule: 'correction_target_invalid',
    }),
    written: (event) => t.equal(event.type, 'CaseRecordCorrected'),
  });
});

t.test('ids every JavaScript object inherits (constructor, toString) name nothing: refused, nothing written, the read models go on', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const bureau = await seedBureau(register);
  const caseId = await bureau.substantiatedCase('O2');
  const sanctionId = await bureau.imposeSanction(caseId, { officerId: 'O2', kind: 'criticism_education' });
  for (const id of ['constructor', 'toString', 'hasOwnProperty']) {
    const filed = await expectRefused(t, register, 409, () => register.post(`/api/v1/cases/${caseId}/appeals`,
      { sanctionId: id, stage: 'review', filedOn: TODAY }, { as: inspector }), `an appeal on sanction ${id}`);
    t.equal(filed.json().rule, 'unknown_sanction');
    for (const outcome of ['annulled', 'upheld', 'reduced']) {
      const body = { outcome, decidedOn: TODAY, ...(outcome === 'reduced' ? { replacementKind: 'criticism_education' } : {}) };
      await expectRefused(t, register, 404, () => register.post(`/api/v1/cases/${caseId}/appeals/${id}/decision`, body, { as: inspector }),
        `a decision (${outcome}) on appeal ${id}`);
    }
  }
  // An officer may be registered as `constructor`: their case runs as anyone's.
  await bureau.registerOfficer('constructor', 'U1');
  const theirs = await bureau.reportCase(['constructor']);
  await bureau.assignVerification(theirs);
  const closing = await expectRefused(t, register, 409, () => register.post(`/api/v1/cases/${theirs}/closure`, { summary: '办结' }, { as: inspector }),
    'closing without a finding for officer constructor');
  t.equal(closing.json().rule, 'findings_incomplete');
  await bureau.recordFinding(theirs, 'substantiated', 'minor');
  await bureau.imposeSanction(theirs, { officerId: 'constructor', kind: 'criticism_education' });
  await bureau.fileReview(caseId, sanctionId);
  const last = await register.post(`/api/v1/cases/${theirs}/closure`, { summary: '办结' }, { as: inspector });
  t.equal(last.statusCode, 201);
  const history = await register.get(`/api/v1/officers/constructor/history?minPosition=${last.json().position}`, { as: inspector });
  t.equal(history.statusCode, 200, 'the read models reached the last write');
  t.match(history.json(), { officerId: 'constructor' });
  t.match((await register.get('/readyz')).json(), { status: 'ready' });
});
