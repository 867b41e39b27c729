import type { CaseDetail, SanctionView } from './api/reads.js';
import { label, type Lang } from './i18n/index.js';
import { nameWithId } from './i18n/punctuation.js';
import type { Messages } from './i18n/zh.js';

// A sanction of a case as a picker or a step of the story names it: by its officer and its kind,
// the kind first imposed and, when a review or appeal reduced it, the kind in force after it
// (张三（A001） · 离岗培训 → 批评教育), as the case's facts show it.

/** An officer a case names, by the name the case gives (a subject), else the directory's: 张三（A001）. */
export function caseOfficerName(detail: Pick<CaseDetail, 'subjects'>, officerId: string, lang: Lang, officerName?: (officerId: string) => string | undefined): string {
  return nameWithId(detail.subjects?.find((x) => x.officerId === officerId)?.name ?? officerName?.(officerId), officerId, lang);
}

export function sanctionName(s: SanctionView, detail: Pick<CaseDetail, 'subjects'>, m: Messages, lang: Lang, officerName?: (officerId: string) => string | undefined): string {
  const imposed = label(m.sanction, s.imposedKind ?? s.kind);
  const kind = s.status === 'reduced' && s.imposedKind && s.imposedKind !== s.kind ? `${imposed} → ${label(m.sanction, s.kind)}` : imposed;
  return `${caseOfficerName(detail, s.officerId, lang, officerName)} · ${kind}`;
}
