import type { ComponentChildren } from 'preact';

/**
 * A wide table in a box of its own: on a narrow screen (a phone, 375 px) it scrolls sideways
 * inside the box, reachable by keyboard and named for screen readers, instead of pushing the
 * whole page wider than the screen.
 */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return <div class="table-scroll" role="region" tabIndex={0} aria-label={label}>{children}</div>;
}
