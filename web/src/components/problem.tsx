import type { Problem } from '../api/client.js';
import { useI18n } from '../i18n/index.js';
import { marks } from '../i18n/punctuation.js';
import { detailBeyondRule, ruleText, useRuleMessages } from '../rule-messages.js';
import { fieldMessage } from '../validation-messages.js';

/**
 * What the register said when it refused: the rule in the user's language first. `reading`: the
 * page's read failed (nothing was being done, so the heading says it could not be read).
 */
export function ProblemBox({ problem, reading = false, fieldLabel }: {
  problem: Problem;
  reading?: boolean;
  /** A form's label for the field an error path names (the box then says it as the form does). */
  fieldLabel?: (path: string) => string | undefined;
}) {
  const { m, lang } = useI18n();
  const rules = useRuleMessages();
  const ruleMessage = problem.rule ? ruleText(rules, problem.rule, lang) : undefined;
  // A 403 for being a subject of the case carries its rule; any other 403 is about the role alone.
  // A damaged store is no passing unavailability: the page says what mends it, not "try again".
  const statusText = problem.rule === 'actor_is_subject' ? m.errors.forbiddenOnCase
    : problem.type === '/problems/store-damaged' ? m.errors.storeDamaged : m.errors.status[problem.status];
  const fields = problem.errors ?? [];
  // Beside a rule's message, only what the register adds to it about this request.
  const detail = problem.detail && ruleMessage ? detailBeyondRule(problem.detail, problem.rule ? rules[problem.rule]?.en : undefined) : problem.detail;
  // Without a rule's message, the detail is the register's English: in another language it stays at
  // hand, folded away, when the page says something of its own (the fields in Chinese, or what the
  // status means). A refusal (409) whose rule has no words of the page's language keeps it in view.
  const translated = lang !== 'en' && (fields.some((error) => fieldMessage(error.message, m, lang) !== error.message)
    || (statusText !== undefined && problem.status !== 409));
  return (
    <div class="problem" role="alert" data-status={problem.status} data-rule={problem.rule}>
      <strong>{reading ? m.errors.readTitle : m.errors.title}</strong>
      {ruleMessage
        ? <p class="rule-message">{ruleMessage}</p>
        : <p>{statusText ?? problem.title ?? `HTTP ${problem.status}`}</p>}
      {problem.rule && <p class="rule-code">{m.errors.rule}{marks(lang).colon}<code>{problem.rule}</code></p>}
      {fields.length > 0 && (
        <ul>
          {fields.map((error, index) => (
            <li key={`${error.path}-${index}`} data-path={error.path}>
              {error.path && <>{fieldName(error.path, fieldLabel)}{marks(lang).colon}</>}{fieldMessage(error.message, m, lang)}
            </li>
          ))}
        </ul>
      )}
      {detail && (ruleMessage
        // The rule says what is not allowed, the detail what in this request broke it (an id, a date): both in view.
        ? <p class="detail">{m.errors.registerDetail}{marks(lang).colon}<span lang="en">{detail}</span></p>
        : translated
          ? <details class="detail"><summary>{m.errors.original}</summary><p lang="en">{problem.detail}</p></details>
          : <p class="detail">{problem.detail}</p>)}
    </div>
  );
}

/** A failing field as the form labels it, or its path in the API when no field of the form shows it. */
function fieldName(path: string, fieldLabel?: (path: string) => string | undefined) {
  const label = fieldLabel?.(path);
  return label === undefined ? <code>{path}</code> : <span class="field-name" title={path}>{label}</span>;
}

/** A problem of any request: the register's refusal, or no answer at all (network); nothing when null. */
export function ProblemNotice({ problem, reading = false }: { problem: Problem | 'network' | null; reading?: boolean }) {
  const { m } = useI18n();
  if (problem === null) return null;
  if (problem === 'network') return <div class="problem" role="alert">{m.errors.network}</div>;
  return <ProblemBox problem={problem} reading={reading} />;
}
