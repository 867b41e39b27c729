import { useEffect, useState } from 'preact/hooks';
import { cachedJson } from './api/cached-json.js';
import type { Lang } from './i18n/index.js';

// The register's rules say no in Chinese (and English): their messages come from the server,
// which takes them from the domain's own rule list, so the page and the domain never disagree.

export interface RuleMessage {
  zh: string;
  en?: string;
}

const fetchMessages = cachedJson<Record<string, RuleMessage>>('/web/rule-messages.json', {});
/** The messages once they have arrived: a refusal shown after that says its rule from its first paint. */
let loaded: Record<string, RuleMessage> | null = null;

async function load(): Promise<Record<string, RuleMessage>> {
  const messages = await fetchMessages();
  if (Object.keys(messages).length > 0) loaded = messages;
  return messages;
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

/**
 * What a refusal's detail says beyond its rule: the register writes the rule's English message
 * first, then what in this request broke it (an officer's id, a date). Empty when it adds nothing.
 */
export function detailBeyondRule(detail: string, ruleEnglish: string | undefined): string {
  const trimmed = detail.trim();
  return ruleEnglish && trimmed.startsWith(ruleEnglish) ? trimmed.slice(ruleEnglish.length).trim() : trimmed;
}
