// Answers that only change when the read models do: the rotation schedule and the statistics are
// asked for again and again with the same filters (a unit's HR, a briefing), and between two
// commits of the projection runner the answer to the same question is the same. Each answer is
// kept serialized, keyed by the question, the day it was asked on and the read models' position:
// the first commit after it makes every key new, so nothing stale is ever served.

export class ResponseCache {
  private readonly answers = new Map<string, string>();

  constructor(private readonly maxEntries = 64) {}

  /** The serialized answer for `question` at `position`, computed by `answer` when not kept. */
  get(question: string, position: bigint | null, answer: () => unknown): string {
    const key = `${position ?? '-'}|${question}`;
    const kept = this.answers.get(key);
    if (kept !== undefined) return kept;
    const serialized = JSON.stringify(answer());
    if (this.answers.size >= this.maxEntries) {
      const oldest = this.answers.keys().next().value;
      if (oldest !== undefined) this.answers.delete(oldest);
    }
    this.answers.set(key, serialized);
    return serialized;
  }
}
