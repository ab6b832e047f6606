"""Calls ujrpc as a NumPy client would, with numpy, msgpack and cbor2 (none of them ujrpc's).

msgpack-numpy is not in this machine's package index, so its encoding is written out here
(encode/decode below follow its documented map: nd, type, kind, shape, data, with bytes keys).
Usage: numpy_interop.py PORT; prints one line per check and exits non-zero on a failure.
"""
import base64
import http.client
import json
import sys

import cbor2
import msgpack
import numpy as np

PORT = int(sys.argv[1])


def post(body, content_type, accept=None, path="/"):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    headers = {"Content-Type": content_type}
    if accept:
        headers["Accept"] = accept
    connection.request("POST", path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, response.getheader("Content-Type"), data


def numpy_encode(obj):
    # msgpack-numpy's encoding of an ndarray.
    if isinstance(obj, np.ndarray):
        return {b"nd": True, b"type": obj.dtype.str, b"kind": b"", b"shape": obj.shape,
                b"data": obj.tobytes()}
    return obj


def numpy_decode(obj):
    # msgpack-numpy's decoding: only maps with bytes keys b"nd" are arrays.
    if b"nd" in obj and obj[b"nd"] is True:
        return np.ndarray(buffer=obj[b"data"], dtype=np.dtype(obj[b"type"]), shape=obj[b"shape"])
    return obj


def call(method, params, encoding):
    request = {"jsonrpc": "2.0", "method": method, "params": params, "id": 1}
    if encoding == "json":
        status, content_type, data = post(json.dumps(request), "application/json")
        return status, content_type, json.loads(data)
    if encoding == "msgpack":
        body = msgpack.packb(request, default=numpy_encode, use_bin_type=True)
        status, content_type, data = post(body, "application/msgpack")
        return status, content_type, msgpack.unpackb(data, object_hook=numpy_decode, raw=False)
    body = cbor2.dumps(request)
    status, content_type, data = post(body, "application/cbor")
    return status, content_type, cbor2.loads(data)


failures = []


def check(name, condition):
    print(("ok   " if condition else "FAIL ") + name)
    if not condition:
        failures.append(name)


for points in (1, 256, 8192):
    values = np.random.default_rng(points).random(points)

    status, _, reply = call("echo", [values.tolist()], "json")
    check(f"json list of {points} doubles", status == 200 and np.array_equal(np.array(reply["result"]), values))

    encoded = {"buffer": base64.b64encode(values.tobytes()).decode(), "dtype": values.dtype.str,
               "shape": list(values.shape)}
    _, _, reply = call("echoArray", [encoded], "json")
    result = reply["result"]
    check(f"json base64 of {points} doubles",
          np.array_equal(np.frombuffer(base64.b64decode(result["buffer"]), dtype=result["dtype"]), values))

    _, content_type, reply = call("echoArray", [values], "msgpack")
    check(f"msgpack-numpy array of {points} doubles",
          content_type == "application/msgpack" and isinstance(reply["result"], np.ndarray)
          and np.array_equal(reply["result"], values))

    _, _, reply = call("echo", [values.tobytes()], "msgpack")
    check(f"msgpack bin of {points} doubles", np.array_equal(np.frombuffer(reply["result"], "<f8"), values))

    _, content_type, reply = call("echo", [values.tobytes()], "cbor")
    result = reply["result"]
    check(f"cbor byte string of {points} doubles, answered as a typed array",
          content_type == "application/cbor" and isinstance(result, cbor2.CBORTag) and result.tag == 86
          and np.array_equal(np.frombuffer(result.value, "<f8"), values))

    _, _, reply = call("echo", [cbor2.CBORTag(86, values.tobytes())], "cbor")
    check(f"cbor typed array of {points} doubles", np.array_equal(np.frombuffer(reply["result"].value, "<f8"), values))

matrix = np.arange(1, 7, dtype="<i8").reshape(2, 3)
_, _, reply = call("echoAny", [matrix], "msgpack")
check("msgpack-numpy 2x3 int64 through Object", np.array_equal(reply["result"], matrix)
      and reply["result"].dtype == np.dtype("<i8"))

_, _, reply = call("echoArray", [{"data": matrix.tolist(), "dtype": "<i8"}], "json")
check("json nested list with dtype", reply["result"] == {"data": matrix.tolist(), "dtype": "<i8"})

_, _, reply = call("echoArray", [{"nd": True, "type": "<f4", "kind": b"", "shape": [2],
                                  "data": np.array([1.5, 2.5], "<f4").tobytes()}], "cbor")
result = reply["result"]
check("cbor msgpack-numpy map of float32",
      result["type"] == "<f4" and list(np.frombuffer(result["data"], "<f4")) == [1.5, 2.5])

status, content_type, reply = call("missing", [], "cbor")
check("cbor error", content_type == "application/cbor" and reply["error"]["code"] == -32601)

status, content_type, data = post(b"\xc1", "application/msgpack")
check("msgpack parse error", msgpack.unpackb(data)["error"]["code"] == -32700)

# REST routes in the binary encodings: the bare result, problems in the body's encoding.
values = np.random.default_rng(7).random(300)
status, content_type, data = post(cbor2.dumps({"values": cbor2.CBORTag(86, values.tobytes())}),
                                  "application/cbor", path="/rest/echo")
answer = cbor2.loads(data)
check("rest cbor typed array by name", status == 200 and content_type == "application/cbor"
      and answer.tag == 86 and np.array_equal(np.frombuffer(answer.value), values))

matrix = np.arange(6, dtype="<i8").reshape(2, 3)
status, content_type, data = post(msgpack.packb(matrix, default=numpy_encode, use_bin_type=True),
                                  "application/msgpack", path="/array")
answer = msgpack.unpackb(data, object_hook=numpy_decode, raw=False)
check("rest msgpack-numpy body", status == 200 and content_type == "application/msgpack"
      and np.array_equal(answer, matrix) and answer.dtype == np.dtype("<i8"))

status, content_type, data = post(cbor2.dumps([values.tolist()]), "application/cbor", accept="application/msgpack",
                                  path="/rest/echo")
check("rest cbor list answered in msgpack per Accept", status == 200 and content_type == "application/msgpack"
      and np.array_equal(np.frombuffer(msgpack.unpackb(data)), values))

status, content_type, data = post(cbor2.dumps({"values": "not numbers"}), "application/cbor", path="/rest/echo")
problem = cbor2.loads(data)
check("rest cbor problem", status == 400 and content_type == "application/cbor"
      and problem["code"] == -32602 and problem["status"] == 400)

if failures:
    print("FAILED: " + ", ".join(failures))
    sys.exit(1)
print("all passed")
