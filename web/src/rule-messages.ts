import { useEffect, useState } from 'preact/hooks';
import type { Lang } from './i18n/index.js';

// The register's rules say no in Chinese (and English): their messages come from the server,
// which takes them from the domain's own rule list, so the page and the domain never disagree.

export interface RuleMessage {
  zh: string;
  en?: string;
}

let cache: Promise<Record<string, RuleMessage>> | null = null;
/** The messages once they have arrived: a refusal shown after that says its rule from its first paint. */
let loaded: Record<string, RuleMessage> | null = null;

function load(): Promise<Record<string, RuleMessage>> {
  cache ??= fetch('/web/rule-messages.json')
    .then((response) => (response.ok ? (response.json() as Promise<Record<string, RuleMessage>>) : {}))
    .then((messages) => {
      loaded = messages;
      return messages;
    })
    .catch(() => {
      cache = null; // try again next time
      return {};
    });
  return cache;
}

/** Fetches the messages ahead of the first refusal (called once the page starts). */
export function preloadRuleMessages(): void {
  void load();
}

export function useRuleMessages(): Record<string, RuleMessage> {
  const [messages, setMessages] = useState<Record<string, RuleMessage>>(loaded ?? {});
  useEffect(() => {
    let live = true;
    void load().then((loaded) => { if (live) setMessages(loaded); });
    return () => { live = false; };
  }, []);
  return messages;
}

export function ruleText(messages: Record<string, RuleMessage>, rule: string, lang: Lang): string | undefined {
  const message = messages[rule];
  if (!message) return undefined;
  return lang === 'en' ? message.en ?? message.zh : message.zh;
}
