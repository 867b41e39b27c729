import { useEffect, useState } from 'preact/hooks';
import { read } from '../api/client.js';
import { CLIENT_ID, officerPath } from '../api/officer-paths.js';
import type { TimelineEntry } from '../api/reads.js';
import { compact, SelectField, TextField, useForm, WriteForm } from '../components/form.js';
import { formatDate, todayInBureau } from '../format.js';
import { label, useI18n } from '../i18n/index.js';

// HR's forms that start from an officer's record: the end of an off-post training (it names the
// training sanction, and says the end its sanction set, before which it is not recorded) and the
// correction of a registration (it names the registration event). Both look the officer up as the
// id is typed, and offer what the record holds.

interface SanctionInForce {
  sanctionId: string;
  kind: string;
  effectiveOn?: string;
  untilOn?: string | null;
}

interface OfficerRecord {
  state?: { registered?: boolean; name?: string | null; unitId?: string | null; hiredOn?: string | null; sanctionsInForce?: SanctionInForce[] } | null;
  timeline?: TimelineEntry[];
}

/** The officer's record once the typed id names one (looked up a moment after typing stops). */
export function useOfficerRecord(officerId: string, version = 0): { record: OfficerRecord | null; notFound: boolean } {
  const [found, setFound] = useState<{ id: string; record: OfficerRecord | null }>({ id: '', record: null });
  const id = officerId.trim();
  useEffect(() => {
    if (!CLIENT_ID.test(id)) return undefined;
    let live = true;
    const timer = setTimeout(() => {
      read<OfficerRecord>(officerPath(id, 'history')).then(
        (record) => { if (live) setFound({ id, record }); },
        () => { if (live) setFound({ id, record: null }); },
      );
    }, 250);
    return () => { live = false; clearTimeout(timer); };
  }, [id, version]);
  const current = found.id === id && CLIENT_ID.test(id);
  return { record: current ? found.record : null, notFound: current && (found.record === null || found.record.state?.registered === false) };
}


export function TrainingCompletionForm({ onDone }: { onDone: () => void }) {
  const { m, lang } = useI18n();
  const form = useForm({ officerId: '', sanctionId: '', completedOn: todayInBureau() });
  const [version, setVersion] = useState(0);
  const { record, notFound } = useOfficerRecord(String(form.values.officerId), version);
  const trainings = (record?.state?.sanctionsInForce ?? []).filter((s) => s.kind === 'off_post_training');
  const options = Object.fromEntries(trainings.map((s) => [
    s.sanctionId,
    `${label(m.sanction, s.kind)} · ${formatDate(s.effectiveOn, lang)}${s.untilOn ? ` – ${formatDate(s.untilOn, lang)}` : ''} · ${s.sanctionId}`,
  ]));
  // The only training in progress is the one meant.
  const only = trainings.length === 1 ? trainings[0]!.sanctionId : '';
  useEffect(() => {
    if (only && form.values.sanctionId === '') form.set('sanctionId', only);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [only]);
  // The end the sanction in force set (as imposed, or as a review or appeal replaced it): HR records
  // the end of a training, never an earlier one (the register refuses it: training_before_planned_end).
  const plannedEnd = (values: typeof form.values): string | null =>
    trainings.find((s) => s.sanctionId === values.sanctionId)?.untilOn ?? null;
  const end = plannedEnd(form.values);
  const endHelp = end
    ? (end > todayInBureau() ? m.personnel.trainingEndsLater : m.personnel.trainingPlannedEnd)(formatDate(end, lang))
    : undefined;
  return (
    <WriteForm title={m.personnel.trainingCompletion} form={form} path={officerPath(String(form.values.officerId), 'training-completions')} testId="form-training-completion"
      body={(v) => compact({ sanctionId: v.sanctionId, completedOn: v.completedOn })}
      refuse={(v) => {
        const until = plannedEnd(v);
        const on = String(v.completedOn);
        return until && on !== '' && on < until ? m.personnel.completedBeforePlannedEnd(formatDate(until, lang)) : null;
      }}
      onDone={() => { setVersion((n) => n + 1); onDone(); }}>
      <div class="grid">
        <TextField form={form} name="officerId" label={m.personnel.officerId} required list="officers-list" />
        {trainings.length > 0
          ? <SelectField form={form} name="sanctionId" label={m.personnel.trainingSanction} options={options} required />
          : <TextField form={form} name="sanctionId" label={m.personnel.trainingSanction} required
              help={record && !notFound ? m.personnel.noTrainingInProgress : m.personnel.trainingSanctionHelp} />}
        <TextField form={form} name="completedOn" type="date" label={m.personnel.completedOn} required help={endHelp} />
      </div>
    </WriteForm>
  );
}

export function OfficerCorrectionForm({ onDone }: { onDone: () => void }) {
  const { m, lang } = useI18n();
  const form = useForm({ officerId: '', correctsEventId: '', reason: '', name: '', hiredOn: '', unitId: '' });
  const [version, setVersion] = useState(0);
  const { record, notFound } = useOfficerRecord(String(form.values.officerId), version);
  const registration = record?.timeline?.find((entry) => entry.type === 'OfficerRegistered')?.eventId ?? '';
  // The registration of the officer typed is the event corrected (none while the id names nobody,
  // so another officer's registration is never left in the field).
  useEffect(() => {
    form.set('correctsEventId', registration);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [registration]);
  const state = record?.state;
  const recorded = state && !notFound
    ? m.personnel.recordedAs(state.name ?? '—', state.unitId ?? '—', formatDate(state.hiredOn, lang))
    : notFound ? m.personnel.officerNotFound : m.personnel.registrationHelp;
  return (
    <WriteForm title={m.personnel.correction} form={form} path={officerPath(String(form.values.officerId), 'corrections')} testId="form-officer-correction"
      body={(v) => ({
        correctsEventId: String(v.correctsEventId).trim(),
        reason: String(v.reason).trim(),
        changes: compact({ name: v.name, hiredOn: v.hiredOn, unitId: v.unitId }),
      })}
      onDone={() => { setVersion((n) => n + 1); onDone(); }}>
      <div class="grid">
        <TextField form={form} name="officerId" label={m.personnel.officerId} required list="officers-list" help={recorded} />
        <TextField form={form} name="correctsEventId" label={m.personnel.correctsEventId} required help={m.personnel.correctsEventIdHelp} />
      </div>
      <p class="help">{m.personnel.correctionHelp}</p>
      <div class="grid">
        <TextField form={form} name="name" label={m.personnel.correctedName} />
        <TextField form={form} name="unitId" label={m.personnel.correctedUnitId} list="units-list" />
        <TextField form={form} name="hiredOn" type="date" label={m.personnel.correctedHiredOn} />
      </div>
      <TextField form={form} name="reason" label={m.personnel.correctionReason} required multiline />
    </WriteForm>
  );
}
