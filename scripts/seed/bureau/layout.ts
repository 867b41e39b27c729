import type { SeedRun } from '../seed-run.js';
import { personName } from '../person-name.js';
import { DESK_POST, ENFORCEMENT_POST, SENSITIVE_POSTS, TOWNS, UNIT_NAMES } from '../vocabulary.js';
import { newOfficer } from './model.js';

/**
 * The bureau as the seed draws it before the first day, in its model only: the units (the bureau's
 * own, then stations named after the county's towns), the officers shared out among them in turn,
 * and each unit's posts: sensitive ones for about 15% of its officers (at least two), an
 * enforcement post and a desk post.
 */
export function layOutBureau(run: SeedRun): void {
  const { units, officers, posts } = run.bureau;
  for (let i = 0; i < run.unitCount; i++) {
    const unitName = i < UNIT_NAMES.length ? UNIT_NAMES[i]! : `${TOWNS[(i - UNIT_NAMES.length) % TOWNS.length]}交通管理站${i >= UNIT_NAMES.length + TOWNS.length ? Math.floor(i / TOWNS.length) : ''}`;
    const id = `U${String(i + 1).padStart(2, '0')}`;
    units.push({ id, name: unitName, headId: null, officers: [], sensitivePosts: [], enforcementPost: `${id}-ENF`, deskPost: `${id}-DESK` });
  }
  for (let i = 0; i < run.officerCount; i++) {
    const unit = units[i % run.unitCount]!;
    const id = run.nextOfficerId();
    officers.set(id, newOfficer(id, personName(run.rnd), unit.id));
    unit.officers.push(id);
  }
  for (const unit of units) {
    const sensitive = Math.max(2, Math.ceil(unit.officers.length * 0.15));
    for (let s = 0; s < sensitive; s++) {
      const kind = SENSITIVE_POSTS[s % SENSITIVE_POSTS.length]!;
      const id = `${unit.id}-S${String(s + 1).padStart(2, '0')}`;
      posts.set(id, { id, unitId: unit.id, title: `${kind.title}${s >= SENSITIVE_POSTS.length ? Math.floor(s / SENSITIVE_POSTS.length) + 1 : ''}`, enforcement: kind.enforcement, sensitive: true, months: kind.months });
      unit.sensitivePosts.push(id);
    }
    posts.set(unit.enforcementPost, { id: unit.enforcementPost, unitId: unit.id, title: ENFORCEMENT_POST, enforcement: true, sensitive: false, months: null });
    posts.set(unit.deskPost, { id: unit.deskPost, unitId: unit.id, title: DESK_POST, enforcement: false, sensitive: false, months: null });
  }
}
