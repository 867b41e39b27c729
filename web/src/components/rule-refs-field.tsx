import { useEffect, useId, useState } from 'preact/hooks';
import { cachedJson } from '../api/cached-json.js';
import { useI18n } from '../i18n/index.js';
import { joinList } from '../i18n/punctuation.js';
import type { FormState, FormValues } from './form.js';

// The province's rules a report may cite (八不准、六严禁、四必究), as checkboxes grouped as the
// province groups them. The form keeps the chosen codes as one space-separated string.

interface RuleReference {
  code: string;
  group: string;
  text: string;
  en: string;
}

const fetchReferences = cachedJson<{ rules: RuleReference[] }>('/web/rule-references.json', { rules: [] });
const loadReferences = async (): Promise<RuleReference[]> => (await fetchReferences()).rules;

/** The province's rule references, loaded once. */
export function useRuleReferences(): RuleReference[] {
  const [references, setReferences] = useState<RuleReference[]>([]);
  useEffect(() => { void loadReferences().then(setReferences); }, []);
  return references;
}

export function codesOf(value: string | boolean | undefined): string[] {
  return typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : [];
}

export function RuleRefsField<T extends FormValues>({ form, name, label }: { form: FormState<T>; name: keyof T & string; label: string }) {
  const { m, lang } = useI18n();
  const id = useId();
  const references = useRuleReferences();
  const chosen = codesOf(form.values[name]);
  const toggle = (code: string, on: boolean) => {
    const next = on ? [...chosen, code] : chosen.filter((c) => c !== code);
    form.set(name, next.join(' ') as T[typeof name]);
  };
  const groups = [...new Set(references.map((r) => r.group))];
  return (
    <fieldset class="rule-refs" aria-describedby={`${id}-note`}>
      <legend>{label}</legend>
      {groups.map((group) => (
        <div class="rule-group" key={group}>
          <strong class="rule-group-name">{m.ruleGroup[group] ?? group}</strong>
          {references.filter((r) => r.group === group).map((r) => (
            <label class="choice" key={r.code}>
              <input type="checkbox" name={name} value={r.code} checked={chosen.includes(r.code)} onChange={(e) => toggle(r.code, (e.currentTarget as HTMLInputElement).checked)} />
              <span>{lang === 'en' ? r.en : r.text}</span> <code>{r.code}</code>
            </label>
          ))}
        </div>
      ))}
      <small id={`${id}-note`} class="help">{joinList(chosen, lang)}</small>
    </fieldset>
  );
}
