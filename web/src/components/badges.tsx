import { label, useI18n } from '../i18n/index.js';

export function CaseStatusBadge({ status }: { status: string }) {
  const { m } = useI18n();
  return <span class={`badge status-${status}`}>{label(m.caseStatus, status)}</span>;
}

/**
 * Overdue in red, due soon in amber: visible at a glance, and said in words for screen readers. The
 * marks are in the symbol fonts desktops ship (⚠ ◔), not emoji, which a machine without an emoji
 * font shows as an empty box.
 */
export function RotationBadge({ status }: { status: string }) {
  const { m } = useI18n();
  const icon = status === 'overdue' ? '⚠ ' : status === 'due_soon' ? '◔ ' : '';
  return <span class={`badge rotation-${status}`} data-status={status}><span aria-hidden="true">{icon}</span>{label(m.rotationStatus, status)}</span>;
}
