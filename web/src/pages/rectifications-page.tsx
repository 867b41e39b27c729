import { read } from '../api/client.js';
import { listOf } from '../api/reads.js';
import { compact, SelectField, TextField, useForm, WriteForm } from '../components/form.js';
import { DirectoryLists } from '../components/directory-lists.js';
import { LoadState } from '../components/load-state.js';
import { MoreButton } from '../components/more-button.js';
import { ProblemNotice } from '../components/problem.js';
import { TableScroll } from '../components/table-scroll.js';
import { UnitFilter } from '../components/unit-filter.js';
import { useDirectory } from '../directory.js';
import { formatDate, todayInBureau } from '../format.js';
import { label, useI18n } from '../i18n/index.js';
import { href, navigate } from '../router.js';
import { hasRole, type Session } from '../session.js';
import { useCsvDownload } from '../use-csv-download.js';
import { useLoad } from '../use-load.js';
import { useMorePages } from '../use-more-pages.js';

// 整改台账: each unit's problems with their measures, who answers for them and by when; open items
// first, soonest deadline first, overdue ones marked; filters kept in the address, the CSV of what is
// shown a click away; inspectors record new problems here and follow each item up on its own page.

/** An item of the ledger as GET /api/v1/rectifications gives it. */
export interface RectificationItem {
  rectificationId: string;
  unitId: string;
  unitName: string | null;
  problem: string;
  source: string;
  caseId: string | null;
  measure: string;
  responsibleDepartment: string;
  responsiblePerson: string;
  responsibleOfficerId: string | null;
  foundOn: string;
  originalDueOn: string;
  dueOn: string;
  missedDueOn: string | null;
  extensionCount: number;
  latestProgress: { on: string; note: string } | null;
  status: 'open' | 'overdue' | 'done';
  overdueDays: number;
  completedOn: string | null;
  completionSummary: string | null;
  late: boolean | null;
  verification: { on: string; outcome: string; note: string } | null;
  accepted: boolean;
  rejectionCount: number;
}

interface LedgerPage {
  items: RectificationItem[];
  total: number;
  counts: { open: number; overdue: number; done: number };
  nextCursor: string | null;
}

export const rectificationPath = (id: string) => `/rectifications/${encodeURIComponent(id)}`;

/** Overdue in red, done in green, open in blue: in words too, never colour alone. */
export function RectificationBadge({ status }: { status: string }) {
  const { m } = useI18n();
  const style = status === 'overdue' ? 'rotation-overdue' : status === 'done' ? 'rotation-ok' : 'status-reported';
  return <span class={`badge ${style}`} data-status={status}>{status === 'overdue' && <span aria-hidden="true">⚠ </span>}{label(m.rectificationStatus, status)}</span>;
}

export function RectificationsPage({ query, session }: { query: URLSearchParams; session: Session }) {
  const { m, lang } = useI18n();
  const directory = useDirectory();
  const writes = hasRole(session, 'inspector');
  const unitId = query.get('unitId') ?? '';
  const status = query.get('status') ?? '';
  const accepted = query.get('accepted') ?? '';
  const dueBefore = query.get('dueBefore') ?? '';
  const filters = { unitId, status, accepted, dueBefore };
  const loaded = useLoad(() => read<LedgerPage>('/api/v1/rectifications', filters), [unitId, status, accepted, dueBefore]);
  const more = useMorePages(JSON.stringify(filters), loaded.data?.nextCursor ?? null, async (cursor) => {
    const page = await read<LedgerPage>('/api/v1/rectifications', { ...filters, cursor });
    return { items: listOf<RectificationItem>(page), nextCursor: page.nextCursor ?? null };
  });
  const setFilter = (name: string, value: string) => navigate('/rectifications', { ...filters, [name]: value || undefined });
  const csv = useCsvDownload();
  const downloadCsv = () => csv.download('/api/v1/rectifications', { ...filters, lang }, `rectifications-${unitId || 'all'}-${todayInBureau()}.csv`);
  const items = [...listOf<RectificationItem>(loaded.data), ...more.items];
  const counts = loaded.data?.counts;

  return (
    <div class="page rectifications">
      <h2>{m.rectification.title}</h2>
      <p class="intro">{m.rectification.intro}</p>
      <DirectoryLists directory={directory} />
      <form class="filters" aria-label={m.cases.filters} onSubmit={(e) => e.preventDefault()}>
        <UnitFilter id="z-unit" label={m.rectification.unit} directory={directory} unitId={unitId} onChange={(id) => setFilter('unitId', id)} />
        <div class="field">
          <label for="z-status">{m.rectification.status}</label>
          <select id="z-status" onChange={(e) => setFilter('status', (e.currentTarget as HTMLSelectElement).value)}>
            <option value="" selected={status === ''}>{m.common.all}</option>
            {Object.entries(m.rectificationStatus).map(([code, name]) => <option key={code} value={code} selected={status === code}>{name}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="z-accepted">{m.rectification.accepted}</label>
          <select id="z-accepted" onChange={(e) => setFilter('accepted', (e.currentTarget as HTMLSelectElement).value)}>
            <option value="" selected={accepted === ''}>{m.common.all}</option>
            <option value="true" selected={accepted === 'true'}>{m.rectification.acceptedYes}</option>
            <option value="false" selected={accepted === 'false'}>{m.rectification.acceptedNo}</option>
          </select>
        </div>
        <div class="field">
          <label for="z-due">{m.rectification.dueBefore}</label>
          <input id="z-due" type="date" value={dueBefore} onChange={(e) => setFilter('dueBefore', (e.currentTarget as HTMLInputElement).value)} />
        </div>
        <a class="button-link" href={href('/rectifications')}>{m.common.reset}</a>
        <button type="button" onClick={downloadCsv} data-testid="download-csv">{m.common.downloadCsv}</button>
      </form>
      <ProblemNotice problem={csv.problem} />
      <LoadState loaded={loaded} />
      {counts && <p class="count" role="status" data-testid="rectification-summary">{m.rectification.summary(counts.open, counts.overdue, counts.done)}</p>}
      {loaded.data && items.length === 0 && <p class="empty">{m.common.empty}</p>}
      {items.length > 0 && (
        <TableScroll label={m.rectification.title}>
          <table class="data rectification-table">
            <thead>
              <tr>
                <th scope="col">{m.rectification.status}</th>
                <th scope="col">{m.rectification.unit}</th>
                <th scope="col">{m.rectification.problem}</th>
                <th scope="col">{m.rectification.measure}</th>
                <th scope="col">{m.rectification.responsible}</th>
                <th scope="col">{m.rectification.foundOn}</th>
                <th scope="col">{m.rectification.dueOn}</th>
                <th scope="col">{m.rectification.completedOn}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.rectificationId} class={item.status === 'overdue' ? 'row-overdue' : undefined}
                  data-rectification={item.rectificationId} data-status={item.status}>
                  <td>
                    <RectificationBadge status={item.status} />
                    {item.status === 'overdue' && <div><small data-testid="overdue-days">{m.rectification.overdueDays(item.overdueDays)}</small></div>}
                    {item.late && <div><span class="badge case-late" data-testid="done-late">{m.rectification.lateBadge}</span></div>}
                    {item.accepted && <div><small class="muted">{m.rectification.acceptedYes}</small></div>}
                  </td>
                  <td>{item.unitName ?? item.unitId}</td>
                  <td><a href={href(rectificationPath(item.rectificationId))}>{item.problem}</a> <small class="muted">{label(m.rectificationSource, item.source)}</small></td>
                  <td>{item.measure}</td>
                  <td>{item.responsibleDepartment} · {item.responsiblePerson}</td>
                  <td class="date">{formatDate(item.foundOn, lang)}</td>
                  <td class="date">
                    {formatDate(item.dueOn, lang)}
                    {item.extensionCount > 0 && <div><small class="muted">{m.rectification.extensions(item.extensionCount)}</small></div>}
                  </td>
                  <td class="date">{item.completedOn ? formatDate(item.completedOn, lang) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <MoreButton more={more} />
      {writes && <RecordForm onDone={(id) => navigate(rectificationPath(id))} />}
    </div>
  );
}

function RecordForm({ onDone }: { onDone: (id: string) => void }) {
  const { m } = useI18n();
  const form = useForm({
    unitId: '', problem: '', source: 'self_inspection', caseId: '', measure: '', responsibleDepartment: '', responsiblePerson: '',
    responsibleOfficerId: '', foundOn: todayInBureau(), dueOn: '',
  });
  return (
    <WriteForm title={m.rectification.record} form={form} path="/api/v1/rectifications" testId="form-rectification"
      body={(v) => compact(v)} successText={() => m.rectification.written(m.rectification.record)} onDone={(result) => onDone(result.id)}>
      <div class="grid">
        <TextField form={form} name="unitId" label={m.rectification.unit} required list="units-list" />
        <SelectField form={form} name="source" label={m.rectification.source} options={m.rectificationSource} required />
        <TextField form={form} name="caseId" label={m.rectification.caseId} help={m.rectification.caseIdHelp} required={form.values.source === 'case'} />
      </div>
      <TextField form={form} name="problem" label={m.rectification.problem} required multiline />
      <TextField form={form} name="measure" label={m.rectification.measure} required multiline />
      <div class="grid">
        <TextField form={form} name="responsibleDepartment" label={m.rectification.responsibleDepartment} required />
        <TextField form={form} name="responsiblePerson" label={m.rectification.responsiblePerson} required />
        <TextField form={form} name="responsibleOfficerId" label={m.rectification.responsibleOfficerId} list="officers-list" />
        <TextField form={form} name="foundOn" type="date" label={m.rectification.foundOn} required />
        <TextField form={form} name="dueOn" type="date" label={m.rectification.dueOn} required />
      </div>
    </WriteForm>
  );
}
