import http from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';

// A CSV download is read from the read models while the client takes it, which can be slowly: it
// must not hold back the other reads (they see every commit, ?minPosition= included), and a client
// that goes away midway must leave nothing open (the register still shuts down cleanly).

const inspector = { roles: ['inspector' as const], sub: 'inspector-li' };
const hr = { roles: ['hr' as const], sub: 'hr-zhang' };
const LONG_SUMMARY = '执法态度粗暴，随意罚款，'.repeat(300);

t.test('a download in progress holds back no other read, and one abandoned midway leaves nothing open', async (t) => {
  const register = await startTestRegister(t);
  const { app } = register;
  t.equal((await register.post('/api/v1/units', { unitId: 'U1', name: '执法一中队' }, { as: hr })).statusCode, 201);
  t.equal((await register.post('/api/v1/officers', { officerId: 'O1', name: '王伟', unitId: 'U1', hiredOn: '2015-03-01' }, { as: hr })).statusCode, 201);
  // Enough cases that the download (about 10 MB) outgrows every buffer between the register and a client that stops reading.
  const reportCase = async (summary: string) => {
    const response = await register.post('/api/v1/cases', { officerIds: ['O1'], category: 'purpose', channel: 'phone', occurredOn: '2021-06-02', summary }, { as: inspector });
    if (response.statusCode !== 201) throw new Error(`report answered ${response.statusCode}: ${response.body}`);
    return BigInt(response.json<{ position: string }>().position);
  };
  let last = 0n;
  for (let batch = 0; batch < 30; batch += 1) {
    const positions = await Promise.all(Array.from({ length: 30 }, () => reportCase(LONG_SUMMARY)));
    last = positions.reduce((a, b) => (a > b ? a : b));
  }
  const total = async (minPosition: bigint) => {
    const response = await register.get(`/api/v1/cases?limit=1&minPosition=${minPosition}`, { as: inspector });
    t.equal(response.statusCode, 200);
    return response.json<{ total: number }>().total;
  };
  t.equal(await total(last), 900);

  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const download = (path: string) => new Promise<{ request: http.ClientRequest; response: http.IncomingMessage }>((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${register.token(inspector)}` } });
    request.on('error', reject);
    request.on('response', (response) => response.once('data', () => {
      // The client stops reading after the first chunk.
      response.pause();
      resolve({ request, response });
    }));
  });

  const slow = await download('/api/v1/cases?format=csv');
  t.equal(slow.response.statusCode, 200);
  const written = await reportCase('下载期间新受理的线索');
  t.equal(await total(written), 901, 'a read with ?minPosition= sees the case reported while the download waits');
  const statistics = await register.get(`/api/v1/statistics?minPosition=${written}`, { as: inspector });
  t.equal(statistics.json<{ cases: { total: number } }>().cases.total, 901, 'and so do the statistics');

  // The slow client finishes: it gets every case as of its start, whole.
  slow.response.resume();
  let body = '';
  slow.response.setEncoding('utf8');
  for await (const chunk of slow.response) body += chunk as string;
  t.equal(body.trimEnd().split('\r\n').length, 1 + 900, 'the header and the 900 cases there were when it began');
  t.equal((await register.get('/api/v1/statistics', { as: inspector })).json<{ cases: { total: number } }>().cases.total, 901, 'no stale answer was kept for later');

  // A client that goes away midway.
  const abandoned = await download('/api/v1/rotation-schedule?format=csv').catch(() => null);
  const cases = await download('/api/v1/cases?format=csv');
  cases.request.destroy();
  abandoned?.request.destroy();
  // And one that goes away before its download begins: it waits for a position not yet written.
  const early = http.get({ host: '127.0.0.1', port, path: `/api/v1/cases?format=csv&minPosition=${(await register.head())! + 1n}`, headers: { authorization: `Bearer ${register.token(inspector)}` } });
  early.on('error', () => undefined);
  await new Promise((resolve) => setTimeout(resolve, 100));
  early.destroy();
  const later = await reportCase('客户端离开后受理的线索');
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.equal(await total(later), 902, 'reads go on after the abandoned downloads');
  await t.resolves(register.close(), 'the register shuts down cleanly');
  t.notOk(register.logs.some((line) => /Error while shutting down|busy executing|still being read/.test(line)), 'every download\'s connection was closed');
});

