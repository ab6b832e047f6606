"""aiohttp and tornado peers of the NumPy RPC benchmark: JSON-RPC echo of a NumPy array.

Each request is decoded into a numpy array as a NumPy service would (JSON list -> np.array,
base64 buffer -> np.frombuffer, msgpack-numpy map -> ndarray, CBOR byte string ->
np.frombuffer) and encoded back in the request's form and encoding.
Usage: echo_servers.py aiohttp|tornado PORT
"""
import base64
import json
import sys

import cbor2
import msgpack
import numpy as np


def numpy_decode(obj):
    if b"nd" in obj and obj[b"nd"] is True:
        return np.ndarray(buffer=obj[b"data"], dtype=np.dtype(obj[b"type"]), shape=obj[b"shape"])
    return obj


def numpy_encode(obj):
    if isinstance(obj, np.ndarray):
        return {b"nd": True, b"type": obj.dtype.str, b"kind": b"", b"shape": obj.shape, b"data": obj.tobytes()}
    return obj


def echo(body, content_type):
    if content_type.startswith("application/msgpack"):
        request = msgpack.unpackb(body, object_hook=numpy_decode, raw=False)
        array = request["params"][0]
        if isinstance(array, bytes):
            array = np.frombuffer(array, "<f8")
            result = array.tobytes()
        else:
            result = array
        reply = {"jsonrpc": "2.0", "result": result, "id": request["id"]}
        return msgpack.packb(reply, default=numpy_encode, use_bin_type=True), "application/msgpack"
    if content_type.startswith("application/cbor"):
        request = cbor2.loads(body)
        value = request["params"][0]
        data = value.value if isinstance(value, cbor2.CBORTag) else value
        array = np.frombuffer(data, "<f8")
        reply = {"jsonrpc": "2.0", "result": cbor2.CBORTag(86, array.tobytes()), "id": request["id"]}
        return cbor2.dumps(reply), "application/cbor"
    request = json.loads(body)
    value = request["params"][0]
    if isinstance(value, dict):
        array = np.frombuffer(base64.b64decode(value["buffer"]), value["dtype"]).reshape(value["shape"])
        result = {"buffer": base64.b64encode(array.tobytes()).decode(), "dtype": array.dtype.str,
                  "shape": list(array.shape)}
    else:
        result = np.array(value, dtype="<f8").tolist()
    return json.dumps({"jsonrpc": "2.0", "result": result, "id": request["id"]}), "application/json"


def run_aiohttp(port):
    from aiohttp import web

    async def handle(request):
        body, content_type = echo(await request.read(), request.headers.get("Content-Type", ""))
        return web.Response(body=body if isinstance(body, bytes) else body.encode(), content_type=content_type)

    app = web.Application(client_max_size=64 * 1024 * 1024)
    app.router.add_post("/", handle)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


def run_tornado(port):
    import asyncio

    import tornado.web

    class Handler(tornado.web.RequestHandler):
        def post(self):
            body, content_type = echo(self.request.body, self.request.headers.get("Content-Type", ""))
            self.set_header("Content-Type", content_type)
            self.write(body)

    async def main():
        tornado.web.Application([(r"/", Handler)]).listen(port, address="127.0.0.1", max_body_size=64 * 1024 * 1024)
        await asyncio.Event().wait()

    asyncio.run(main())


if __name__ == "__main__":
    {"aiohttp": run_aiohttp, "tornado": run_tornado}[sys.argv[1]](int(sys.argv[2]))
