"""Writes the request bodies of the NumPy RPC benchmark: 1, 256 and 8192 doubles as a JSON
list, a base64 buffer, a msgpack-numpy map and a CBOR typed array. Usage: make_bodies.py DIR"""
import base64
import json
import os
import sys

import cbor2
import msgpack
import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for points in (1, 256, 8192):
    values = np.random.default_rng(points).random(points)
    call = {"jsonrpc": "2.0", "id": 1}
    bodies = {
        "json": json.dumps(dict(call, method="echo", params=[values.tolist()])).encode(),
        "base64": json.dumps(dict(call, method="echoArray", params=[{
            "buffer": base64.b64encode(values.tobytes()).decode(), "dtype": "<f8", "shape": [points]}])).encode(),
        "msgpack": msgpack.packb(dict(call, method="echoArray", params=[{
            b"nd": True, b"type": "<f8", b"kind": b"", b"shape": [points], b"data": values.tobytes()}]),
            use_bin_type=True),
        "cbor": cbor2.dumps(dict(call, method="echo", params=[cbor2.CBORTag(86, values.tobytes())])),
    }
    for name, body in bodies.items():
        with open(os.path.join(out, f"{name}-{points}.body"), "wb") as f:
            f.write(body)
