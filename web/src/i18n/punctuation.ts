import type { Lang } from './index.js';

// Punctuation as each language writes it, for lines the pages put together from parts.

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
    else text += (lang === 'zh' ? '；' : '; ') + part;
  }
  return text;
}
