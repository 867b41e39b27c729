import { useState } from 'preact/hooks';
import { read } from '../api/client.js';
import type { TimelineEntry } from '../api/reads.js';
import { LoadState } from '../components/load-state.js';
import { describeEvent } from '../describe-event.js';
import { DirectoryLists } from '../components/directory-lists.js';
import { useDirectory } from '../directory.js';
import { formatDate, formatInstant } from '../format.js';
import { label, useI18n } from '../i18n/index.js';
import { navigate } from '../router.js';
import { useLoad } from '../use-load.js';

// 人员档案: an officer's state and whole timeline, now or as the register stood at any moment
// (`asOf`). Auditors use the latter to see what was known when a decision was taken.

interface OfficerHistory {
  officerId?: string;
  asOf?: string | null;
  state?: Record<string, unknown> | null;
  current?: Record<string, unknown> | null;
  timeline?: TimelineEntry[];
  entries?: TimelineEntry[];
  [key: string]: unknown;
}

/** `2021-05-27T14:30` typed in the bureau's zone (UTC+8 all year) -> an ISO instant. */
export function bureauLocalToInstant(local: string): string {
  if (!local) return '';
  const withSeconds = /T\d{2}:\d{2}$/.test(local) ? `${local}:00` : local;
  return `${withSeconds}+08:00`;
}

export function HistoryPage({ query }: { query: URLSearchParams }) {
  const { m } = useI18n();
  const directory = useDirectory();
  const officerId = query.get('officerId') ?? '';
  const asOfLocal = query.get('asOf') ?? '';
  const [typedId, setTypedId] = useState(officerId);
  const [typedAsOf, setTypedAsOf] = useState(asOfLocal);

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
      {officerId && <HistoryView officerId={officerId} asOf={bureauLocalToInstant(asOfLocal)} />}
    </div>
  );
}

function HistoryView({ officerId, asOf }: { officerId: string; asOf: string }) {
  const { m, lang } = useI18n();
  const loaded = useLoad(
    () => read<OfficerHistory>(`/api/v1/officers/${encodeURIComponent(officerId)}/history`, { asOf: asOf || undefined }),
    [officerId, asOf],
  );
  const history = loaded.data;
  const state = history?.state ?? history?.current ?? null;
  const timeline = history?.timeline ?? history?.entries ?? [];
  return (
    <>
      <LoadState loaded={loaded} />
      {history && (
        <>
          {asOf && <p class="as-of" role="status" data-testid="as-of-note">{m.history.asOfNote(formatInstant(asOf, lang))}</p>}
          <section aria-labelledby="state-h">
            <h3 id="state-h">{m.history.state} · {officerId}</h3>
            {state ? <OfficerState state={state} /> : <p class="empty">{m.common.empty}</p>}
          </section>
          <section aria-labelledby="timeline-h">
            <h3 id="timeline-h">{m.history.timeline}</h3>
            {timeline.length === 0 && <p class="empty">{m.common.empty}</p>}
            <ol class="timeline" data-testid="officer-timeline">
              {timeline.map((entry, index) => (
                <li key={entry.eventId ?? entry.position ?? index}>
                  <div class="when">{entry.on ? formatDate(entry.on, lang) : formatInstant(entry.recordedAt, lang)}</div>
                  <div class="what">
                    <strong>{label(m.eventType, entry.type)}</strong>
                    <span class="desc">{describeEvent(entry.type, entry.data, m, lang)}</span>
                    {(entry.recordedBy ?? entry.actor) && (
                      <small class="muted">{m.common.recordedBy}：{entry.recordedBy ?? entry.actor} · {formatInstant(entry.recordedAt, lang)}</small>
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

function OfficerState({ state }: { state: Record<string, unknown> }) {
  const { m, lang } = useI18n();
  const text = (value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (typeof value === 'boolean') return value ? m.common.yes : m.common.no;
    if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value, lang) : value;
    if (typeof value === 'number') return String(value);
    return '';
  };
  const post = state.post as Record<string, unknown> | null | undefined;
  const qualification = state.qualification as Record<string, unknown> | null | undefined;
  const sanctions = (state.sanctionsInForce ?? state.sanctions) as Record<string, unknown>[] | undefined;
  const known = new Set(['post', 'qualification', 'sanctionsInForce', 'sanctions']);
  return (
    <dl class="facts-list" data-testid="officer-state">
      {Object.entries(state).filter(([key, value]) => !known.has(key) && (value === null || typeof value !== 'object')).map(([key, value]) => (
        <><dt key={`${key}-k`}>{stateLabel(key, m)}</dt><dd key={`${key}-v`}>{text(value)}</dd></>
      ))}
      {'post' in state && (
        <><dt>{m.history.post}</dt><dd>{post ? `${text(post.title)}（${text(post.postId)}）${post.sensitive ? ` · ${m.personnel.sensitive}` : ''}` : '—'}</dd></>
      )}
      {'qualification' in state && (
        <><dt>{m.history.qualification}</dt><dd>{qualification ? `${text(qualification.certificateNo)} · ${text(qualification.grantedOn)}` : '—'}</dd></>
      )}
      {sanctions && (
        <><dt>{m.history.sanctionsInForce}</dt><dd>{sanctions.length === 0 ? m.common.none : sanctions.map((s) => label(m.sanction, String(s.kind))).join('、')}</dd></>
      )}
    </dl>
  );
}

function stateLabel(key: string, m: ReturnType<typeof useI18n>['m']): string {
  const names: Record<string, string> = {
    officerId: m.personnel.officerId,
    name: m.personnel.officerName,
    unitId: m.history.unit,
    hiredOn: m.personnel.hiredOn,
    inService: m.history.inService,
    status: m.cases.status,
    qualified: m.history.qualification,
  };
  return names[key] ?? key;
}
