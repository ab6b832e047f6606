// Calls ujrpc over HTTP in CBOR (cbor-x) and MessagePack (@msgpack/msgpack), neither of
// them ujrpc's. Usage: node binary-interop.js PORT; prints one JSON line of results.
'use strict';
const { encode: cborEncode, decode: cborDecode } = require('cbor-x');
const msgpack = require('@msgpack/msgpack');

const port = process.argv[2];

async function post(body, contentType, path = '/') {
	const response = await fetch(`http://127.0.0.1:${port}${path}`, {
		method: 'POST',
		headers: { 'content-type': contentType },
		body,
		signal: AbortSignal.timeout(10000),
	});
	return { type: response.headers.get('content-type'), body: new Uint8Array(await response.arrayBuffer()) };
}

async function main() {
	const values = Float64Array.from({ length: 8192 }, (_, i) => i / 3);
	const results = {};

	// cbor-x writes a Float64Array as an RFC 8746 typed array (tag 86) and reads one back.
	const cbor = await post(cborEncode({ jsonrpc: '2.0', method: 'echo', params: [values], id: 1 }), 'application/cbor');
	const cborReply = cborDecode(cbor.body);
	results.cborType = cbor.type;
	results.cborTypedArray = cborReply.result instanceof Float64Array;
	results.cborEqual = cborReply.result.length === values.length && cborReply.result.every((v, i) => v === values[i]);

	const sum = cborDecode((await post(cborEncode({ jsonrpc: '2.0', method: 'sum', params: { a: 20, b: 22 }, id: 'c' }),
		'application/cbor')).body);
	results.cborSum = sum.result;
	results.cborId = sum.id;

	// @msgpack/msgpack writes a Uint8Array as bin: the doubles' little-endian bytes.
	const bytes = new Uint8Array(values.buffer);
	const packed = await post(msgpack.encode({ jsonrpc: '2.0', method: 'echo', params: [bytes], id: 2 }),
		'application/msgpack');
	const packedReply = msgpack.decode(packed.body);
	const echoed = new Float64Array(packedReply.result.buffer.slice(packedReply.result.byteOffset,
		packedReply.result.byteOffset + packedReply.result.byteLength));
	results.msgpackType = packed.type;
	results.msgpackEqual = echoed.length === values.length && echoed.every((v, i) => v === values[i]);

	const missing = msgpack.decode((await post(msgpack.encode({ jsonrpc: '2.0', method: 'missing', id: 3 }),
		'application/x-msgpack')).body);
	results.msgpackMissing = missing.error.code;

	// A msgpack-numpy map with string keys, as a JavaScript client writes it: answered with string keys.
	const nd = msgpack.decode((await post(msgpack.encode({ jsonrpc: '2.0', method: 'echoArray',
		params: [{ nd: true, type: '<f8', kind: new Uint8Array(0), shape: [2, 2], data: new Uint8Array(Float64Array.of(1, 2, 3, 4).buffer) }],
		id: 4 }), 'application/msgpack')).body);
	results.numpyShape = nd.result.shape;
	results.numpyType = nd.result.type;

	// REST routes: the bare result in the body's encoding, or Accept's.
	const restEcho = await post(cborEncode({ values }), 'application/cbor', '/rest/echo');
	const restValues = cborDecode(restEcho.body);
	results.restCborType = restEcho.type;
	results.restCborEqual = restValues instanceof Float64Array && restValues.length === values.length
		&& restValues.every((v, i) => v === values[i]);
	const restSum = await fetch(`http://127.0.0.1:${port}/rest/sum?a=20&b=22`, {
		headers: { accept: 'application/msgpack' },
		signal: AbortSignal.timeout(10000),
	});
	results.restMsgpackType = restSum.headers.get('content-type');
	results.restMsgpackSum = msgpack.decode(new Uint8Array(await restSum.arrayBuffer()));
	console.log(JSON.stringify(results));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
