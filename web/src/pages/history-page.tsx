import { useMemo } from 'preact/hooks';
import { TableScroll } from '../components/table-scroll.js';
import { shortCaseId } from '../case-ref.js';
import { read } from '../api/client.js';
import { officerPath } from '../api/officer-paths.js';
import { storyDay, type TimelineEntry } from '../api/reads.js';
import { RotationBadge } from '../components/badges.js';
import { LoadState } from '../components/load-state.js';
import { describeEvent } from '../describe-event.js';
import { useEventNames } from '../event-names.js';
import { DirectoryLists } from '../components/directory-lists.js';
import { useDirectory } from '../directory.js';
import { bureauLocalToInstant, formatDate, formatInstant } from '../format.js';
import { label, useI18n } from '../i18n/index.js';
import { inParens, joinList, labelled, marks, nameWithId } from '../i18n/punctuation.js';
import { href, navigate } from '../router.js';
import { hasRole, type Session } from '../session.js';
import { useAddressFields } from '../use-address-fields.js';
import { useLoad } from '../use-load.js';

// 人员档案: an officer's state and whole timeline, now or as the register stood at any moment
// (`asOf`). Auditors use the latter to see what was known when a decision was taken.

interface OfficerHistory {
  officerId?: string;
  asOf?: string | null;
  officer?: Record<string, unknown> | null;
  state?: Record<string, unknown> | null;
  current?: Record<string, unknown> | null;
  timeline?: TimelineEntry[];
  entries?: TimelineEntry[];
  [key: string]: unknown;
}

export function HistoryPage({ query, session }: { query: URLSearchParams; session: Session }) {
  const { m } = useI18n();
  const directory = useDirectory();
  const officerId = query.get('officerId') ?? '';
  const asOfLocal = query.get('asOf') ?? '';
  const [fields, setFields] = useAddressFields({ id: officerId, asOf: asOfLocal });
  const typedId = fields.id;
  const typedAsOf = fields.asOf;
  const setTypedId = (id: string) => setFields({ id });
  const setTypedAsOf = (asOf: string) => setFields({ asOf });

  return (
    <div class="page history">
      <h2>{m.history.title}</h2>
      <DirectoryLists directory={directory} />
      <form class="filters" onSubmit={(e) => { e.preventDefault(); navigate('/history', { officerId: typedId.trim(), asOf: typedAsOf || undefined }); }}>
        <div class="field">
          <label for="h-officer">{m.history.officerId}</label>
          <input id="h-officer" name="officerId" required value={typedId} list="officers-list" onInput={(e) => setTypedId((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="h-asof">{m.history.asOf}</label>
          <input id="h-asof" name="asOf" type="datetime-local" step="1" value={typedAsOf} aria-describedby="h-asof-help"
            onInput={(e) => setTypedAsOf((e.currentTarget as HTMLInputElement).value)} />
          <small id="h-asof-help" class="help">{m.history.asOfHelp}</small>
        </div>
        <button type="submit">{m.history.show}</button>
      </form>
      {officerId && <HistoryView officerId={officerId} asOf={bureauLocalToInstant(asOfLocal)} readsCases={hasRole(session, 'inspector', 'auditor')} />}
    </div>
  );
}

function HistoryView({ officerId, asOf, readsCases }: { officerId: string; asOf: string; readsCases: boolean }) {
  const { m, lang } = useI18n();
  const directory = useEventNames();
  const loaded = useLoad(
    () => read<OfficerHistory>(officerPath(officerId, 'history'), { asOf: asOf || undefined }),
    [officerId, asOf],
  );
  const history = loaded.data;
  const state = (history?.state ?? history?.officer ?? history?.current ?? null) as Record<string, unknown> | null;
  // An appeal's entry names the officer's sanction appealed by its kind and day, not by its id: the
  // kind as imposed (its SanctionTookEffect entry), not the lighter one a decision may have put in force since.
  const names = useMemo(() => {
    const o = (state ?? {}) as OfficerView;
    const sanctions = new Map(Object.values(o.sanctions ?? {}).map((s) => [s.sanctionId, { kind: s.kind, effectiveOn: s.effectiveOn }]));
    for (const entry of history?.timeline ?? history?.entries ?? []) {
      const d = entry.data ?? {};
      if (entry.type === 'SanctionTookEffect' && typeof d.sanctionId === 'string' && typeof d.kind === 'string') {
        sanctions.set(d.sanctionId, { kind: d.kind, effectiveOn: String(d.effectiveOn ?? '') });
      }
    }
    return {
      ...directory,
      sanction: (sanctionId: string) => {
        const s = sanctions.get(sanctionId);
        return s && `${label(m.sanction, s.kind)}${inParens(formatDate(s.effectiveOn, lang), lang)}`;
      },
    };
  }, [directory, state, history, lang, m]);
  const timeline = history?.timeline ?? history?.entries ?? [];
  return (
    <>
      {loaded.problem !== null && loaded.problem !== 'network' && loaded.problem.status === 404
        // Not found: because nobody of that id is registered, or not yet at the time looked back at.
        ? (
          <div class="problem" role="alert" data-status="404" data-testid="history-not-found">
            <strong>{m.errors.readTitle}</strong>
            <p>{asOf ? m.history.notRecordedYet(officerId, formatInstant(asOf, lang)) : m.history.noSuchOfficer(officerId)}</p>
          </div>
        )
        : <LoadState loaded={loaded} />}
      {history && (
        <>
          {asOf && <p class="as-of" role="status" data-testid="as-of-note">{m.history.asOfNote(formatInstant(asOf, lang))}</p>}
          <section aria-labelledby="state-h">
            <h3 id="state-h">{m.history.state} · {officerId}</h3>
            {state ? <OfficerState state={state} unitName={directory.unit} /> : <p class="empty">{m.common.empty}</p>}
          </section>
          <section aria-labelledby="timeline-h">
            <h3 id="timeline-h">{m.history.timeline}</h3>
            {timeline.length === 0 && <p class="empty">{m.common.empty}</p>}
            <ol class="timeline" data-testid="officer-timeline">
              {timeline.map((entry, index) => (
                <li key={entry.eventId ?? entry.position ?? index}>
                  <div class="when">{formatDate(storyDay(entry), lang)}</div>
                  <div class="what">
                    <strong>{label(m.eventType, entry.type)}</strong>
                    <span class="desc">{describeEvent(entry.type, entry.data, m, lang, names)}</span>
                    {typeof entry.data?.caseId === 'string' && <CaseRef caseId={entry.data.caseId} link={readsCases} />}
                    {(entry.recordedBy ?? entry.actor) && (
                      <small class="muted">{labelled(m.common.recordedBy, entry.recordedBy ?? entry.actor ?? '', lang)} · {formatInstant(entry.recordedAt, lang)}</small>
                    )}
                  </div>
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </>
  );
}

/** Which case an entry of the officer's history belongs to: a link for the roles that read cases. */
function CaseRef({ caseId, link }: { caseId: string; link: boolean }) {
  const { m, lang } = useI18n();
  const short = shortCaseId(caseId);
  return (
    <small class="case-ref" data-testid="timeline-case">
      {m.history.inCase}{marks(lang).colon}{link ? <a href={href(`/cases/${encodeURIComponent(caseId)}`)} title={caseId}>{short}</a> : <code title={caseId}>{short}</code>}
    </small>
  );
}

interface OfficerSanctionView {
  sanctionId: string;
  caseId: string;
  kind: string;
  capacity: string;
  effectiveOn: string;
  untilOn: string | null;
  status: string;
}

/** The officer as the history read gives it (the domain's officer, summarised). */
interface OfficerView {
  exists?: boolean;
  registered?: boolean;
  unitName?: string | null;
  officerId?: string;
  name?: string;
  unitId?: string;
  hiredOn?: string;
  inService?: boolean;
  separation?: { kind: string; effectiveOn: string } | null;
  qualification?: { certificateNo: string; grantedOn: string } | null;
  post?: { post: { postId: string; title: string; unitId: string; enforcement: boolean; sensitive: boolean }; since: string; reason: string } | null;
  /** `status` on the day looked at, as the rotation schedule gives it (the register sends it while the officer is in service). */
  rotation?: { postId: string; since: string; dueOn: string; deferrals?: unknown[]; status?: 'overdue' | 'due_soon' | 'ok' } | null;
  postHistory?: { postId: string; unitId: string; title: string; from: string; to: string | null; reason: string }[];
  warningEducation?: { attendedOn: string; topic: string }[];
  sanctionsInForce?: OfficerSanctionView[];
  sanctions?: OfficerSanctionView[] | Record<string, OfficerSanctionView>;
}

/**
 * When the officer is due to rotate off the sensitive post held. The register's date is the last
 * deferral's when there was one: named as the rotation schedule names it (延期至, beside its
 * 应轮岗日期), and said to be deferred, so the two pages never show one date under two names.
 */
function RotationDue({ rotation }: { rotation: NonNullable<OfficerView['rotation']> }) {
  const { m, lang } = useI18n();
  const deferrals = rotation.deferrals?.length ?? 0;
  return (
    <>
      <dt>{deferrals > 0 ? m.rotation.deferredUntil : m.rotation.dueOn}</dt>
      <dd data-testid="rotation-due">
        {formatDate(rotation.dueOn, lang)}{rotation.status && rotation.status !== 'ok' && <> <RotationBadge status={rotation.status} /></>}
        {deferrals > 0 && <small class="muted" data-testid="rotation-deferred">{inParens(m.history.rotationDeferred(deferrals), lang)}</small>}
      </dd>
    </>
  );
}

/** The officer's state (now, or at the moment looked back at). */
function OfficerState({ state, unitName }: { state: Record<string, unknown>; unitName?: (unitId: string) => string | undefined }) {
  const { m, lang } = useI18n();
  const o = state as OfficerView;
  if (o.exists === false || o.registered === false) return <p class="empty">{m.common.empty}</p>;
  const inForce = o.sanctionsInForce ?? Object.values(o.sanctions ?? {}).filter((s) => s.status === 'in_force');
  const holding = o.post;
  return (
    <>
      <dl class="facts-list" data-testid="officer-state">
        <dt>{m.personnel.officerName}</dt><dd>{o.name ?? '—'}</dd>
        <dt>{m.history.unit}</dt><dd>{o.unitId ? nameWithId(o.unitName, o.unitId, lang) : '—'}</dd>
        <dt>{m.personnel.hiredOn}</dt><dd>{formatDate(o.hiredOn, lang)}</dd>
        <dt>{m.cases.status}</dt>
        <dd>{o.inService === false
          ? <span class="badge rotation-overdue">{m.history.separated}{o.separation ? inParens(`${label(m.sanction, o.separation.kind)} · ${formatDate(o.separation.effectiveOn, lang)}`, lang) : ''}</span>
          : m.history.inService}</dd>
        <dt>{m.history.qualification}</dt>
        <dd>{o.qualification ? `${o.qualification.certificateNo} · ${formatDate(o.qualification.grantedOn, lang)}` : m.common.none}</dd>
        <dt>{m.history.post}</dt>
        <dd>{holding
          ? <>{nameWithId(holding.post.title, holding.post.postId, lang)} · {m.rotation.since} {formatDate(holding.since, lang)}
              {holding.post.enforcement && <> · {m.personnel.enforcement}</>}
              {holding.post.sensitive && <> · {m.personnel.sensitive}</>}</>
          : m.common.none}</dd>
        {o.rotation && <RotationDue rotation={o.rotation} />}
        <dt>{m.history.sanctionsInForce}</dt>
        <dd>{inForce.length === 0 ? m.common.none : joinList(inForce.map((s) => `${label(m.sanction, s.kind)}${inParens(formatDate(s.effectiveOn, lang), lang)}`), lang)}</dd>
        <dt>{m.personnel.warningEducation}</dt>
        <dd data-testid="warning-education">{(o.warningEducation ?? []).length === 0 ? m.common.none : (
          <ul class="plain">{(o.warningEducation ?? []).map((w, i) => <li key={i}>{formatDate(w.attendedOn, lang)} {w.topic}</li>)}</ul>
        )}</dd>
      </dl>
      {(o.postHistory ?? []).length > 0 && (
        <TableScroll label={m.history.post}>
          <table class="data compact">
            <caption>{m.history.post}</caption>
            <thead><tr><th scope="col">{m.rotation.post}</th><th scope="col">{m.rotation.unit}</th><th scope="col">{m.rotation.since}</th><th scope="col">{m.history.postUntil}</th><th scope="col">{m.personnel.assignmentReason}</th></tr></thead>
            <tbody>
              {(o.postHistory ?? []).map((p) => (
                <tr key={`${p.postId}-${p.from}`}><td>{nameWithId(p.title, p.postId, lang)}</td><td>{nameWithId(unitName?.(p.unitId), p.unitId, lang)}</td><td class="date">{formatDate(p.from, lang)}</td><td class="date">{p.to ? formatDate(p.to, lang) : '—'}</td><td>{label(m.postReason, p.reason)}</td></tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
