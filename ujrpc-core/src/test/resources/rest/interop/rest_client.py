"""Calls ujrpc's REST routes as a Python client would, with requests (urllib without it).

Usage: python3 rest_client.py http://127.0.0.1:PORT
Prints one line per check; exits non-zero on the first failure.
"""
import json
import sys

base = sys.argv[1]

try:
    import requests

    def call(method, path, **kwargs):
        response = requests.request(method, base + path, timeout=10, **kwargs)
        return response.status_code, response.headers.get("Content-Type"), response.content

    client = "requests " + requests.__version__
except ImportError:  # pragma: no cover - the fallback when requests is missing
    import urllib.error
    import urllib.request

    def call(method, path, json=None, data=None, headers=None, params=None):
        import json as codec
        import urllib.parse

        url = base + path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
        headers = dict(headers or {})
        if json is not None:
            data = codec.dumps(json).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.headers.get("Content-Type"), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Type"), error.read()

    client = "urllib"


def check(name, condition, detail):
    if not condition:
        print("FAIL " + name + ": " + repr(detail))
        sys.exit(1)
    print("ok " + name)


print("client " + client)
status, kind, body = call("GET", "/rest/math.sum", params={"a": 12, "b": 30})
check("get-query", status == 200 and kind == "application/json" and json.loads(body) == 42, (status, body))
status, kind, body = call("GET", "/rest/total", params={"values": [1, 2, 39]})
check("get-repeated", status == 200 and json.loads(body) == 42, (status, body))
status, kind, body = call("POST", "/rest/math.sum", json={"a": 40, "b": 2})
check("post-object", status == 200 and json.loads(body) == 42, (status, body))
status, kind, body = call("POST", "/rest/math.sum", json=[40, 2])
check("post-array", status == 200 and json.loads(body) == 42, (status, body))
status, kind, body = call("GET", "/books/7")
check("path-variable", status == 200 and json.loads(body)["title"] == "The Seventh Book", (status, body))
array = {"data": [[1, 2], [3, 4]], "dtype": "<i8"}
status, kind, body = call("POST", "/echo_json", json=array)
check("rest-body", status == 200 and json.loads(body) == array, (status, body))
status, kind, body = call("GET", "/rest/math.sum", params={"a": "1.5", "b": 1})
problem = json.loads(body)
check("problem", status == 400 and kind == "application/problem+json" and problem["code"] == -32602
      and problem["status"] == 400 and problem["type"] == "about:blank", (status, kind, body))
payload = bytes(range(256)) * 4096
status, kind, body = call("POST", "/rest/upload", params={"name": "blob"}, data=payload,
                          headers={"Content-Type": "application/octet-stream"})
check("upload", status == 200 and json.loads(body) == len(payload), (status, body))
status, kind, body = call("GET", "/rest/download", params={"size": 1000000})
check("download", status == 200 and kind == "application/octet-stream" and len(body) == 1000000
      and body[:3] == bytes([0, 1, 2]), (status, kind, len(body)))
print("done")
