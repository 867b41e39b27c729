import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import { read } from '../api/client.js';
import { type CaseDetail, caseStory, type SanctionView, storyDay, subjectIds, type TimelineEntry } from '../api/reads.js';
import { CaseDeadlineBadges, CaseStatusBadge } from '../components/badges.js';
import { LoadState } from '../components/load-state.js';
import { describeEvent } from '../describe-event.js';
import { useEventNames } from '../event-names.js';
import { caseOfficerName, sanctionName } from '../sanction-name.js';
import { DirectoryLists } from '../components/directory-lists.js';
import { useDirectory } from '../directory.js';
import { daysFromTo, formatDate, formatInstant } from '../format.js';
import { label, useI18n } from '../i18n/index.js';
import { joinClauses, labelled, marks, nameWithId } from '../i18n/punctuation.js';
import { href } from '../router.js';
import { hasRole, type Session } from '../session.js';
import { useLoad } from '../use-load.js';
import {
  AppealForm, ClosureForm, CorrectionForm, DecisionForm, EvidenceForm, FindingForm, InterventionForm, SanctionForm, VerificationForm,
} from './case-forms.js';

/** One case: its facts, its whole story in order, and (for inspectors) the forms of its next steps. */
export function CasePage({ caseId, session }: { caseId: string; session: Session }) {
  const { m } = useI18n();
  const directory = useDirectory();
  const loaded = useLoad(() => read<CaseDetail>(`/api/v1/cases/${encodeURIComponent(caseId)}`), [caseId]);
  const detail = loaded.data;
  const inspector = hasRole(session, 'inspector');
  // An inspector the case concerns (the register says so: the heads of the subjects' units on the
  // day of the breach are known only to it) may not act on it: no forms, and the page says why.
  const recused = inspector && detail?.concernsYou === true;
  const canWrite = inspector && !recused;
  // Closed once its closure is recorded, even while a review is pending (status under_appeal): only
  // a review or appeal, its decision and corrections reach a closed case.
  const closed = Boolean(detail?.closure);

  return (
    <div class="page case-page">
      <p><a href={href('/cases')}>← {m.nav.cases}</a></p>
      <h2>
        {m.caseView.title} <code class="case-id">{caseId}</code> {detail && <CaseStatusBadge status={detail.status} />}
      </h2>
      <LoadState loaded={loaded} />
      {detail && (
        <>
          <CaseFacts detail={detail} recused={recused} unitName={(id) => directory.units.find((u) => u.id === id)?.name ?? id} />
          <section aria-labelledby="story-h" class="story">
            <h3 id="story-h">{m.caseView.story}</h3>
            <Story entries={detail.timeline ?? caseStory(detail)} detail={detail} />
          </section>
          {recused && (
            <section aria-labelledby="actions-h" class="actions">
              <h3 id="actions-h">{m.caseView.actions}</h3>
              <p class="notice" role="note" data-testid="recused-note">{m.caseView.recused(session.officerId ?? '')}</p>
            </section>
          )}
          {canWrite && !closed && (
            <section aria-labelledby="actions-h" class="actions">
              <h3 id="actions-h">{m.caseView.actions}</h3>
              <DirectoryLists directory={directory} />
              <datalist id="case-subjects-list">{(detail.subjects ?? []).map((s) => <option key={s.officerId} value={s.officerId}>{s.name ?? ''}</option>)}</datalist>
              <CaseActions caseId={caseId} detail={detail} onDone={loaded.reload} />
            </section>
          )}
          {canWrite && closed && (
            <section aria-labelledby="actions-h" class="actions">
              <h3 id="actions-h">{m.caseView.actions}</h3>
              {/* A closed case's review decision names posts, its correction units: the same pickers. */}
              <DirectoryLists directory={directory} />
              <CaseActions caseId={caseId} detail={detail} onDone={loaded.reload} closed />
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

function CaseFacts({ detail, recused, unitName }: { detail: CaseDetail; recused: boolean; unitName: (unitId: string) => string }) {
  const { m, lang } = useI18n();
  const names = useEventNames();
  const ruleText = (code: string) => nameWithId(names.rule?.(code), code, lang);
  return (
    <section aria-labelledby="facts-h" class="facts">
      <h3 id="facts-h">{m.caseView.facts}</h3>
      <dl class="facts-list">
        <Fact name={m.cases.category}>{label(m.category, detail.category)}</Fact>
        <Fact name={m.cases.channel}>{label(m.channel, detail.channel)}</Fact>
        <Fact name={m.cases.subjects}>
          {(detail.subjects ?? subjectIds(detail).map((officerId) => ({ officerId, name: null }))).map((s, i) => (
            <span key={s.officerId} data-testid="case-subject">
              {i > 0 && marks(lang).list}<a href={href('/history', { officerId: s.officerId })}>{nameWithId(s.name, s.officerId, lang)}</a>
              {'unitId' in s && s.unitId && <span class="muted" title={s.unitId}> · {unitName(s.unitId)}</span>}
            </span>
          ))}
        </Fact>
        <Fact name={m.cases.occurredOn}>{formatDate(detail.occurredOn, lang)}</Fact>
        <Fact name={m.cases.reportedOn}><span data-testid="case-reported-on">{formatDate(detail.reportedOn, lang)}</span></Fact>
        <EnteredOn detail={detail} />
        <Fact name={m.cases.summary}>{detail.summary}</Fact>
        {detail.ruleRefs && detail.ruleRefs.length > 0 && <Fact name={m.caseForm.ruleRefs}>{joinClauses(detail.ruleRefs.map(ruleText), lang)}</Fact>}
        <Fact name={m.cases.inspector}>{detail.inspectorId ?? '—'}</Fact>
        <Fact name={m.cases.dueOn}>
          {formatDate(detail.dueOn, lang)}<CaseDeadlineBadges overdue={detail.overdue} late={detail.late} />
        </Fact>
        <Fact name={m.caseForm.reporter}>
          {detail.reporter === undefined
            // Hidden from an inspector because the case concerns them, from other roles for their role.
            ? <span class="muted" data-testid="reporter-hidden">{recused ? m.caseView.reporterHiddenConcernsYou : m.caseView.reporterHidden}</span>
            : detail.reporter === null
              ? m.common.none
              : detail.reporter.anonymous
                ? <>{m.caseForm.anonymous}{detail.reporter.contact && <>{marks(lang).open}{m.caseForm.reporterContact}{marks(lang).colon}<span data-testid="reporter-contact">{detail.reporter.contact}</span>{marks(lang).close}</>}</>
                : `${detail.reporter.name ?? ''} ${detail.reporter.contact ?? ''}`.trim()}
        </Fact>
        {detail.sanctions && detail.sanctions.length > 0 && (
          <Fact name={m.caseView.sanctions}>
            <ul class="plain" data-testid="case-sanctions">
              {detail.sanctions.map((s) => (
                <li key={s.sanctionId} data-status={s.status ?? 'in_force'}>
                  {caseOfficerName(detail, s.officerId, lang, names.officer)} · <SanctionKindInForce sanction={s} />
                  {s.capacity && s.capacity !== 'subject' && ` · ${label(m.capacity, s.capacity)}`}
                  {' · '}{formatDate(s.effectiveOn, lang)}
                  {/* Where a reassignment moved the officer, until when a training keeps them off post. */}
                  {s.status !== 'annulled' && s.untilOn && ` · ${labelled(m.caseView.untilOn, formatDate(s.untilOn, lang), lang)}`}
                  {s.status !== 'annulled' && s.toPostId && ` · ${labelled(m.caseView.toPost, nameWithId(names.post?.(s.toPostId), s.toPostId, lang), lang)}`}
                  {' '}<code>{s.sanctionId}</code>
                  {s.status === 'reduced' && <> <span class="badge sanction-revised">{m.caseView.sanctionReduced(formatDate(s.revisedOn ?? null, lang))}</span></>}
                  {s.status === 'annulled' && <> <span class="badge sanction-revised">{m.caseView.sanctionAnnulled(formatDate(s.revisedOn ?? null, lang))}</span></>}
                </li>
              ))}
            </ul>
          </Fact>
        )}
      </dl>
    </section>
  );
}

/**
 * The day the report was entered in the register, when it is not the day the bureau received it: a
 * report received on paper or by phone and entered later, and how much later (late handling of a
 * complaint is itself a breach).
 */
function EnteredOn({ detail }: { detail: CaseDetail }) {
  const { m, lang } = useI18n();
  if (!detail.enteredOn || !detail.reportedOn || detail.enteredOn === detail.reportedOn) return null;
  const days = daysFromTo(detail.reportedOn, detail.enteredOn);
  return (
    <Fact name={m.cases.enteredOn}>
      <span data-testid="case-entered-on">
        {formatDate(detail.enteredOn, lang)}
        {days !== null && days > 0 && <> <span class="badge entered-later">{m.cases.enteredLater(days)}</span></>}
      </span>
    </Fact>
  );
}

/**
 * The kind a sanction has now: an annulled one struck through, a reduced one its replacement after
 * the kind first imposed (struck through, and named for screen readers).
 */
function SanctionKindInForce({ sanction: s }: { sanction: SanctionView }) {
  const { m } = useI18n();
  if (s.status === 'annulled') return <s><strong>{label(m.sanction, s.imposedKind ?? s.kind)}</strong></s>;
  if (s.status === 'reduced' && s.imposedKind && s.imposedKind !== s.kind) {
    return (
      <>
        <s title={m.caseView.imposedKind}>{label(m.sanction, s.imposedKind)}</s>
        {' → '}<strong>{label(m.sanction, s.kind)}</strong>
      </>
    );
  }
  return <strong>{label(m.sanction, s.kind)}</strong>;
}

function Story({ entries, detail }: { entries: TimelineEntry[]; detail: CaseDetail }) {
  const { m, lang } = useI18n();
  const directory = useEventNames();
  // An appeal's step names the sanction appealed by its officer and kind, as the facts above list it.
  const names = useMemo(() => {
    const sanctions = new Map((detail.sanctions ?? []).map((s) => [s.sanctionId, s]));
    return {
      ...directory,
      sanction: (sanctionId: string) => {
        const s = sanctions.get(sanctionId);
        return s && sanctionName(s, detail, m, lang, directory.officer);
      },
    };
  }, [directory, detail, lang, m]);
  if (entries.length === 0) return <p class="empty">{m.caseView.noEvents}</p>;
  return (
    <ol class="timeline" data-testid="case-story">
      {entries.map((entry, index) => (
        <li key={entry.eventId ?? entry.position ?? index}>
          {/* Every step under a day (its own, or the day it was recorded); the instant it was recorded below. */}
          <div class="when">{formatDate(storyDay(entry), lang)}</div>
          <div class="what">
            <strong>{label(m.eventType, entry.type)}</strong>
            <span class="desc">{describeEvent(entry.type, entry.data, m, lang, names)}</span>
            {(entry.recordedBy ?? entry.actor) && (
              <small class="muted">{labelled(m.common.recordedBy, entry.recordedBy ?? entry.actor ?? '', lang)} · {formatInstant(entry.recordedAt, lang)}</small>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}

/** Which step comes next, by the case's status: that form is open, the others a click away. */
function nextStep(status: string): string {
  switch (status) {
    case 'reported': return 'verification';
    case 'under_verification': return 'finding';
    case 'found': return 'sanction';
    case 'sanctioned': return 'closure';
    case 'under_appeal': return 'decision';
    default: return '';
  }
}

function CaseActions({ caseId, detail, onDone, closed = false }: { caseId: string; detail: CaseDetail; onDone: () => void; closed?: boolean }) {
  const { m } = useI18n();
  const open = nextStep(detail.status);
  const props = { caseId, detail, onDone };
  const steps: { key: string; title: string; form: ComponentChildren }[] = closed
    ? [
        { key: 'appeal', title: m.caseView.appeal, form: <AppealForm {...props} /> },
        { key: 'decision', title: m.caseView.decision, form: <DecisionForm {...props} /> },
        { key: 'correction', title: m.caseView.correction, form: <CorrectionForm {...props} /> },
      ]
    : [
        { key: 'verification', title: m.caseView.verification, form: <VerificationForm {...props} /> },
        { key: 'evidence', title: m.caseView.evidence, form: <EvidenceForm {...props} /> },
        { key: 'intervention', title: m.caseView.intervention, form: <InterventionForm {...props} /> },
        { key: 'finding', title: m.caseView.finding, form: <FindingForm {...props} /> },
        { key: 'sanction', title: m.caseView.sanctionTitle, form: <SanctionForm {...props} /> },
        { key: 'appeal', title: m.caseView.appeal, form: <AppealForm {...props} /> },
        { key: 'decision', title: m.caseView.decision, form: <DecisionForm {...props} /> },
        { key: 'closure', title: m.caseView.closure, form: <ClosureForm {...props} /> },
        { key: 'correction', title: m.caseView.correction, form: <CorrectionForm {...props} /> },
      ];
  return (
    <div class="steps">
      {steps.map((step) => (
        <details key={step.key} open={step.key === open} data-step={step.key}>
          <summary>{step.title}</summary>
          {step.form}
        </details>
      ))}
    </div>
  );
}
