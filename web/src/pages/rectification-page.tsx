import type { ComponentChildren } from 'preact';
import { read } from '../api/client.js';
import { compact, SelectField, TextField, useForm, WriteForm } from '../components/form.js';
import { LoadState } from '../components/load-state.js';
import { formatDate, formatInstant, todayInBureau } from '../format.js';
import { label, useI18n } from '../i18n/index.js';
import { joinClauses, labelled, nameWithId } from '../i18n/punctuation.js';
import { href } from '../router.js';
import { hasRole, type Session } from '../session.js';
import { useLoad } from '../use-load.js';
import { RectificationBadge, type RectificationItem } from './rectifications-page.js';

// One item of the rectification ledger: what was found, the measure, who answers for it and by
// when, everything recorded on it in order, and (for inspectors) the forms of what follows: progress,
// a later deadline, the completion, the check. The person responsible records progress only.

interface TimelineEntry {
  kind: string;
  on: string;
  eventId: string;
  recordedAt: string;
  recordedBy: string;
  note?: string;
  summary?: string;
  previousDueOn?: string;
  dueOn?: string | null;
  reason?: string;
  approvedBy?: string;
  afterDeadline?: boolean;
  late?: boolean;
  outcome?: string;
}

type Detail = RectificationItem & { timeline: TimelineEntry[] };

const itemPath = (id: string, rest = '') => `/api/v1/rectifications/${encodeURIComponent(id)}${rest ? `/${rest}` : ''}`;

export function RectificationPage({ rectificationId, session }: { rectificationId: string; session: Session }) {
  const { m } = useI18n();
  const loaded = useLoad(() => read<Detail>(itemPath(rectificationId)), [rectificationId]);
  const detail = loaded.data;
  const inspector = hasRole(session, 'inspector');
  const responsible = detail !== null && session.officerId !== undefined && session.officerId === detail.responsibleOfficerId;
  return (
    <div class="page rectification-page">
      <p><a href={href('/rectifications')}>← {m.rectification.backToList}</a></p>
      <h2>{m.rectification.item} {detail && <RectificationBadge status={detail.status} />}</h2>
      {loaded.problem && typeof loaded.problem === 'object' && loaded.problem.status === 404
        ? <p class="notice" role="alert">{m.rectification.notFound}</p>
        : <LoadState loaded={loaded} />}
      {detail && (
        <>
          <Facts detail={detail} />
          <section aria-labelledby="z-timeline-h" class="story">
            <h3 id="z-timeline-h">{m.rectification.timeline}</h3>
            <Timeline entries={detail.timeline} />
          </section>
          {inspector && (
            <section aria-labelledby="z-actions-h" class="actions">
              <h3 id="z-actions-h">{m.rectification.actions}</h3>
              {responsible && <p class="notice" role="note" data-testid="responsible-note">{m.rectification.recused}</p>}
              <Actions detail={detail} responsible={responsible} onDone={loaded.reload} />
            </section>
          )}
        </>
      )}
    </div>
  );
}

function Fact({ name, children }: { name: string; children: ComponentChildren }) {
  return (<><dt>{name}</dt><dd>{children}</dd></>);
}

function Facts({ detail }: { detail: Detail }) {
  const { m, lang } = useI18n();
  return (
    <section aria-labelledby="z-facts-h" class="facts">
      <h3 id="z-facts-h">{m.rectification.facts}</h3>
      <dl class="facts-list" data-testid="rectification-facts">
        <Fact name={m.rectification.unit}>{nameWithId(detail.unitName, detail.unitId, lang)}</Fact>
        <Fact name={m.rectification.problem}>{detail.problem}</Fact>
        <Fact name={m.rectification.source}>
          {label(m.rectificationSource, detail.source)}
          {detail.caseId && <> · <a href={href(`/cases/${encodeURIComponent(detail.caseId)}`)}><code>{detail.caseId}</code></a></>}
        </Fact>
        <Fact name={m.rectification.measure}>{detail.measure}</Fact>
        <Fact name={m.rectification.responsibleDepartment}>{detail.responsibleDepartment}</Fact>
        <Fact name={m.rectification.responsiblePerson}>{detail.responsibleOfficerId ? nameWithId(detail.responsiblePerson, detail.responsibleOfficerId, lang) : detail.responsiblePerson}</Fact>
        <Fact name={m.rectification.foundOn}>{formatDate(detail.foundOn, lang)}</Fact>
        <Fact name={m.rectification.dueOn}>
          <span data-testid="rectification-due">{formatDate(detail.dueOn, lang)}</span>
          {detail.status === 'overdue' && <> <span class="badge rotation-overdue">{m.rectification.overdueDays(detail.overdueDays)}</span></>}
          {detail.dueOn !== detail.originalDueOn && <div><small class="muted">{labelled(m.rectification.originalDueOn, formatDate(detail.originalDueOn, lang), lang)}</small></div>}
          {detail.missedDueOn && <div><span class="badge case-late" data-testid="missed-deadline">{m.rectification.missedDeadline(formatDate(detail.missedDueOn, lang))}</span></div>}
        </Fact>
        {detail.completedOn && (
          <Fact name={m.rectification.completedOn}>
            {formatDate(detail.completedOn, lang)}
            {' '}<span class={`badge ${detail.late ? 'case-late' : 'rotation-ok'}`} data-testid="completion-punctuality">{detail.late ? m.rectification.completedLate : m.rectification.completedOnTime}</span>
          </Fact>
        )}
        {detail.verification && (
          <Fact name={m.rectification.verification}>
            {label(m.verificationOutcome, detail.verification.outcome)} · {formatDate(detail.verification.on, lang)}
          </Fact>
        )}
      </dl>
    </section>
  );
}

function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const { m, lang } = useI18n();
  const describe = (e: TimelineEntry): string => {
    switch (e.kind) {
      case 'progress': return e.note ?? '';
      case 'extension': return joinClauses([
        m.rectification.extendedTo(formatDate(e.previousDueOn, lang), formatDate(e.dueOn, lang)),
        labelled(m.rectification.approvedBy, e.approvedBy ?? '', lang), labelled(m.rectification.reason, e.reason ?? '', lang),
        e.afterDeadline ? m.rectification.afterDeadline : '',
      ], lang);
      case 'completion': return joinClauses([e.summary ?? '', e.late ? m.rectification.completedLate : m.rectification.completedOnTime], lang);
      case 'verification': return joinClauses([
        label(m.verificationOutcome, e.outcome), e.note ?? '', e.dueOn ? m.rectification.reopened(formatDate(e.dueOn, lang)) : '',
      ], lang);
      default: return labelled(m.rectification.dueOn, formatDate(e.dueOn, lang), lang);
    }
  };
  return (
    <ol class="timeline" data-testid="rectification-timeline">
      {entries.map((e) => (
        <li key={e.eventId} data-kind={e.kind}>
          <div class="when">{formatDate(e.on, lang)}</div>
          <div class="what">
            <strong>{label(m.rectification.entry, e.kind)}</strong>
            <span class="desc">{describe(e)}</span>
            <small class="muted">{labelled(m.rectification.recordedBy, e.recordedBy, lang)} · {formatInstant(e.recordedAt, lang)}</small>
          </div>
        </li>
      ))}
    </ol>
  );
}

function Actions({ detail, responsible, onDone }: { detail: Detail; responsible: boolean; onDone: () => void }) {
  const { m } = useI18n();
  if (detail.accepted) return <p class="notice" data-testid="accepted-note">{m.rectification.acceptedNote}</p>;
  const id = detail.rectificationId;
  if (detail.status === 'done') return responsible ? null : <VerificationForm id={id} onDone={onDone} />;
  return (
    <div class="steps">
      <details open data-step="progress">
        <summary>{m.rectification.progress}</summary>
        <ProgressForm id={id} onDone={onDone} />
      </details>
      {!responsible && (
        <>
          <details open data-step="completion">
            <summary>{m.rectification.completion}</summary>
            <CompletionForm id={id} onDone={onDone} />
          </details>
          <details data-step="extension">
            <summary>{m.rectification.extension}</summary>
            <ExtensionForm id={id} onDone={onDone} />
          </details>
        </>
      )}
    </div>
  );
}

interface FormProps {
  id: string;
  onDone: () => void;
}

function ProgressForm({ id, onDone }: FormProps) {
  const { m } = useI18n();
  const form = useForm({ notedOn: todayInBureau(), note: '' });
  return (
    <WriteForm title={m.rectification.progress} showTitle={false} form={form} path={itemPath(id, 'progress')} testId="form-rectification-progress"
      body={(v) => compact(v)} successText={() => m.rectification.written(m.rectification.progress)} onDone={onDone}>
      <TextField form={form} name="notedOn" type="date" label={m.rectification.notedOn} required />
      <TextField form={form} name="note" label={m.rectification.note} required multiline />
    </WriteForm>
  );
}

function ExtensionForm({ id, onDone }: FormProps) {
  const { m } = useI18n();
  const form = useForm({ dueOn: '', approvedBy: '', approvedOn: todayInBureau(), reason: '' });
  return (
    <WriteForm title={m.rectification.extension} showTitle={false} form={form} path={itemPath(id, 'extensions')} testId="form-rectification-extension"
      body={(v) => compact(v)} successText={() => m.rectification.written(m.rectification.extension)} onDone={onDone}>
      <div class="grid">
        <TextField form={form} name="dueOn" type="date" label={m.rectification.newDueOn} required />
        <TextField form={form} name="approvedBy" label={m.rectification.approvedBy} required />
        <TextField form={form} name="approvedOn" type="date" label={m.rectification.approvedOn} required />
      </div>
      <TextField form={form} name="reason" label={m.rectification.reason} required multiline />
    </WriteForm>
  );
}

function CompletionForm({ id, onDone }: FormProps) {
  const { m } = useI18n();
  const form = useForm({ completedOn: todayInBureau(), summary: '' });
  return (
    <WriteForm title={m.rectification.completion} showTitle={false} form={form} path={itemPath(id, 'completion')} testId="form-rectification-completion"
      body={(v) => compact(v)} successText={() => m.rectification.written(m.rectification.completion)} onDone={onDone}>
      <TextField form={form} name="completedOn" type="date" label={m.rectification.completedOn} required />
      <TextField form={form} name="summary" label={m.rectification.completionSummary} required multiline />
    </WriteForm>
  );
}

function VerificationForm({ id, onDone }: FormProps) {
  const { m } = useI18n();
  const form = useForm({ verifiedOn: todayInBureau(), outcome: 'accepted', note: '', dueOn: '' });
  return (
    <WriteForm title={m.rectification.verification} form={form} path={itemPath(id, 'verification')} testId="form-rectification-verification"
      body={(v) => compact({ ...v, dueOn: v.outcome === 'rejected' ? v.dueOn : '' })}
      successText={() => m.rectification.written(m.rectification.verification)} onDone={onDone}>
      <div class="grid">
        <TextField form={form} name="verifiedOn" type="date" label={m.rectification.verifiedOn} required />
        <SelectField form={form} name="outcome" label={m.rectification.outcome} options={m.verificationOutcome} required />
        {form.values.outcome === 'rejected' && (
          <TextField form={form} name="dueOn" type="date" label={m.rectification.reopenDueOn} help={m.rectification.reopenDueOnHelp} required />
        )}
      </div>
      <TextField form={form} name="note" label={m.rectification.verificationNote} required multiline />
    </WriteForm>
  );
}
