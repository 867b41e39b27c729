import type { EventOfType } from '../event-catalogue.js';
import type { UnitState } from './state.js';

export type UnitEvent = EventOfType<'UnitRegistered' | 'UnitHeadAppointed'>;

export function evolveUnit(state: UnitState, event: UnitEvent): UnitState {
  switch (event.type) {
    case 'UnitRegistered': {
      const { unitId, name, headOfficerId } = event.data;
      return { exists: true, unitId, name, headOfficerId, heads: headOfficerId ? [{ officerId: headOfficerId, since: null }] : [] };
    }
    case 'UnitHeadAppointed': {
      if (!state.exists) return state;
      const { officerId, effectiveOn } = event.data;
      return { ...state, headOfficerId: officerId, heads: [...state.heads, { officerId, since: effectiveOn }] };
    }
  }
}
