'use strict';

// Calls a running ujrpc server with jayson's HTTP(S), TCP (TLS) and WebSocket clients
// and prints what came back as one JSON line. Run by JaysonInteropTests.
// Usage: node jayson-interop.js <httpPort> <tcpPort> <wsPath> <plain|tls>

const jayson = require('jayson');
const WebSocket = require('ws');

const [httpPort, tcpPort, wsPath, mode] = process.argv.slice(2);
const host = '127.0.0.1';
const secure = mode === 'tls';
// The test's certificate is self-signed: this checks the protocol, not the trust chain.
const tlsOptions = secure ? { rejectUnauthorized: false } : {};

function request(client, method, params, id) {
  return new Promise((resolve, reject) => {
    const callback = (err, response) => (err ? reject(err) : resolve(response));
    if (id === null) {
      client.request(method, params, null, callback);
    } else {
      client.request(method, params, callback);
    }
  });
}

function batch(client, requests) {
  return new Promise((resolve, reject) => {
    client.request(requests, (err, responses) => (err ? reject(err) : resolve(responses)));
  });
}

async function main() {
  const results = {};

  const http = secure
    ? jayson.client.https({ host, port: Number(httpPort), ...tlsOptions })
    : jayson.client.http({ host, port: Number(httpPort) });
  results.httpSum = (await request(http, 'sum', [1, 2])).result;
  results.httpMissing = (await request(http, 'missing', [])).error.code;
  const responses = await batch(http, [
    http.request('sum', [2, 3]),
    http.request('note', ['from a batch'], null),
    http.request('echo', ['batched']),
  ]);
  results.httpBatch = responses.map((response) => response.result);
  await request(http, 'note', ['from jayson'], null);
  results.httpNotification = true;

  const tcp = secure
    ? jayson.client.tls({ host, port: Number(tcpPort), ...tlsOptions })
    : jayson.client.tcp({ host, port: Number(tcpPort) });
  results.tcpSum = (await request(tcp, 'sum', [3, 4])).result;
  results.tcpEcho = (await request(tcp, 'echo', ['{"braces": [1]} and \\ "quotes"'])).result;
  const tcpResponses = await batch(tcp, [tcp.request('sum', [1, 1]), tcp.request('sum', [2, 2])]);
  results.tcpBatch = tcpResponses.map((response) => response.result);

  const url = (secure ? 'wss' : 'ws') + '://' + host + ':' + httpPort + wsPath;
  const ws = new WebSocket(url, tlsOptions);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const websocket = jayson.client.websocket({ ws, timeout: 10000 });
  results.wsSum = (await request(websocket, 'sum', [5, 6])).result;
  const wsResponses = await batch(websocket, [websocket.request('sum', [1, 2]), websocket.request('echo', ['ws'])]);
  results.wsBatch = wsResponses.map((response) => response.result);
  ws.close(1000);

  console.log(JSON.stringify(results));
}

const timer = setTimeout(() => {
  console.error('jayson interop timed out');
  process.exit(2);
}, 60000);

main()
  .then(() => clearTimeout(timer))
  .catch((err) => {
    console.error(err && err.stack ? err.stack : err);
    process.exit(1);
  });
