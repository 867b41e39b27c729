import { CheckboxField, compact, SelectField, TextField, useForm, WriteForm } from '../components/form.js';
import { codesOf, RuleRefsField } from '../components/rule-refs-field.js';
import { DirectoryLists } from '../components/directory-lists.js';
import { useDirectory } from '../directory.js';
import { useI18n } from '../i18n/index.js';
import { navigate } from '../router.js';

/** 登记问题线索: a reported violation against one or more officers. */
export function NewCasePage() {
  const { m } = useI18n();
  const directory = useDirectory();
  const form = useForm({
    officerIds: '', category: '', channel: '', occurredOn: '', reportedOn: '', summary: '', ruleRefs: '',
    reporterName: '', reporterContact: '', anonymous: false as boolean,
  });
  return (
    <div class="page">
      <h2>{m.caseForm.newTitle}</h2>
      <DirectoryLists directory={directory} />
      <WriteForm
        title={m.caseForm.newTitle}
        form={form}
        path="/api/v1/cases"
        testId="new-case-form"
        showTitle={false}
        body={(v) => {
          const reporter = v.anonymous || v.reporterName.trim() || v.reporterContact.trim()
            ? { name: v.anonymous ? null : v.reporterName.trim() || null, contact: v.reporterContact.trim() || null, anonymous: v.anonymous }
            : undefined;
          return compact({
            officerIds: v.officerIds.split(/[\s,，、]+/).filter(Boolean),
            category: v.category,
            channel: v.channel,
            occurredOn: v.occurredOn,
            // Empty: received today (the register's default).
            reportedOn: v.reportedOn,
            summary: v.summary,
            ruleRefs: codesOf(v.ruleRefs),
            reporter,
          });
        }}
        successText={() => m.caseForm.created}
        onDone={(result) => navigate(`/cases/${encodeURIComponent(result.id)}`)}
      >
        <div class="grid">
          <TextField form={form} name="officerIds" label={m.caseForm.officerIds} help={m.caseForm.officerIdsHelp} required list="officers-list" />
          <SelectField form={form} name="category" label={m.caseForm.category} options={m.category} required />
          <SelectField form={form} name="channel" label={m.caseForm.channel} options={m.channel} required />
          <TextField form={form} name="occurredOn" type="date" label={m.caseForm.occurredOn} required />
          <TextField form={form} name="reportedOn" type="date" label={m.caseForm.reportedOn} help={m.caseForm.reportedOnHelp} />
        </div>
        <TextField form={form} name="summary" label={m.caseForm.summary} required multiline />
        <RuleRefsField form={form} name="ruleRefs" label={m.caseForm.ruleRefs} />
        <fieldset>
          <legend>{m.caseForm.reporter}</legend>
          <p class="help">{m.caseForm.reporterNote}</p>
          <div class="grid">
            <TextField form={form} name="reporterName" label={m.caseForm.reporterName} errorKey="reporter" />
            <TextField form={form} name="reporterContact" label={m.caseForm.reporterContact} errorKey="reporter" />
            <CheckboxField form={form} name="anonymous" label={m.caseForm.anonymous} />
          </div>
        </fieldset>
      </WriteForm>
    </div>
  );
}
