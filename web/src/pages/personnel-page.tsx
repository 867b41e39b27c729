import { officerPath } from '../api/officer-paths.js';
import { CheckboxField, compact, SelectField, TextField, useForm, WriteForm } from '../components/form.js';
import { DirectoryLists } from '../components/directory-lists.js';
import { useDirectory } from '../directory.js';
import { todayInBureau } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { inParens, nameWithId } from '../i18n/punctuation.js';
import { href, navigate } from '../router.js';
import { hasRole, type Session } from '../session.js';
import { OfficerCorrectionForm, TrainingCompletionForm } from './officer-record-forms.js';
import { PostChangeForm } from './post-change-form.js';

// 人员与岗位: HR registers units, posts and officers, changes posts (sensitive or not, the rotation
// period, the title) from a day on, and records what happens to an officer
// (qualification, assignment, rotation deferral, warning education, the end of an off-post
// training, corrections of a registration). Administrators register units, posts and officers,
// and change posts, only: each form is shown to the roles its route allows. The directory beside the forms lists
// what is registered, filtered by unit.


export function PersonnelPage({ query, session }: { query: URLSearchParams; session: Session }) {
  const { m, lang } = useI18n();
  // POST /units, /posts (and a post's changes) and /officers: hr and admin; everything about an officer after that: hr.
  const hr = hasRole(session, 'hr');
  const registers = hasRole(session, 'hr', 'admin');
  const directory = useDirectory();
  const unitFilter = query.get('unitId') ?? '';
  const refresh = directory.reload;

  // Officers can be filtered by unit only when the directory knows their units.
  const unitsKnown = directory.officers.some((o) => o.unitId);
  const officers = directory.officers.filter((o) => !unitFilter || !unitsKnown || o.unitId === unitFilter);
  const posts = directory.posts.filter((p) => !unitFilter || p.unitId === unitFilter);
  const unitLabel = (id: string | undefined) => (id ? directory.units.find((u) => u.id === id)?.name ?? id : '—');

  return (
    <div class="page personnel">
      <h2>{m.personnel.title}</h2>
      <DirectoryLists directory={directory} />

      <section aria-labelledby="dir-h" class="directory">
        <h3 id="dir-h">{m.personnel.directory}</h3>
        {!directory.available && <p class="muted">{m.personnel.listUnavailable}</p>}
        {directory.available && (
          <>
            {(unitsKnown || directory.posts.length > 0) && <div class="field">
              <label for="unit-filter">{m.personnel.filterUnit}</label>
              <select id="unit-filter" onChange={(e) => navigate('/personnel', { unitId: (e.currentTarget as HTMLSelectElement).value || undefined })}>
                <option value="" selected={unitFilter === ''}>{m.common.all}</option>
                {directory.units.map((u) => <option key={u.id} value={u.id} selected={unitFilter === u.id}>{nameWithId(u.name, u.id, lang)}</option>)}
              </select>
            </div>}
            <div class={posts.length > 0 ? 'two-columns' : undefined}>
              <div class="scroll-box" data-testid="officers-box" tabIndex={0} role="region" aria-label={m.personnel.officers}>
              <table class="data" data-testid="officers-table">
                <caption>{m.personnel.officers}{inParens(String(officers.length), lang)}</caption>
                <thead><tr><th scope="col">{m.personnel.officerId}</th><th scope="col">{m.personnel.officerName}</th><th scope="col">{m.rotation.unit}</th></tr></thead>
                <tbody>
                  {officers.map((o) => (
                    <tr key={o.id}><td><a href={href('/history', { officerId: o.id })}>{o.id}</a></td><td>{o.name}</td><td>{o.left ? m.personnel.leftService : unitLabel(o.unitId)}</td></tr>
                  ))}
                </tbody>
              </table>
              </div>
              {posts.length > 0 && (
                <div class="scroll-box" tabIndex={0} role="region" aria-label={m.personnel.posts}>
                <table class="data" data-testid="posts-table">
                  <caption>{m.personnel.posts}</caption>
                  <thead><tr><th scope="col">{m.personnel.postId}</th><th scope="col">{m.personnel.postTitle}</th><th scope="col">{m.rotation.unit}</th><th scope="col">{m.personnel.sensitive}</th></tr></thead>
                  <tbody>
                    {posts.map((p) => (
                      <tr key={p.id} data-post={p.id}>
                        <td>{p.id}</td><td>{p.name}</td><td>{unitLabel(p.unitId)}</td>
                        <td data-testid="post-sensitive">{p.sensitive ? `${m.common.yes}${inParens(m.personnel.months(String(p.rotationPeriodMonths ?? '—')), lang)}` : m.common.no}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                </div>
              )}
            </div>
          </>
        )}
      </section>

      {registers && !hr && <p class="intro" data-testid="hr-only-note">{m.personnel.hrOnlyNote}</p>}
      {registers && (
        <div class="form-columns">
          <OfficerForms onDone={refresh} hr={hr} />
          <div>
            <UnitForms onDone={refresh} />
            <PostForm onDone={refresh} />
            <PostChangeForm directory={directory} onDone={refresh} />
          </div>
        </div>
      )}
    </div>
  );
}

function UnitForms({ onDone }: { onDone: () => void }) {
  const { m } = useI18n();
  const unit = useForm({ unitId: '', name: '', headOfficerId: '' });
  const head = useForm({ unitId: '', officerId: '', effectiveOn: todayInBureau() });
  return (
    <>
      <WriteForm title={m.personnel.registerUnit} form={unit} path="/api/v1/units" testId="form-unit"
        body={(v) => compact(v)} onDone={onDone}>
        <TextField form={unit} name="unitId" label={m.personnel.unitId} required />
        <TextField form={unit} name="name" label={m.personnel.unitName} required />
        <TextField form={unit} name="headOfficerId" label={m.personnel.headOfficerId} list="officers-list" />
      </WriteForm>
      <WriteForm title={m.personnel.appointHead} form={head}
        path={`/api/v1/units/${encodeURIComponent(String(head.values.unitId).trim() || '-')}/head`} testId="form-unit-head"
        body={(v) => compact({ officerId: v.officerId, effectiveOn: v.effectiveOn })} onDone={onDone}>
        <TextField form={head} name="unitId" label={m.personnel.unitId} required list="units-list" />
        <TextField form={head} name="officerId" label={m.personnel.headOfficerId} required list="officers-list" />
        <TextField form={head} name="effectiveOn" type="date" label={m.caseView.effectiveOn} required />
      </WriteForm>
    </>
  );
}

function PostForm({ onDone }: { onDone: () => void }) {
  const { m } = useI18n();
  const form = useForm({ postId: '', unitId: '', title: '', enforcement: false as boolean, sensitive: false as boolean, rotationPeriodMonths: '' });
  return (
    <WriteForm title={m.personnel.definePost} form={form} path="/api/v1/posts" testId="form-post"
      body={(v) => compact({
        postId: v.postId, unitId: v.unitId, title: v.title, enforcement: v.enforcement, sensitive: v.sensitive,
        rotationPeriodMonths: v.rotationPeriodMonths === '' ? undefined : Number(v.rotationPeriodMonths),
      })} onDone={onDone}>
      <TextField form={form} name="postId" label={m.personnel.postId} required />
      <TextField form={form} name="unitId" label={m.personnel.unitId} required list="units-list" />
      <TextField form={form} name="title" label={m.personnel.postTitle} required />
      <CheckboxField form={form} name="enforcement" label={m.personnel.enforcement} />
      <CheckboxField form={form} name="sensitive" label={m.personnel.sensitive} />
      <TextField form={form} name="rotationPeriodMonths" type="number" label={m.personnel.rotationPeriodMonths}
        help={m.personnel.rotationPeriodHelp} required={form.values.sensitive === true} />
    </WriteForm>
  );
}

function OfficerForms({ onDone, hr }: { onDone: () => void; hr: boolean }) {
  const { m } = useI18n();
  const officer = useForm({ officerId: '', name: '', unitId: '', hiredOn: '' });
  const qualification = useForm({ officerId: '', certificateNo: '', grantedOn: todayInBureau() });
  const assignment = useForm({ officerId: '', postId: '', effectiveOn: todayInBureau(), reason: 'appointment' });
  const deferral = useForm({ officerId: '', until: '', reason: '', approvedBy: '' });
  const education = useForm({ officerId: '', attendedOn: todayInBureau(), topic: '' });
  const id = (values: { officerId: string | boolean }) => String(values.officerId);
  return (
    <div>
      <WriteForm title={m.personnel.registerOfficer} form={officer} path="/api/v1/officers" testId="form-officer"
        body={(v) => compact(v)} onDone={onDone}>
        <div class="grid">
          <TextField form={officer} name="officerId" label={m.personnel.officerId} required />
          <TextField form={officer} name="name" label={m.personnel.officerName} required />
          <TextField form={officer} name="unitId" label={m.personnel.unitId} required list="units-list" />
          <TextField form={officer} name="hiredOn" type="date" label={m.personnel.hiredOn} required />
        </div>
      </WriteForm>
      {hr && <>
        <WriteForm title={m.personnel.qualification} form={qualification} path={officerPath(id(qualification.values), 'qualifications')} testId="form-qualification"
          body={(v) => compact({ certificateNo: v.certificateNo, grantedOn: v.grantedOn })} onDone={onDone}>
          <div class="grid">
            <TextField form={qualification} name="officerId" label={m.personnel.officerId} required list="officers-list" />
            <TextField form={qualification} name="certificateNo" label={m.personnel.certificateNo} required />
            <TextField form={qualification} name="grantedOn" type="date" label={m.personnel.grantedOn} required />
          </div>
        </WriteForm>
        <WriteForm title={m.personnel.assignment} form={assignment} path={officerPath(id(assignment.values), 'assignments')} testId="form-assignment"
          body={(v) => compact({ postId: v.postId, effectiveOn: v.effectiveOn, reason: v.reason })} onDone={onDone}>
          <div class="grid">
            <TextField form={assignment} name="officerId" label={m.personnel.officerId} required list="officers-list" />
            <TextField form={assignment} name="postId" label={m.personnel.postId} required list="posts-list" />
            <TextField form={assignment} name="effectiveOn" type="date" label={m.caseView.effectiveOn} required />
            <SelectField form={assignment} name="reason" label={m.personnel.assignmentReason} options={m.assignmentReason} required />
          </div>
        </WriteForm>
        <WriteForm title={m.personnel.deferral} form={deferral} path={officerPath(id(deferral.values), 'rotation-deferrals')} testId="form-deferral"
          body={(v) => compact({ until: v.until, reason: v.reason, approvedBy: v.approvedBy })} onDone={onDone}>
          <div class="grid">
            <TextField form={deferral} name="officerId" label={m.personnel.officerId} required list="officers-list" />
            <TextField form={deferral} name="until" type="date" label={m.personnel.until} required />
            <TextField form={deferral} name="approvedBy" label={m.personnel.approvedBy} required />
          </div>
          <TextField form={deferral} name="reason" label={m.personnel.deferralReason} required multiline />
        </WriteForm>
        <WriteForm title={m.personnel.warningEducation} form={education} path={officerPath(id(education.values), 'warning-education')} testId="form-warning-education"
          body={(v) => compact({ attendedOn: v.attendedOn, topic: v.topic })} onDone={onDone}>
          <div class="grid">
            <TextField form={education} name="officerId" label={m.personnel.officerId} required list="officers-list" />
            <TextField form={education} name="attendedOn" type="date" label={m.personnel.attendedOn} required />
          </div>
          <TextField form={education} name="topic" label={m.personnel.topic} required />
        </WriteForm>
        <TrainingCompletionForm onDone={onDone} />
        <OfficerCorrectionForm onDone={onDone} />
      </>}
    </div>
  );
}
