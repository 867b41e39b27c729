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

/**
 * A case's deadline, as the register's CSV has it: 逾期未核实 (overdue now: past its due date with a
 * subject awaiting a finding, what the overdue filter and the alerts count) apart from 超期办理
 * (handled late: a finding or handover came after the due date, the case may be done since).
 */
export function CaseDeadlineBadges({ overdue, late }: { overdue?: boolean; late?: boolean }) {
  const { m } = useI18n();
  return (
    <>
      {overdue && <> <span class="badge rotation-overdue" data-deadline="overdue"><span aria-hidden="true">⚠ </span>{m.cases.overdueBadge}</span></>}
      {late && <> <span class="badge case-late" data-deadline="late">{m.cases.lateBadge}</span></>}
    </>
  );
}
