import { streamNdjson } from '../api/client.js';
import { TableScroll } from '../components/table-scroll.js';
import type { AuditEvent } from '../api/reads.js';
import { actorOf, recordedAtOf, streamOf } from '../audit-event.js';
import { LoadState } from '../components/load-state.js';
import { describeEvent } from '../describe-event.js';
import { useEventNames } from '../event-names.js';
import { formatInstant } from '../format.js';
import { label, useI18n } from '../i18n/index.js';
import { nameWithId } from '../i18n/punctuation.js';
import { navigate } from '../router.js';
import { useAddressFields } from '../use-address-fields.js';
import { useLoad } from '../use-load.js';

// 事件流: the whole log in order, a page at a time, searchable by stream and type. The register
// filters (`stream`, `type`) and stops after a page (`limit`): a search never downloads the log.

const PAGE_SIZE = 50;

interface Page {
  events: AuditEvent[];
  /** Where the next page starts; null when nothing more matches. */
  nextFrom: string | null;
}

/** One page from `from`: the register sends at most one event more than a page, which says where the next starts. */
export async function loadPage(from: string, stream: string, type: string): Promise<Page> {
  const events: AuditEvent[] = [];
  let nextFrom: string | null = null;
  await streamNdjson('/api/v1/audit/events', {
    fromPosition: from || undefined, stream: stream || undefined, type: type || undefined, limit: PAGE_SIZE + 1,
  }, (item) => {
    const event = item as AuditEvent;
    if (events.length < PAGE_SIZE) {
      events.push(event);
      return true;
    }
    nextFrom = String(event.position);
    return false;
  });
  return { events, nextFrom };
}

export function EventsPage({ query }: { query: URLSearchParams }) {
  const { m, lang } = useI18n();
  const names = useEventNames();
  const from = query.get('from') ?? '';
  const stream = query.get('stream') ?? '';
  const type = query.get('type') ?? '';
  /** Start positions of the pages before this one, for 上一页. */
  const back = (query.get('back') ?? '').split(',').filter(Boolean);
  // The search shown, also after back or forward; what is typed until it is asked for.
  const [fields, setFields] = useAddressFields({ stream, type });
  const { stream: typedStream, type: typedType } = fields;
  const setTypedStream = (value: string) => setFields({ stream: value });
  const setTypedType = (value: string) => setFields({ type: value });
  const loaded = useLoad(() => loadPage(from, stream, type), [from, stream, type]);
  const page = loaded.data;
  const go = (next: Record<string, string | undefined>) => navigate('/audit/events', { stream: stream || undefined, type: type || undefined, ...next });

  return (
    <div class="page events">
      <h2>{m.events.title}</h2>
      <p class="intro">{m.events.intro}</p>
      <form class="filters" onSubmit={(e) => { e.preventDefault(); navigate('/audit/events', { stream: typedStream.trim() || undefined, type: typedType || undefined }); }}>
        <div class="field">
          <label for="e-stream">{m.events.stream}</label>
          <input id="e-stream" name="stream" value={typedStream} aria-describedby="e-stream-help" onInput={(e) => setTypedStream((e.currentTarget as HTMLInputElement).value)} />
          <small id="e-stream-help" class="help">{m.events.streamHelp}</small>
        </div>
        <div class="field">
          <label for="e-type">{m.events.type}</label>
          <select id="e-type" name="type" onChange={(e) => setTypedType((e.currentTarget as HTMLSelectElement).value)}>
            <option value="" selected={typedType === ''}>{m.common.all}</option>
            {Object.entries(m.eventType).map(([code, name]) => <option key={code} value={code} selected={typedType === code}>{nameWithId(name, code, lang)}</option>)}
          </select>
        </div>
        <button type="submit">{m.common.search}</button>
      </form>
      <LoadState loaded={loaded} />
      {page && (
        <>
          <p class="count" role="status" data-testid="events-count">{m.events.shown(page.events.length)}</p>
          <TableScroll label={m.events.title}>
            <table class="data events-table" data-testid="events-table">
              <thead>
                <tr>
                  <th scope="col">{m.events.position}</th>
                  <th scope="col">{m.events.stream}</th>
                  <th scope="col">{m.events.type}</th>
                  <th scope="col">{m.events.data}</th>
                  <th scope="col">{m.events.actor}</th>
                  <th scope="col">{m.events.recordedAt}</th>
                </tr>
              </thead>
              <tbody>
                {page.events.map((event) => (
                  <tr key={event.position} class={event.unreadable !== undefined ? 'unreadable' : undefined}>
                    <td class="num">{event.position}</td>
                    <td><code>{streamOf(event)}</code>{event.revision != null && <small class="muted"> #{event.revision}</small>}</td>
                    {event.unreadable !== undefined
                      ? <>
                          <td><strong>{m.events.unreadable}</strong></td>
                          <td role="alert">
                            {m.events.unreadableDetail(event.unreadable)}
                            <details><summary>JSON</summary><pre>{JSON.stringify({ metadata: event.metadata }, null, 2)}</pre></details>
                          </td>
                        </>
                      : <>
                          <td>{label(m.eventType, event.type ?? '')}<br /><small class="muted">{event.type}</small></td>
                          <td>
                            {describeEvent(event.type ?? '', event.data, m, lang, names)}
                            <details><summary>JSON</summary><pre>{JSON.stringify({ data: event.data, metadata: event.metadata }, null, 2)}</pre></details>
                          </td>
                        </>}
                    <td>{actorOf(event) ?? '—'}</td>
                    <td>{formatInstant(recordedAtOf(event), lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <nav class="pager" aria-label={m.events.title}>
            <button type="button" disabled={back.length === 0}
              onClick={() => go({ from: back.at(-1) || undefined, back: back.slice(0, -1).join(',') || undefined })}>
              {m.common.previous}
            </button>
            {page.nextFrom
              ? <button type="button" onClick={() => go({ from: page.nextFrom!, back: [...back, from || '0'].join(',') })}>{m.common.next}</button>
              : <span class="muted">{m.events.end}</span>}
          </nav>
        </>
      )}
    </div>
  );
}
