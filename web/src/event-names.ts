import { useMemo } from 'preact/hooks';
import { useRuleReferences } from './components/rule-refs-field.js';
import type { EventNames } from './describe-event.js';
import { useDirectory } from './directory.js';
import { useI18n } from './i18n/index.js';

// What a page names events' ids by: officers, units and posts from the directory, rule references by their
// text in the reader's language. Until they have loaded (or when they cannot be), ids stand alone.

export function useEventNames(): EventNames {
  const { lang } = useI18n();
  const directory = useDirectory();
  const references = useRuleReferences();
  return useMemo(() => {
    const officers = new Map(directory.officers.map((o) => [o.id, o.name]));
    const units = new Map(directory.units.map((u) => [u.id, u.name]));
    const posts = new Map(directory.posts.map((p) => [p.id, p.name]));
    const rules = new Map(references.map((r) => [r.code, lang === 'en' ? r.en : r.text]));
    return { officer: (id) => officers.get(id), unit: (id) => units.get(id), post: (id) => posts.get(id), rule: (code) => rules.get(code) };
  }, [directory.officers, directory.units, directory.posts, references, lang]);
}
