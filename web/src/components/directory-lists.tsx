import type { Directory } from '../directory.js';

/** The <datalist>s that suggest ids in the forms' id fields. */
export function DirectoryLists({ directory }: { directory: Directory }) {
  return (
    <>
      <datalist id="units-list">{directory.units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}</datalist>
      <datalist id="posts-list">{directory.posts.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}</datalist>
      <datalist id="officers-list">{directory.officers.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}</datalist>
    </>
  );
}
