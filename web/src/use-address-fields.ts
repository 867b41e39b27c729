import { useRef, useState } from 'preact/hooks';

/**
 * The fields of a form that asks for an address (a search, a period): they say what the address
 * shows, also when it changed (back, forward, a link), from the very render that shows it. Each
 * change of address starts a new visit, and what is typed belongs to the visit it was typed in
 * (typing before an effect could run is never overwritten).
 */
export function useAddressFields<T extends Record<string, string>>(fromAddress: T): [T, (changes: Partial<T>) => void] {
  const address = JSON.stringify(fromAddress);
  const visit = useRef({ address, n: 0 });
  if (visit.current.address !== address) visit.current = { address, n: visit.current.n + 1 };
  const n = visit.current.n;
  const [typed, setTyped] = useState({ visit: n, values: fromAddress });
  const fields = typed.visit === n ? typed.values : fromAddress;
  const set = (changes: Partial<T>) => setTyped((was) => ({ visit: n, values: { ...(was.visit === n ? was.values : fromAddress), ...changes } }));
  return [fields, set];
}
