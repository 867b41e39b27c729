import t from 'tap';
import { shortCaseId } from '../../web/src/case-ref.js';

// Cases in lists are named by the end of their id: the start of a time-ordered id is shared by every
// case reported within the same minute.

t.test('a case by the end of its id', async (t) => {
  const first = '01a25198-2b32-7129-975c-323685c7a2e4';
  const second = '01a25198-2b8c-7c7f-9f7c-e055065139d7';
  t.equal(shortCaseId(first), '…85c7a2e4');
  t.not(shortCaseId(first), shortCaseId(second), 'two cases reported a moment apart are told apart');
  t.equal(shortCaseId('abc'), 'abc', 'a short id as it is');
});
