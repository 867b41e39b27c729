import type { WriteResult } from '../api/client.js';
import type { CaseDetail } from '../api/reads.js';
import { useEffect, useRef } from 'preact/hooks';
import { compact, type FormState, type FormValues, SelectField, TextField, useForm, WriteForm } from '../components/form.js';
import { codesOf, RuleRefsField } from '../components/rule-refs-field.js';
import { todayInBureau } from '../format.js';
import { label, type Lang, useI18n } from '../i18n/index.js';
import { inParens, labelled, nameWithId } from '../i18n/punctuation.js';
import { sanctionName } from '../sanction-name.js';
import { subjectToQuestion, subjectToSanction } from '../proposed-subject.js';

// One form per case write of the contract. Each keeps what was typed until the register accepts
// it; pickers offer the case's own subjects, sanctions and appeals.

interface CaseFormProps {
  caseId: string;
  detail: CaseDetail;
  onDone: (result: WriteResult) => void;
}

/**
 * Proposes `value`, the case's one obvious choice (or none), for a field the user has not chosen
 * themselves: one left blank or holding an earlier proposal. A proposal that no longer holds (the
 * review it named is decided, and the form was reset to it after the write) gives way to the new one.
 */
function useProposal<T extends FormValues>(form: FormState<T>, name: keyof T & string, value: string): void {
  const proposed = useRef('');
  const current = String(form.values[name]);
  useEffect(() => {
    if ((current === '' || current === proposed.current) && current !== value) form.set(name, value as T[typeof name]);
    proposed.current = value;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, current]);
}

const casePath = (caseId: string, rest: string) => `/api/v1/cases/${encodeURIComponent(caseId)}/${rest}`;

function subjectOptions(detail: CaseDetail, lang: Lang): Record<string, string> {
  return Object.fromEntries((detail.subjects ?? []).map((s) => [s.officerId, nameWithId(s.name, s.officerId, lang)]));
}

export function VerificationForm({ caseId, onDone }: CaseFormProps) {
  const { m } = useI18n();
  const form = useForm({ inspectorId: '', assignedOn: '', dueOn: '' });
  return (
    <WriteForm title={m.caseView.verification} form={form} path={casePath(caseId, 'verification')} testId="form-verification"
      // Empty dates: assigned today (the register's default), due 30 days after the assignment.
      body={(v) => compact({ inspectorId: v.inspectorId, assignedOn: v.assignedOn, dueOn: v.dueOn })}
      successText={() => m.caseView.written(m.caseView.verification)} onDone={onDone}>
      <div class="grid">
        <TextField form={form} name="inspectorId" label={m.caseView.inspectorId} required list="officers-list" />
        <TextField form={form} name="assignedOn" type="date" label={m.caseView.assignedOn} help={m.caseView.assignedOnHelp} />
        <TextField form={form} name="dueOn" type="date" label={m.caseView.dueOnOptional} />
      </div>
    </WriteForm>
  );
}

export function EvidenceForm({ caseId, onDone }: CaseFormProps) {
  const { m } = useI18n();
  const form = useForm({ description: '', reference: '', sha256: '' });
  return (
    <WriteForm title={m.caseView.evidence} form={form} path={casePath(caseId, 'evidence')} testId="form-evidence"
      body={(v) => compact({ description: v.description, reference: v.reference, sha256: v.sha256.toLowerCase() })}
      successText={() => m.caseView.written(m.caseView.evidence)} onDone={onDone}>
      <TextField form={form} name="description" label={m.caseView.evidenceDescription} required multiline />
      <div class="grid">
        <TextField form={form} name="reference" label={m.caseView.evidenceReference} />
        <TextField form={form} name="sha256" label={m.caseView.evidenceSha256} pattern="[0-9a-fA-F]{64}" />
      </div>
    </WriteForm>
  );
}

export function InterventionForm({ caseId, detail, onDone }: CaseFormProps) {
  const { m, lang } = useI18n();
  const form = useForm({ officerId: '', kind: '', heldOn: todayInBureau() });
  // A subject still awaiting a finding, also once a finding recorded on this page settled another.
  useProposal(form, 'officerId', subjectToQuestion(detail));
  return (
    <WriteForm title={m.caseView.intervention} form={form} path={casePath(caseId, 'interventions')} testId="form-intervention"
      body={(v) => compact({ officerId: v.officerId, kind: v.kind, heldOn: v.heldOn })}
      successText={() => m.caseView.written(m.caseView.intervention)} onDone={onDone}>
      <div class="grid">
        <SelectField form={form} name="officerId" label={m.caseView.interventionOfficer} options={subjectOptions(detail, lang)} required />
        <SelectField form={form} name="kind" label={m.caseView.interventionKind} options={m.intervention} required />
        <TextField form={form} name="heldOn" type="date" label={m.caseView.heldOn} required />
      </div>
    </WriteForm>
  );
}

const subjectField = (officerId: string) => `subject:${officerId}`;

/**
 * The finding of the verification: of every subject still awaiting one, or (when several await it)
 * of those ticked, so that each subject of a case can be found on their own facts.
 */
export function FindingForm({ caseId, detail, onDone }: CaseFormProps) {
  const { m, lang } = useI18n();
  const awaiting = subjectsAwaitingFinding(detail);
  const form = useForm<Record<string, string | boolean>>({ outcome: '', severity: '', foundOn: '', summary: '' });
  // A subject is ticked until unticked (also one who came to await a finding after the page opened).
  const ticked = (v: Record<string, string | boolean>) => awaiting.filter((s) => v[subjectField(s.officerId)] !== false).map((s) => s.officerId);
  return (
    <WriteForm title={m.caseView.finding} form={form} path={casePath(caseId, 'findings')} testId="form-finding"
      body={(v) => compact({
        // An empty foundOn: made today (the register's default).
        outcome: v.outcome, severity: v.severity, summary: v.summary, foundOn: v.foundOn,
        // Every subject awaiting a finding is the register's default: named only when some are left out.
        officerIds: awaiting.length > 1 && ticked(v).length < awaiting.length ? ticked(v) : undefined,
      })}
      // Every box unticked would name nobody: the register refuses it, the form says so first.
      refuse={(v) => (awaiting.length > 1 && ticked(v).length === 0 ? m.caseView.findingSubjectsNone : null)}
      successText={() => m.caseView.written(m.caseView.finding)} onDone={onDone}>
      {awaiting.length > 1 && (
        <fieldset class="finding-subjects" data-testid="finding-subjects">
          <legend>{m.caseView.findingSubjects}</legend>
          <p class="help">{m.caseView.findingSubjectsHelp}</p>
          {awaiting.map((s) => (
            <div key={s.officerId} class="field field-inline">
              <input id={`finding-${s.officerId}`} type="checkbox" checked={form.values[subjectField(s.officerId)] !== false}
                onChange={(e) => form.set(subjectField(s.officerId), (e.currentTarget as HTMLInputElement).checked)} />
              <label for={`finding-${s.officerId}`}>{nameWithId(s.name, s.officerId, lang)}</label>
            </div>
          ))}
        </fieldset>
      )}
      <div class="grid">
        <SelectField form={form} name="outcome" label={m.caseView.outcome} options={m.outcome} required />
        <SelectField form={form} name="severity" label={m.caseView.severity} options={m.severity} help={m.caseView.severityHelp} />
        <TextField form={form} name="foundOn" type="date" label={m.caseView.foundOn} help={m.caseView.foundOnHelp} />
      </div>
      <TextField form={form} name="summary" label={m.caseView.findingSummary} required multiline />
    </WriteForm>
  );
}

export function SanctionForm({ caseId, detail, onDone }: CaseFormProps) {
  const { m, lang } = useI18n();
  const form = useForm({
    officerId: '', kind: '', effectiveOn: todayInBureau(), basis: '',
    capacity: 'subject', untilOn: '', toPostId: '',
  });
  // A subject the finding holds to account, also one found on this page after it opened.
  useProposal(form, 'officerId', subjectToSanction(detail));
  return (
    <WriteForm title={m.caseView.sanctionTitle} form={form} path={casePath(caseId, 'sanctions')} testId="form-sanction"
      body={(v) => compact({
        officerId: v.officerId, kind: v.kind, effectiveOn: v.effectiveOn, basis: v.basis, capacity: v.capacity,
        untilOn: v.untilOn, toPostId: v.toPostId,
      })}
      successText={(r) => `${m.caseView.written(m.caseView.sanctionTitle)}${inParens(labelled(m.caseView.sanctionId, r.id, lang), lang)}`} onDone={onDone}>
      <div class="grid">
        <TextField form={form} name="officerId" label={m.caseView.sanctionOfficer} required list="case-subjects-list" />
        <SelectField form={form} name="capacity" label={m.caseView.capacity} options={m.capacity} />
        <SelectField form={form} name="kind" label={m.caseView.sanctionKind} options={m.sanction} required />
        <TextField form={form} name="effectiveOn" type="date" label={m.caseView.effectiveOn} required />
        <TextField form={form} name="untilOn" type="date" label={m.caseView.untilOn} help={m.caseView.untilOnHelp} />
        <TextField form={form} name="toPostId" label={m.caseView.toPostId} list="posts-list" help={m.caseView.toPostIdHelp} />
      </div>
      <TextField form={form} name="basis" label={m.caseView.basis} required multiline />
    </WriteForm>
  );
}

export function AppealForm({ caseId, detail, onDone }: CaseFormProps) {
  const { m, lang } = useI18n();
  // An annulled sanction is no longer there to appeal.
  const sanctions = (detail.sanctions ?? []).filter((s) => s.status !== 'annulled');
  const only = sanctions.length === 1 ? sanctions[0]!.sanctionId : '';
  // Blank at first and after each write (a reset): the proposal fills it with the choice of the moment.
  const form = useForm({ sanctionId: '', stage: 'review', filedOn: todayInBureau() });
  // The case's only sanction is the one appealed, also when it was imposed after the page opened.
  useProposal(form, 'sanctionId', only);
  const options = Object.fromEntries(sanctions.map((s) => [s.sanctionId, sanctionName(s, detail, m, lang)]));
  return (
    <WriteForm title={m.caseView.appeal} form={form} path={casePath(caseId, 'appeals')} testId="form-appeal"
      body={(v) => compact({ sanctionId: v.sanctionId, stage: v.stage, filedOn: v.filedOn })}
      successText={(r) => `${m.caseView.written(m.caseView.appeal)}${inParens(labelled(m.caseView.appealId, r.id, lang), lang)}`} onDone={onDone}>
      <div class="grid">
        <SelectField form={form} name="sanctionId" label={m.caseView.appealedSanction} options={options} required />
        <SelectField form={form} name="stage" label={m.caseView.stage} options={m.appealStage} required />
        <TextField form={form} name="filedOn" type="date" label={m.caseView.filedOn} required />
      </div>
    </WriteForm>
  );
}

export function DecisionForm({ caseId, detail, onDone }: CaseFormProps) {
  const { m, lang } = useI18n();
  const appeals = detail.appeals ?? [];
  const open = appeals.filter((a) => !a.outcome);
  const onlyOpen = open.length === 1 ? open[0]!.appealId : '';
  const form = useForm({ appealId: '', outcome: '', decidedOn: todayInBureau(), replacementKind: '', untilOn: '', toPostId: '' });
  // The only appeal awaiting its decision is the one decided, also when it was filed after the page opened.
  useProposal(form, 'appealId', onlyOpen);
  // Each appeal by the officer and the sanction (with the kind in force: a replacement must be lighter than it), not the sanction's id.
  const sanctionOf = (sanctionId: string) => {
    const s = detail.sanctions?.find((x) => x.sanctionId === sanctionId);
    return s ? sanctionName(s, detail, m, lang) : sanctionId;
  };
  const options = Object.fromEntries(appeals.map((a) => [a.appealId, `${label(m.appealStage, a.stage)} · ${sanctionOf(a.sanctionId)}${a.outcome ? ` · ${label(m.appealOutcome, a.outcome)}` : ''}`]));
  const appealId = String(form.values.appealId);
  return (
    <WriteForm title={m.caseView.decision} form={form}
      path={casePath(caseId, `appeals/${encodeURIComponent(appealId || '-')}/decision`)} testId="form-decision"
      body={(v) => compact({ outcome: v.outcome, decidedOn: v.decidedOn, replacementKind: v.replacementKind, untilOn: v.untilOn, toPostId: v.toPostId })}
      successText={() => m.caseView.written(m.caseView.decision)} onDone={onDone}>
      <div class="grid">
        <SelectField form={form} name="appealId" label={m.caseView.appealId} options={options} required />
        <SelectField form={form} name="outcome" label={m.caseView.decisionOutcome} options={m.appealOutcome} required />
        <TextField form={form} name="decidedOn" type="date" label={m.caseView.decidedOn} required />
        <SelectField form={form} name="replacementKind" label={m.caseView.replacementKind} options={m.sanction} />
        <TextField form={form} name="untilOn" type="date" label={m.caseView.untilOn} help={m.caseView.untilOnHelp} />
        <TextField form={form} name="toPostId" label={m.caseView.toPostId} list="posts-list" help={m.caseView.toPostIdHelp} />
      </div>
    </WriteForm>
  );
}

export function ClosureForm({ caseId, onDone }: CaseFormProps) {
  const { m } = useI18n();
  const form = useForm({ summary: '', closedOn: '' });
  return (
    <WriteForm title={m.caseView.closure} form={form} path={casePath(caseId, 'closure')} testId="form-closure"
      // An empty closedOn: closed today (the register's default).
      body={(v) => compact({ summary: v.summary, closedOn: v.closedOn })}
      successText={() => m.caseView.written(m.caseView.closure)} onDone={onDone}>
      <div class="grid">
        <TextField form={form} name="closedOn" type="date" label={m.caseView.closedOn} help={m.caseView.closedOnHelp} />
      </div>
      <TextField form={form} name="summary" label={m.caseView.closureSummary} required multiline />
    </WriteForm>
  );
}

/** The report event a correction names: the case's first entry, whose id the register gives with its timeline. */
export function reportEventId(detail: CaseDetail): string {
  return detail.timeline?.find((entry) => entry.type === 'CaseReported')?.eventId ?? '';
}

/** The subjects whose unit a correction may still change: those no finding names yet. */
function subjectsAwaitingFinding(detail: CaseDetail) {
  return (detail.subjects ?? []).filter((s) => detail.awaitingFinding?.includes(s.officerId) ?? true);
}

const unitField = (officerId: string) => `unit:${officerId}`;

export function CorrectionForm({ caseId, detail, onDone }: CaseFormProps) {
  const { m, lang } = useI18n();
  const reportId = reportEventId(detail);
  const movable = subjectsAwaitingFinding(detail);
  const form = useForm<Record<string, string>>({
    correctsEventId: reportId, reason: '', category: '', channel: '', occurredOn: '', summary: '', ruleRefs: '',
    ...Object.fromEntries(movable.map((s) => [unitField(s.officerId), ''])),
  });
  const subjectUnits = (v: Record<string, string>) => movable
    .map((s) => ({ officerId: s.officerId, unitId: String(v[unitField(s.officerId)] ?? '').trim() }))
    .filter((s) => s.unitId !== '');
  return (
    <WriteForm title={m.caseView.correction} form={form} path={casePath(caseId, 'corrections')} testId="form-correction"
      body={(v) => ({
        correctsEventId: String(v.correctsEventId).trim(),
        reason: String(v.reason).trim(),
        changes: compact({
          category: v.category, channel: v.channel, occurredOn: v.occurredOn, summary: v.summary,
          ruleRefs: codesOf(v.ruleRefs).length > 0 ? codesOf(v.ruleRefs) : undefined,
          subjectUnits: subjectUnits(v).length > 0 ? subjectUnits(v) : undefined,
        }),
      })}
      successText={() => m.caseView.written(m.caseView.correction)} onDone={onDone}>
      <p class="help">{m.caseView.correctionHelp}</p>
      {reportId
        ? <p class="muted">{m.caseView.correctsReport}<code data-testid="corrects-event-id">{reportId}</code></p>
        : <TextField form={form} name="correctsEventId" label={m.caseView.correctsEventId} required />}
      <div class="grid">
        <SelectField form={form} name="category" label={m.caseView.correctedCategory} options={m.category} blank={m.caseView.unchanged} />
        <SelectField form={form} name="channel" label={m.caseView.correctedChannel} options={m.channel} blank={m.caseView.unchanged} />
        <TextField form={form} name="occurredOn" type="date" label={m.caseView.correctedOccurredOn} />
      </div>
      <TextField form={form} name="summary" label={m.caseView.correctedSummary} multiline />
      <RuleRefsField form={form} name="ruleRefs" label={m.caseView.correctedRuleRefs} />
      {movable.length > 0 && (
        <div class="grid">
          {movable.map((s) => (
            <TextField key={s.officerId} form={form} name={unitField(s.officerId)} list="units-list"
              label={m.caseView.correctedSubjectUnit(nameWithId(s.name, s.officerId, lang), s.unitId ?? '—')} />
          ))}
        </div>
      )}
      <TextField form={form} name="reason" label={m.caseView.correctionReason} required multiline />
    </WriteForm>
  );
}
