import { formatRoot } from './seal-record.js';
import type { VerifyProblem, VerifyResult } from './verify.js';

// The verifier's answer in words, for the scripts (the HTTP route answers the JSON itself).

export function locate(problem: VerifyProblem): string {
  const parts: string[] = [];
  if (problem.stream !== null) parts.push(`stream ${problem.stream}`);
  if (problem.revision !== null) parts.push(`revision ${problem.revision}`);
  if (problem.position !== null) parts.push(`position ${problem.position}`);
  if (problem.eventId !== null) parts.push(`event ${problem.eventId}`);
  if (problem.line !== undefined) parts.push(`line ${problem.line}`);
  return parts.length > 0 ? parts.join(', ') : 'the log as a whole';
}

export function reportLines(result: VerifyResult): string[] {
  const counts = `${result.events} events in ${result.streams} streams, ${result.seals} seal${result.seals === 1 ? '' : 's'} checked`;
  const latest = result.latestSeal
    ? `latest seal ${formatRoot(result.latestSeal.root)} (sealed ${result.latestSeal.sealedAt}, covers up to position ${result.latestSeal.upToPosition ?? 'none'})`
    : 'no seal yet';
  if (result.ok) {
    const lines = [`OK: all is well. ${counts}; every hash chain and seal recomputed and matching.`, `  ${latest}`];
    if (result.matchedRoot) lines.push(`  the published root ${formatRoot(result.matchedRoot.root)} matches the seal at position ${result.matchedRoot.position}`);
    if (result.unsealedEvents > 0) {
      lines.push(`  ${result.unsealedEvents} event(s) written after the latest seal are protected by their chains only until the next seal`);
    }
    return lines;
  }
  const { problem, problems } = result;
  const lines = [
    `BROKEN: ${problem.kind} at ${locate(problem)}`,
    `  ${problem.detail}`,
  ];
  if (problem.seal) lines.push(`  revealed by the seal ${formatRoot(problem.seal.root)} at position ${problem.seal.position}`);
  if (problems.length > 1) {
    lines.push(`  ${problems.length - 1} further problem(s) after it, e.g.:`);
    for (const next of problems.slice(1, 4)) lines.push(`    ${next.kind} at ${locate(next)}`);
  }
  lines.push(`  (read before the first problem: ${counts})`);
  return lines;
}
