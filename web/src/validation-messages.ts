import type { Messages } from './i18n/zh.js';

// The register says what is wrong with a field in English (the `message` of each entry of a 400's
// `errors`). The common cases are said in the page's language; anything else stays as it came.

type Validation = Messages['errors']['validation'];

const RULES: [RegExp, (v: Validation, match: RegExpExecArray) => string][] = [
  [/^is required$/, (v) => v.required],
  [/^Invalid input: expected \w+, received (undefined|null)$/, (v) => v.required],
  [/^is not a known field$/, (v) => v.unknownField],
  [/real calendar date/, (v) => v.date],
  [/^Invalid (ISO )?date/i, (v) => v.date],
  [/^must be an ISO instant/, (v) => v.instant],
  [/^Invalid option: expected one of/, (v) => v.option],
  [/^Invalid enum value/, (v) => v.option],
  [/^Too big: expected string to have <=?(\d+) characters?$/, (v, m) => v.tooLong(Number(m[1]))],
  [/^Too small: expected string to have >=?1 characters?$/, (v) => v.required],
  [/^Too small: expected string to have >=?(\d+) characters?$/, (v, m) => v.tooShort(Number(m[1]))],
  [/^Too big: expected array to have <=?(\d+) items?$/, (v, m) => v.tooMany(Number(m[1]))],
  [/^Too small: expected array to have >=?(\d+) items?$/, (v, m) => v.tooFew(Number(m[1]))],
  [/^Too big: expected number to be <=?(-?[\d.]+)$/, (v, m) => v.max(m[1]!)],
  [/^Too small: expected number to be >=?(-?[\d.]+)$/, (v, m) => v.min(m[1]!)],
  [/^must match \^\[A-Za-z0-9\]/, (v) => v.clientId],
  [/^Invalid UUID$/i, (v) => v.uuid],
  [/^Invalid input: expected (\w+), received \w+$/, (v) => v.type],
  [/^Invalid (string|input)/, (v) => v.format],
  [/at least one field to correct/, (v) => v.nothingToCorrect],
  [/^name at least one of sensitive, rotationPeriodMonths and title to change$/, (v) => v.nothingToChange],
  [/must not repeat an officer/, (v) => v.repeatedOfficer],
  [/must not repeat/, (v) => v.repeated],
  [/^required unless the outcome is unfounded$/, (v) => v.severityRequired],
  [/^an unfounded finding has no severity$/, (v) => v.noSeverityWhenUnfounded],
  [/^required when the outcome is reduced$/, (v) => v.replacementRequired],
  [/^only a reduced sanction has a replacement kind$/, (v) => v.replacementOnlyWhenReduced],
  [/^required when the post is sensitive$/, (v) => v.periodRequired],
  [/^an anonymous report carries no name$/, (v) => v.anonymousHasNoName],
  // The evidence's SHA-256 and a published seal root say it in two ways.
  [/^(expected 64 hex digits|must be 64 hexadecimal characters)$/, (v) => v.sha256],
  [/^must not be before from$/, (v) => v.notBeforeFrom],
  [/^only for /, (v) => v.onlyForKind],
  [/^required when the source is case$/, (v) => v.caseIdRequired],
  [/^required when the outcome is rejected$/, (v) => v.reopenDueRequired],
  [/^only a rejected rectification is given a new deadline$/, (v) => v.reopenDueOnlyWhenRejected],
];

/** The message in the page's language, or undefined when it is not one of the common cases. */
export function translateFieldMessage(message: string, messages: Messages): string | undefined {
  const v = messages.errors.validation;
  for (const [pattern, say] of RULES) {
    const match = pattern.exec(message);
    if (match) return say(v, match);
  }
  return undefined;
}

/** What to show for a field's error: translated where known (Chinese pages), else as the register said it. */
export function fieldMessage(message: string, messages: Messages, lang: string): string {
  if (lang === 'en') return message;
  return translateFieldMessage(message, messages) ?? message;
}
