// Tells whoever is waiting (idle live subscriptions) that a commit wrote events. Listeners are
// removed when they fire or give up, so a long idle period leaves nothing behind.

export class CommitSignal {
  private listeners = new Set<() => void>();

  /** Calls `listener` once, after the next commit; returns a function that cancels it. */
  once(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  fire(): void {
    if (this.listeners.size === 0) return;
    const listeners = this.listeners;
    this.listeners = new Set();
    for (const listener of listeners) listener();
  }
}
