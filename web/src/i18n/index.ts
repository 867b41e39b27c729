import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en } from './en.js';
import { type Messages, zh } from './zh.js';

export type Lang = 'zh' | 'en';
export const dictionaries: Record<Lang, Messages> = { zh, en };

const LANG_KEY = 'register.lang';

export function savedLang(): Lang {
  return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
}

export function saveLang(lang: Lang): void {
  localStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = dictionaries[lang].lang;
}

export interface I18n {
  lang: Lang;
  m: Messages;
  setLang: (lang: Lang) => void;
}

export const I18nContext = createContext<I18n>({ lang: 'zh', m: zh, setLang: () => {} });

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** A code's name in the current language; an unknown code is shown as itself, never hidden. */
export function label(names: Record<string, string>, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—';
  return names[code] ?? code;
}
