import type { EventOfType } from '../event-catalogue.js';
import type { PostState } from './state.js';

export type PostEvent = EventOfType<'PostDefined'>;

export function evolvePost(state: PostState, event: PostEvent): PostState {
  switch (event.type) {
    case 'PostDefined':
      return state.exists ? state : { exists: true, ...event.data };
  }
}
