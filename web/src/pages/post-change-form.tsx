import { CLIENT_ID } from '../api/officer-paths.js';
import { compact, SelectField, TextField, useForm, WriteForm } from '../components/form.js';
import type { Directory } from '../directory.js';
import { todayInBureau } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { nameWithId } from '../i18n/punctuation.js';

// HR (and administrators, who define posts too) change a post from a day on: the bureau names it an
// important or sensitive post (重要或敏感岗位) or no longer one, sets another rotation period, or
// renames it. The post's settings now are shown as its id is typed (from the directory, which has
// them as the latest change left them); what is left blank stays as it is.

export function PostChangeForm({ directory, onDone }: { directory: Directory; onDone: () => void }) {
  const { m, lang } = useI18n();
  const form = useForm({ postId: '', effectiveOn: todayInBureau(), sensitive: '', rotationPeriodMonths: '', title: '', reason: '' });
  const postId = String(form.values.postId).trim();
  const post = CLIENT_ID.test(postId) ? directory.posts.find((p) => p.id === postId) : undefined;
  const now = post
    ? m.personnel.postNow(nameWithId(post.name, post.id, lang), post.sensitive
      ? m.personnel.sensitiveWithPeriod(String(post.rotationPeriodMonths ?? '—')) : m.personnel.notSensitive)
    : CLIENT_ID.test(postId) && directory.available ? m.personnel.postNotFound : m.personnel.changePostLookup;
  const blank = (value: string | boolean) => String(value).trim() === '';
  return (
    <WriteForm title={m.personnel.changePost} form={form} path={`/api/v1/posts/${encodeURIComponent(postId || '-')}/changes`} testId="form-post-change"
      refuse={(v) => (blank(v.sensitive) && blank(v.rotationPeriodMonths) && blank(v.title) ? m.personnel.changeNothing : null)}
      body={(v) => compact({
        effectiveOn: v.effectiveOn,
        reason: v.reason,
        sensitive: blank(v.sensitive) ? undefined : v.sensitive === 'true',
        rotationPeriodMonths: blank(v.rotationPeriodMonths) ? undefined : Number(v.rotationPeriodMonths),
        title: v.title,
      })}
      onDone={onDone}>
      <p class="help">{m.personnel.changePostHelp}</p>
      <div class="grid">
        <TextField form={form} name="postId" label={m.personnel.changePostId} required list="posts-list" help={now} />
        <TextField form={form} name="effectiveOn" type="date" label={m.caseView.effectiveOn} required />
        <SelectField form={form} name="sensitive" label={m.personnel.changeSensitive} blank={m.personnel.unchanged}
          options={{ true: m.personnel.becomesSensitive, false: m.personnel.notSensitiveAnyMore }} />
        <TextField form={form} name="rotationPeriodMonths" type="number" label={m.personnel.rotationPeriodMonths}
          help={m.personnel.changePeriodHelp} required={form.values.sensitive === 'true'} />
      </div>
      <TextField form={form} name="title" label={m.personnel.changeTitle} help={m.personnel.changeTitleHelp} />
      <TextField form={form} name="reason" label={m.personnel.changeReason} help={m.personnel.changeReasonHelp} required multiline />
    </WriteForm>
  );
}
