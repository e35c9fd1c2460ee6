// Preloaded into a gateway by bench/compare.ts (`NODE_OPTIONS=--require ./bench/without.cjs`) to
// turn parts of its work off, one measurement at a time: what each part costs is the CPU per
// request it saves. A bench instrument only: the gateway so run skips what keeps it correct.
//
// WITHOUT, names joined by + (bench/compare.ts splits its variables at commas):
//   validation      class-validator's rules find nothing (validateSync answers no error)
//   metrics         prom-client's counters, histograms and gauges record nothing
//   key-hash        the bench's API key is hashed once, not on every request
//   intercom-client IntercomClient.request is one undici request and its JSON, nothing else
//                   (no pacing, deadline, bounded read, retries, attempt records)
// The log line is turned off with LOG_LEVEL=silent.
const { resolve } = require('node:path');

const without = new Set((process.env.WITHOUT ?? '').split('+').filter(Boolean));

if (without.has('validation')) {
  require('class-validator').validateSync = () => [];
}

if (without.has('metrics')) {
  const { Counter, Gauge, Histogram } = require('prom-client');
  Counter.prototype.inc = () => undefined;
  Histogram.prototype.observe = () => undefined;
  Gauge.prototype.set = () => undefined;
}

if (without.has('key-hash')) {
  const crypto = require('node:crypto');
  const key = 'bench-key-not-a-secret';
  const hashed = crypto.hash('sha256', key, 'buffer');
  const hash = crypto.hash;
  crypto.hash = (algorithm, data, encoding) =>
    data === key ? hashed : hash(algorithm, data, encoding);
}

if (without.has('intercom-client')) {
  const { IntercomClient } = require(resolve(__dirname, '../dist/intercom/client.js'));
  const { Pool } = require('undici');
  let pool;
  IntercomClient.prototype.request = async function request(call) {
    pool ??= new Pool(this.options.baseUrl, { connections: 64 });
    const headers =
      call.body === undefined
        ? this.headers
        : { ...this.headers, 'content-type': 'application/json' };
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const response = await pool.request({ method: call.method, path: call.path, headers, body });
    return response.body.json();
  };
}
