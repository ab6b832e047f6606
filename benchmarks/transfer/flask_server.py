"""The transfer benchmark's methods on Flask, threaded: rpycbench's HTTP server.

Usage: python3 flask_server.py PORT
"""
import base64
import sys
import threading

from flask import Flask, Response, request, jsonify
from werkzeug.serving import WSGIRequestHandler

BLOCK = bytes(i & 0xFF for i in range(64 * 1024))
app = Flask(__name__)
chunks = {"total": 0}
lock = threading.Lock()


@app.post("/rest/upload")
def upload():
    total = 0
    stream = request.stream
    while True:
        data = stream.read(64 * 1024)
        if not data:
            break
        total += len(data)
    return jsonify(total)


@app.get("/rest/download")
def download():
    size = int(request.args["size"])

    def blocks():
        left = size
        while left > 0:
            n = min(left, len(BLOCK))
            yield BLOCK[:n] if n < len(BLOCK) else BLOCK
            left -= n

    return Response(blocks(), mimetype="application/octet-stream")


@app.post("/rest/up")
def up():
    return jsonify(len(request.get_data()))


@app.get("/rest/down")
def down():
    size = int(request.args["size"])
    return Response((BLOCK * (size // len(BLOCK) + 1))[:size], mimetype="application/octet-stream")


@app.post("/")
def rpc():
    call = request.get_json()
    chunk = base64.b64decode(call["params"]["chunk"])
    with lock:
        chunks["total"] += len(chunk)
        total = chunks["total"]
    return jsonify({"jsonrpc": "2.0", "result": total, "id": call["id"]})


if __name__ == "__main__":
    WSGIRequestHandler.protocol_version = "HTTP/1.1"
    app.run(host="127.0.0.1", port=int(sys.argv[1]), threaded=True)
