#!/usr/bin/env node
// The in-cluster services the upstream stack simulates, run INSIDE the run's network namespace
// (`ip netns exec rlu<pid> node backends.mjs CONFIG`), on the namespace's non-loopback addresses:
//
// - a TCP forwarder from the loadtester pod address, port 80, to the real Flagger loadtester on
//   127.0.0.1:8080 in the same namespace: what kube-proxy does for the Service's port 80 → targetPort
//   `http`, so Flagger's webhooks (http://flagger-loadtester.test/...) and the API server's service
//   proxy (which dials the Endpoints address and port 8080 directly) reach the same loadtester;
// - a Prometheus query API (GET/POST /api/v1/query) for Flagger metrics and Argo Rollouts prometheus
//   analysis, answering a value chosen by the first rule whose `match` regex finds the query (a rule
//   with `values` answers them in turn, then keeps the last: a series such as the fake scenario's
//   "passes once, then fails");
// - a web endpoint (GET any path → {"ok": <bool>}) for Argo Rollouts `web` analysis.
//
// The rules and the web verdict are re-read from CONFIG (JSON) on every request, so a test or the
// demo decides on purpose whether an analysis passes or fails:
//   {"forward": {"listen": "10.213.0.2:80", "to": "127.0.0.1:8080"},
//    "prometheus": {"listen": "10.213.0.3:9090", "rules": [{"match": "cart", "value": 0.5}], "default": 100},
//    "web": {"listen": "10.213.0.3:80", "ok": true}}
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';

const configFile = process.argv[2];
if (!configFile) {
  console.error('usage: backends.mjs CONFIG.json');
  process.exit(2);
}
const config = () => JSON.parse(fs.readFileSync(configFile, 'utf8'));
const split = (hostPort) => {
  const i = hostPort.lastIndexOf(':');
  return { host: hostPort.slice(0, i), port: Number(hostPort.slice(i + 1)) };
};
const initial = config();

const forward = split(initial.forward.listen);
net
  .createServer((client) => {
    const to = split(config().forward.to);
    const upstream = net.connect(to.port, to.host);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
  })
  .listen(forward.port, forward.host, () => console.log(`forwarding ${initial.forward.listen} → ${initial.forward.to}`));

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** How many times each `values` rule has answered (keyed by the rule, so a rewritten rule starts again). */
const answered = new Map();
function ruleValue(rule) {
  if (!Array.isArray(rule.values) || rule.values.length === 0) return rule.value;
  const key = JSON.stringify(rule);
  const n = answered.get(key) ?? 0;
  answered.set(key, n + 1);
  return rule.values[Math.min(n, rule.values.length - 1)];
}

const prometheus = split(initial.prometheus.listen);
http
  .createServer(async (req, res) => {
    const url = new URL(req.url, 'http://prometheus');
    let query = url.searchParams.get('query') ?? '';
    if (req.method === 'POST') query = new URLSearchParams(await readBody(req)).get('query') ?? query;
    const p = config().prometheus;
    const rule = (p.rules ?? []).find((r) => new RegExp(r.match).test(query));
    // `vector(1)` is Flagger's "is Prometheus up" probe: a constant, answered as Prometheus would.
    const value = query.trim() === 'vector(1)' ? 1 : rule ? ruleValue(rule) : (p.default ?? 100);
    console.log(`prometheus ${url.pathname} ${JSON.stringify(query.replace(/\s+/g, ' ').slice(0, 120))} → ${value}`);
    if (!url.pathname.startsWith('/api/v1/query')) {
      res.writeHead(404).end();
      return;
    }
    const now = Date.now() / 1000;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [now, String(value)] }] } }));
  })
  .listen(prometheus.port, prometheus.host, () => console.log(`prometheus on ${initial.prometheus.listen}`));

const web = split(initial.web.listen);
http
  .createServer((req, res) => {
    const ok = !!config().web.ok;
    console.log(`web ${req.method} ${req.headers.host}${req.url} → ok=${ok}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok }));
  })
  .listen(web.port, web.host, () => console.log(`web analysis endpoint on ${initial.web.listen}`));

process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
