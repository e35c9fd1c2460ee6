import { RequestLog, type RecordedRequest } from '../../src/emulator/request-log';

const entry = (n: number, route = 'GET /admins'): RecordedRequest => ({
  route,
  method: 'GET',
  path: `/${n}`,
  query: {},
  headers: {},
  body: undefined,
  at: n,
});

describe('the request log', () => {
  it('keeps the newest entries, oldest first, past its capacity', () => {
    const log = new RequestLog(3);
    for (let n = 1; n <= 5; n += 1) log.add(entry(n, n % 2 ? 'GET /admins' : 'POST /messages'));
    expect(log.list().map((e) => e.at)).toEqual([3, 4, 5]);
    expect(log.list('POST /messages').map((e) => e.at)).toEqual([4]);
    log.clear();
    expect(log.list()).toEqual([]);
    log.add(entry(6));
    expect(log.list().map((e) => e.at)).toEqual([6]);
  });
});
