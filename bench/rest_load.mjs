// REST load client for bench_rest.sh (Node 20, standard library only): CONCURRENCY workers share
// TOTAL requests over keep-alive connections and report requests per second and latency
// percentiles as one JSON line.
//   node rest_load.mjs mixed  URL TOKEN [TOTAL] [CONCURRENCY]  save/load/list on the REST API, then
//                                                              every saved file read back and compared
//   node rest_load.mjs static URL       [TOTAL] [CONCURRENCY]  GET URL (a static file): the ceiling
import http from 'node:http';

const [mode, base, token, totalArg, concurrencyArg] =
  process.argv[2] === 'static'
    ? [process.argv[2], process.argv[3], '', process.argv[4], process.argv[5]]
    : process.argv.slice(2);
const total = Number(totalArg ?? 10000);
const concurrency = Number(concurrencyArg ?? 50);
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function request(method, path, body) {
  return new Promise((resolve, reject) => {
    const headers = { Host: '127.0.0.1' };
    if (token) headers.Authorization = `Bearer ${token}`;
    let payload;
    if (body !== undefined) {
      payload = Buffer.from(JSON.stringify(body));
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = payload.length;
    }
    const req = http.request(
      { host: url.hostname, port: url.port, method, path, headers, agent },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
      });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

// The content of a file at one version: deterministic, so the check needs no copy of it.
const content = (worker, file, version) =>
  `worker ${worker} file ${file} version ${version}\n`.repeat(1 + ((worker * 7 + file) % 40));

const filesPerWorker = 20;
const latest = new Map(); // path -> content last saved (each worker owns its paths)
const latencies = [];
const byKind = { save: [], load: [], list: [] };
let next = 0;
let failures = 0;

async function mixedWorker(w) {
  let version = 0;
  while (next < total) {
    const n = next++;
    const file = n % filesPerWorker;
    const path = `w${w}/f${file}.txt`;
    const pick = n % 10; // 40 % saves, 40 % loads, 20 % listings
    const t0 = process.hrtime.bigint();
    let r;
    let kind = 'list';
    if (pick < 4 || !latest.has(path)) {
      kind = 'save';
      const text = content(w, file, ++version);
      r = await request('POST', '/storage/file/save', { path, content: text });
      if (r.status === 200) latest.set(path, text);
    } else if (pick < 8) {
      kind = 'load';
      r = await request('POST', '/storage/file/load', { path });
      if (r.status === 200 && JSON.parse(r.body).content !== latest.get(path)) failures++;
    } else {
      r = await request('GET', `/storage/files?dir=w${w}`);
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    latencies.push(ms);
    byKind[kind].push(ms);
    if (r.status !== 200) failures++;
  }
}

async function staticWorker() {
  while (next < total) {
    next++;
    const t0 = process.hrtime.bigint();
    const r = await request('GET', url.pathname);
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 200) failures++;
  }
}

const start = process.hrtime.bigint();
await Promise.all(
  Array.from({ length: concurrency }, (_, w) => (mode === 'static' ? staticWorker() : mixedWorker(w))));
const seconds = Number(process.hrtime.bigint() - start) / 1e9;

// Every saved file holds the bytes last saved, read back raw.
let checked = 0;
let wrong = 0;
for (const [path, text] of latest) {
  const r = await request('GET', `/storage/file/raw?path=${encodeURIComponent(path)}`);
  checked++;
  if (r.status !== 200 || !r.body.equals(Buffer.from(text))) wrong++;
}
const percentile = (list, p) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
};
const pct = (p) => percentile(latencies, p);
const kinds = Object.fromEntries(Object.entries(byKind).filter(([, l]) => l.length).map(
  ([k, l]) => [k, { n: l.length, p50ms: +percentile(l, 50).toFixed(2), p99ms: +percentile(l, 99).toFixed(2) }]));
console.log(JSON.stringify({
  mode, requests: latencies.length, concurrency, seconds: +seconds.toFixed(3),
  rps: Math.round(latencies.length / seconds), p50ms: +pct(50).toFixed(2), p99ms: +pct(99).toFixed(2),
  failures, filesChecked: checked, filesWrong: wrong, kinds,
}));
agent.destroy();
process.exit(failures || wrong ? 1 : 0);
