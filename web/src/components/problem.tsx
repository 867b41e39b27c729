import type { Problem } from '../api/client.js';
import { useI18n } from '../i18n/index.js';
import { ruleText, useRuleMessages } from '../rule-messages.js';

/** What the register said when it refused: the rule in the user's language first. */
export function ProblemBox({ problem }: { problem: Problem }) {
  const { m, lang } = useI18n();
  const rules = useRuleMessages();
  const ruleMessage = problem.rule ? ruleText(rules, problem.rule, lang) : undefined;
  return (
    <div class="problem" role="alert" data-status={problem.status} data-rule={problem.rule}>
      <strong>{m.errors.title}</strong>
      {ruleMessage
        ? <p class="rule-message">{ruleMessage}</p>
        : <p>{m.errors.status[problem.status] ?? problem.title ?? `HTTP ${problem.status}`}</p>}
      {problem.rule && <p class="rule-code">{m.errors.rule}: <code>{problem.rule}</code></p>}
      {problem.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((error) => <li key={error.path}><code>{error.path}</code>: {error.message}</li>)}
        </ul>
      )}
      {problem.detail && !ruleMessage && <p class="detail">{problem.detail}</p>}
    </div>
  );
}
