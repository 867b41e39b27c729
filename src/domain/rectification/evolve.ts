import type { EventOfType } from '../event-catalogue.js';
import type { RectificationState } from './state.js';

export type RectificationEvent = EventOfType<
  'RectificationRecorded' | 'RectificationProgressNoted' | 'RectificationDeadlineExtended' | 'RectificationCompleted' | 'RectificationVerified'
>;

export function evolveRectification(state: RectificationState, event: RectificationEvent): RectificationState {
  if (event.type === 'RectificationRecorded') {
    if (state.exists) return state;
    const { rectificationId, unitId, responsiblePerson, responsibleOfficerId, foundOn, dueOn } = event.data;
    return {
      exists: true, rectificationId, unitId, responsiblePerson, responsibleOfficerId, foundOn, dueOn,
      missedDueOn: null, status: 'open', completedOn: null, latestProgressOn: null, latestExtensionOn: null, reopenedOn: null,
    };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'RectificationProgressNoted':
      return { ...state, latestProgressOn: event.data.notedOn };
    case 'RectificationDeadlineExtended': {
      const { dueOn, approvedOn, afterDeadline, previousDueOn } = event.data;
      return { ...state, dueOn, latestExtensionOn: approvedOn, missedDueOn: state.missedDueOn ?? (afterDeadline ? previousDueOn : null) };
    }
    case 'RectificationCompleted': {
      const { completedOn, late, dueOn } = event.data;
      return { ...state, status: 'completed', completedOn, missedDueOn: state.missedDueOn ?? (late ? dueOn : null) };
    }
    case 'RectificationVerified': {
      const { outcome, verifiedOn, dueOn } = event.data;
      if (outcome === 'accepted') return { ...state, status: 'accepted' };
      return { ...state, status: 'open', completedOn: null, reopenedOn: verifiedOn, dueOn: dueOn ?? state.dueOn };
    }
  }
}
