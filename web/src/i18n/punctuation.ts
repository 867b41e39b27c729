import type { Lang } from './index.js';

// Punctuation as each language writes it, for lines the pages put together from parts: full-width
// in Chinese (记录人：王五（A001）), with spaces in English (Recorded by: Wang Wu (A001)). The words
// are the dictionaries'; the marks between them are here, so neither language borrows the other's.

export interface Marks {
  /** After a label: 记录人：… / Recorded by: … */
  colon: string;
  /** Between the items of a list: 张三、李四 / Zhang, Li */
  list: string;
  /** Between clauses: …；… / …; … */
  clause: string;
  /** Between the parts of a sentence: 您好，… / Welcome, … */
  comma: string;
  /** Around an aside: 张三（A001） / Zhang San (A001) */
  open: string;
  close: string;
}

const MARKS: Record<Lang, Marks> = {
  zh: { colon: '：', list: '、', clause: '；', comma: '，', open: '（', close: '）' },
  en: { colon: ': ', list: ', ', clause: '; ', comma: ', ', open: ' (', close: ')' },
};

export function marks(lang: Lang): Marks {
  return MARKS[lang];
}

/** `记录人：insp-wang` / `Recorded by: insp-wang`. */
export function labelled(name: string, value: string, lang: Lang): string {
  return `${name}${MARKS[lang].colon}${value}`;
}

/** An aside after what it qualifies: `（3）` / ` (3)`. */
export function inParens(text: string, lang: Lang): string {
  return `${MARKS[lang].open}${text}${MARKS[lang].close}`;
}

/** `张三（A001）` / `Zhang San (A001)`; the id alone when there is no name. */
export function nameWithId(name: string | null | undefined, id: string, lang: Lang): string {
  return name ? `${name}${inParens(id, lang)}` : id;
}

/** `张三、李四` / `Zhang, Li`. */
export function joinList(items: readonly string[], lang: Lang): string {
  return items.join(MARKS[lang].list);
}

/** A clause that ends with one of these is closed already: no separator follows it. */
const CLOSED_FULL_WIDTH = /[。！？；]$/;
const CLOSED_ASCII = /[.!?;]$/;

/**
 * Clauses one after another (`类别：执法不廉；摘要：……`): a clause that ends a sentence itself
 * (a summary typed with its full stop) is followed by the next one alone, never by `。；`.
 */
export function joinClauses(parts: readonly string[], lang: Lang): string {
  let text = '';
  for (const part of parts.map((p) => p.trim()).filter(Boolean)) {
    if (text === '') text = part;
    else if (CLOSED_FULL_WIDTH.test(text)) text += (lang === 'zh' ? '' : ' ') + part;
    else if (CLOSED_ASCII.test(text)) text += ` ${part}`;
    else text += MARKS[lang].clause + part;
  }
  return text;
}
