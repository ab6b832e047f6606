// jayson's HTTP, TCP and WebSocket servers, serving the methods the client's interop
// tests call, on random loopback ports. Prints {"http":..,"tcp":..,"ws":..} once all
// listen, and exits when its standard input closes.
'use strict';

const jayson = require('jayson');
const WebSocket = require('ws');

const notes = [];

function positional(args) {
  return Array.isArray(args) ? args : Object.values(args || {});
}

const server = new jayson.Server({
  sum(args, callback) {
    const [a, b] = positional(args);
    callback(null, a + b);
  },
  subtract(args, callback) {
    if (Array.isArray(args)) {
      callback({ code: -32602, message: 'expected named params' });
      return;
    }
    callback(null, args.minuend - args.subtrahend);
  },
  total(args, callback) {
    const values = positional(args).slice(1);
    callback(null, values.reduce((sum, value) => sum + value, 0));
  },
  echo(args, callback) {
    callback(null, positional(args)[0]);
  },
  points(args, callback) {
    const count = positional(args)[0];
    callback(null, Array.from({ length: count }, (_, i) => ({ x: i, y: i * i })));
  },
  note(args, callback) {
    notes.push(positional(args)[0]);
    callback();
  },
  notes(args, callback) {
    callback(null, notes);
  },
  fail(args, callback) {
    const code = positional(args)[0];
    callback({ code, message: 'Failed on purpose', data: { code, reason: 'jayson' } });
  },
  delayed(args, callback) {
    // Answers later calls first: the client must match responses by id.
    const [value, millis] = positional(args);
    setTimeout(() => callback(null, value), millis);
  },
});

const http = server.http();
const tcp = server.tcp();
const wss = new WebSocket.Server({ host: '127.0.0.1', port: 0 });
server.websocket({ wss });

let listening = 0;
function ready() {
  listening++;
  if (listening === 3) {
    console.log(JSON.stringify({ http: http.address().port, tcp: tcp.address().port, ws: wss.address().port }));
  }
}
http.listen(0, '127.0.0.1', ready);
tcp.listen(0, '127.0.0.1', ready);
wss.on('listening', ready);

process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
