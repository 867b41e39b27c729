import type { FastifyInstance } from 'fastify';
import { ruleCatalogue } from '../../domain/rules.js';
import { RULE_REFERENCE_CATALOGUE, ruleReferences } from '../../domain/shared/rule-references.js';

// What the pages need to speak the register's language: the rules' own messages (shown next to a
// refused form, in Chinese) and the province's rule references a report may cite. Both come from
// the domain, so the pages never carry a second copy that could drift.

export interface WebConfig {
  /** Whether this server offers the development sign-in (never in production). */
  devSignIn: boolean;
  bureauTimezone: string;
}

export async function referenceData(app: FastifyInstance, options: { config: WebConfig }): Promise<void> {
  const ruleMessages = Object.fromEntries(
    Object.entries(ruleCatalogue).map(([code, rule]) => [code, { zh: rule.zh, en: rule.en, effect: rule.effect }]),
  );
  const references = { catalogue: RULE_REFERENCE_CATALOGUE, rules: ruleReferences };
  const cached = { hide: true } as const;

  app.get('/web/config.json', { schema: cached }, async (_request, reply) => {
    reply.header('cache-control', 'no-cache');
    return options.config;
  });
  app.get('/web/rule-messages.json', { schema: cached }, async (_request, reply) => {
    reply.header('cache-control', 'no-cache');
    return ruleMessages;
  });
  app.get('/web/rule-references.json', { schema: cached }, async (_request, reply) => {
    reply.header('cache-control', 'no-cache');
    return references;
  });
}
