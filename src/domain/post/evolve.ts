import type { EventOfType, StoredDomainEvent } from '../event-catalogue.js';
import type { PostState } from './state.js';

export type PostEvent = EventOfType<'PostDefined' | 'PostChanged'>;

export function evolvePost(state: PostState, event: StoredDomainEvent<PostEvent>): PostState {
  switch (event.type) {
    case 'PostDefined':
      return state.exists ? state : { exists: true, ...event.data, latestChange: null };
    case 'PostChanged': {
      if (!state.exists) return state;
      const { title, sensitive, rotationPeriodMonths, effectiveOn, reason } = event.data;
      return { ...state, title, sensitive, rotationPeriodMonths, latestChange: { eventId: event.id ?? null, effectiveOn, reason } };
    }
  }
}
