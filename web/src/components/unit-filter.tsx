import type { Directory } from '../directory.js';
import { useI18n } from '../i18n/index.js';
import { nameWithId } from '../i18n/punctuation.js';

/**
 * A list's unit filter: the units the register knows, by name, or (before the directory is read) a
 * field for a unit id. `onChange` gets the unit id, '' for all units.
 */
export function UnitFilter({ id, label, directory, unitId, onChange }: {
  id: string;
  label: string;
  directory: Directory;
  unitId: string;
  onChange: (unitId: string) => void;
}) {
  const { m, lang } = useI18n();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {directory.units.length > 0
        ? (
          <select id={id} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
            <option value="" selected={unitId === ''}>{m.common.all}</option>
            {directory.units.map((u) => <option key={u.id} value={u.id} selected={unitId === u.id}>{nameWithId(u.name, u.id, lang)}</option>)}
          </select>
        )
        : <input id={id} value={unitId} list="units-list" onChange={(e) => onChange((e.currentTarget as HTMLInputElement).value.trim())} />}
    </div>
  );
}
