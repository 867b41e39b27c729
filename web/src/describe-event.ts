import { formatDate } from './format.js';
import { label, type Lang } from './i18n/index.js';
import { inParens, joinClauses, joinList, labelled, nameWithId } from './i18n/punctuation.js';
import type { Messages } from './i18n/zh.js';

// One line per event, in the reader's language: what happened, with codes named and dates written
// as the bureau writes them. Used by the case story, the officer history and the event stream.

type Data = Record<string, unknown>;

/** What the page knows to name things by, each when it can: officers and units by name, rule references by their text. */
export interface EventNames {
  officer?(officerId: string): string | undefined;
  unit?(unitId: string): string | undefined;
  rule?(code: string): string | undefined;
  post?(postId: string): string | undefined;
  /** A sanction by its officer and kind (the case page knows its case's sanctions). */
  sanction?(sanctionId: string): string | undefined;
}

const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

export function describeEvent(type: string, raw: unknown, m: Messages, lang: Lang, names: EventNames = {}): string {
  const d = (raw && typeof raw === 'object' ? raw : {}) as Data;
  // An id with its name when the page knows it: 张三（A001）.
  const officer = (value: unknown) => (str(value) ? nameWithId(names.officer?.(str(value)), str(value), lang) : '');
  const unit = (value: unknown) => (str(value) ? nameWithId(names.unit?.(str(value)), str(value), lang) : '');
  const rule = (value: unknown) => (str(value) ? nameWithId(names.rule?.(str(value)), str(value), lang) : '');
  // A post by its id (a case's events) or the snapshot an officer's events keep: 办公室文员（ZF-BG）.
  const post = (id: unknown, snapshot?: unknown) => {
    const s = (snapshot && typeof snapshot === 'object' ? snapshot : {}) as Data;
    const postId = str(id) || str(s.postId);
    return postId ? nameWithId(str(s.title) || names.post?.(postId), postId, lang) : '';
  };
  const officers = (value: unknown) => (Array.isArray(value) ? joinList(value.map(officer), lang) : '');
  const date = (key: string) => formatDate(str(d[key]) || null, lang);
  const zh = lang === 'zh';
  const parts: string[] = [];
  const add = (name: string, value: string | null | undefined) => { if (value) parts.push(labelled(name, value, lang)); };

  switch (type) {
    case 'UnitRegistered':
      add(m.personnel.unitId, str(d.unitId)); add(m.personnel.unitName, str(d.name)); add(m.personnel.headOfficerId, officer(d.headOfficerId));
      break;
    case 'UnitHeadAppointed':
      add(m.personnel.unitId, unit(d.unitId)); add(m.personnel.headOfficerId, officer(d.officerId)); add(m.caseView.effectiveOn, date('effectiveOn'));
      break;
    case 'PostDefined':
      add(m.personnel.postId, str(d.postId)); add(m.personnel.postTitle, str(d.title)); add(m.personnel.unitId, unit(d.unitId));
      if (d.enforcement) parts.push(m.personnel.enforcement);
      if (d.sensitive) parts.push(`${m.personnel.sensitive}${inParens(`${str(d.rotationPeriodMonths)}${zh ? '个月' : ' months'}`, lang)}`);
      break;
    case 'PostChanged': {
      // What changed, from what it was (the event keeps both).
      const before = (d.previous && typeof d.previous === 'object' ? d.previous : {}) as Data;
      const sensitivity = (sensitive: unknown, months: unknown) => (sensitive
        ? `${m.common.yes}${inParens(m.personnel.months(str(months)), lang)}` : m.common.no);
      add(m.rotation.post, post(d.postId, { title: d.title }));
      if (str(before.title) !== str(d.title)) add(m.personnel.postTitle, `${str(before.title)} → ${str(d.title)}`);
      if (before.sensitive !== d.sensitive || before.rotationPeriodMonths !== d.rotationPeriodMonths) {
        add(m.personnel.sensitive, `${sensitivity(before.sensitive, before.rotationPeriodMonths)} → ${sensitivity(d.sensitive, d.rotationPeriodMonths)}`);
      }
      add(m.caseView.effectiveOn, date('effectiveOn'));
      add(m.personnel.changeReason, str(d.reason));
      break;
    }
    case 'HeldPostChanged': {
      const held = (d.post ?? {}) as Data;
      add(m.rotation.post, post(held.postId, held));
      parts.push(held.sensitive ? m.personnel.sensitiveWithPeriod(str(held.rotationPeriodMonths)) : m.personnel.notSensitive);
      add(m.rotation.since, d.tenureSince ? date('tenureSince') : '');
      add(m.caseView.effectiveOn, date('effectiveOn'));
      add(m.personnel.changeReason, str(d.reason));
      break;
    }
    case 'OfficerRegistered':
      add(m.personnel.officerName, str(d.name)); add(m.personnel.unitId, unit(d.unitId)); add(m.personnel.hiredOn, date('hiredOn'));
      break;
    case 'QualificationGranted':
      add(m.personnel.certificateNo, str(d.certificateNo)); add(m.personnel.grantedOn, date('grantedOn'));
      break;
    case 'OfficerAssigned': {
      const post = (d.post ?? {}) as Data;
      add(m.rotation.post, nameWithId(str(post.title), str(post.postId), lang));
      add(m.personnel.assignmentReason, label(m.assignmentReason, str(d.reason)));
      add(m.caseView.effectiveOn, date('effectiveOn'));
      break;
    }
    case 'RotationDeferred':
      add(m.personnel.until, date('until')); add(m.personnel.deferralReason, str(d.reason)); add(m.personnel.approvedBy, str(d.approvedBy));
      break;
    case 'WarningEducationAttended':
      add(m.personnel.topic, str(d.topic)); add(m.personnel.attendedOn, date('attendedOn'));
      break;
    case 'SanctionTookEffect':
    case 'SanctionImposed':
      // The kind imposed: a reduction is told by the decision that made it.
      add(m.caseView.sanctionKind, label(m.sanction, str(d.imposedKind ?? d.kind)));
      add(m.caseView.sanctionOfficer, officer(d.officerId));
      add(m.caseView.capacity, d.capacity && d.capacity !== 'subject' ? label(m.capacity, str(d.capacity)) : '');
      add(m.caseView.effectiveOn, date('effectiveOn'));
      add(m.caseView.untilOn, d.untilOn ? date('untilOn') : '');
      add(m.caseView.toPost, post(d.toPostId, d.toPost));
      add(m.caseView.basis, str(d.basis));
      break;
    case 'OffPostTrainingCompleted':
      add(m.common.date, date('completedOn'));
      break;
    case 'SanctionRevised':
    case 'AppealDecided':
      add(m.caseView.decisionOutcome, label(m.appealOutcome, str(d.outcome)));
      add(m.caseView.replacementKind, d.replacementKind ? label(m.sanction, str(d.replacementKind)) : '');
      add(m.caseView.untilOn, d.untilOn ? date('untilOn') : '');
      add(m.caseView.toPost, post(d.toPostId, d.toPost));
      add(m.caseView.decidedOn, date('decidedOn'));
      break;
    case 'CaseReported': {
      const subjects = Array.isArray(d.subjects) ? (d.subjects as Data[]).map((s) => s.officerId) : [];
      add(m.cases.category, label(m.category, str(d.category)));
      add(m.cases.channel, label(m.channel, str(d.channel)));
      add(m.cases.subjects, officers(subjects));
      add(m.cases.occurredOn, date('occurredOn'));
      add(m.cases.summary, str(d.summary));
      add(m.caseForm.ruleRefs, Array.isArray(d.ruleRefs) ? joinList(d.ruleRefs.map(rule), lang) : '');
      break;
    }
    case 'VerificationAssigned':
      add(m.cases.inspector, str(d.inspectorId)); add(m.cases.dueOn, date('dueOn'));
      break;
    case 'EvidenceAttached':
      add(m.caseView.evidenceDescription, str(d.description)); add(m.caseView.evidenceReference, str(d.reference));
      break;
    case 'InterventionHeld':
      add(m.caseView.interventionKind, label(m.intervention, str(d.kind))); add(m.caseView.interventionOfficer, officer(d.officerId)); add(m.caseView.heldOn, date('heldOn'));
      break;
    case 'FindingRecorded':
      add(m.caseView.outcome, label(m.outcome, str(d.outcome)));
      add(m.caseView.severity, d.severity ? label(m.severity, str(d.severity)) : '');
      add(m.cases.subjects, officers(d.officerIds));
      add(m.caseView.findingSummary, str(d.summary));
      if (d.late) parts.push(m.cases.lateBadge);
      break;
    case 'AccountabilityFlagged':
      add(m.caseView.sanctionOfficer, d.level === 'unit_head' ? (officer(d.headOfficerId) || '—') : officer(d.officerId));
      add(m.caseView.capacity, d.level === 'unit_head' ? m.capacity.unit_head : m.capacity.subject);
      add(m.personnel.unitId, unit(d.unitId));
      add(m.errors.rule, rule(d.ruleRef));
      break;
    case 'AppealFiled':
      add(m.caseView.stage, label(m.appealStage, str(d.stage)));
      add(m.caseView.appealedSanction, names.sanction?.(str(d.sanctionId)) ?? str(d.sanctionId));
      add(m.caseView.filedOn, date('filedOn'));
      break;
    case 'CaseClosed':
      add(m.caseView.closureSummary, str(d.summary)); add(m.common.date, date('closedOn'));
      break;
    case 'OfficerRecordCorrected':
    case 'CaseRecordCorrected': {
      const c = (d.changes && typeof d.changes === 'object' ? d.changes : {}) as Data;
      add(m.personnel.officerName, str(c.name)); add(m.personnel.unitId, unit(c.unitId));
      add(m.personnel.hiredOn, c.hiredOn ? formatDate(str(c.hiredOn), lang) : '');
      add(m.cases.category, c.category ? label(m.category, str(c.category)) : '');
      add(m.cases.channel, c.channel ? label(m.channel, str(c.channel)) : '');
      add(m.cases.occurredOn, c.occurredOn ? formatDate(str(c.occurredOn), lang) : '');
      add(m.cases.summary, str(c.summary));
      add(m.caseForm.ruleRefs, Array.isArray(c.ruleRefs) ? joinList(c.ruleRefs.map(rule), lang) : '');
      add(`${m.cases.subjects} · ${m.personnel.unitId}`, Array.isArray(c.subjectUnits)
        ? joinList((c.subjectUnits as { officerId?: unknown; unitId?: unknown }[]).map((u) => `${officer(u.officerId)} → ${unit(u.unitId)}`), lang)
        : '');
      add(m.caseView.correctionReason, str(d.reason));
      break;
    }
    case 'SealRecorded':
      add(m.verify.root, str(d.root));
      add(m.verify.sealCoversUpTo, d.upToPosition === null ? '—' : str(d.upToPosition));
      add(m.verify.streamsChecked, str(d.streamCount));
      add(m.verify.eventsChecked, str(d.eventCount));
      break;
    default:
      for (const [key, value] of Object.entries(d)) {
        if (value === null || typeof value === 'object') continue;
        add(key, str(value));
      }
  }
  return joinClauses(parts, lang);
}
