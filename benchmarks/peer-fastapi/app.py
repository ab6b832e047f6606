"""JSON-RPC 2.0 on FastAPI, served by uvicorn: the baseline ucall's README compares against.

The same methods as every other peer (sum, echo, echo_doubles, fibo_sleep), parameters by
position, batches answered in order, notifications unanswered (204 when only notifications),
and the same error codes. The cheap methods answer on the event loop; fibo_sleep blocks, so it
runs in Starlette's thread pool (run_in_threadpool), as FastAPI does with a plain `def`.

    uvicorn app:app --host 127.0.0.1 --port 8087 --workers 1 --loop uvloop --http httptools
"""

import json
import time

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
MAX_FIBO_N = 92

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


class RpcError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def fibo(n):
    return n if n < 2 else fibo(n - 1) + fibo(n - 2)


def fibo_sleep(n):
    value = fibo(n)
    deadline = time.monotonic() + value / 1e6
    while (remaining := deadline - time.monotonic()) > 0:
        time.sleep(remaining)
    return value


def positional(params, method, count):
    if params is None and count == 0:
        return []
    if not isinstance(params, list) or len(params) != count:
        raise RpcError(INVALID_PARAMS, f"{method} takes {count} positional parameter(s)")
    return params


def integer(params, index, method, count):
    value = positional(params, method, count)[index]
    if isinstance(value, bool) or not isinstance(value, int) or not -(2**63) <= value < 2**63:
        raise RpcError(INVALID_PARAMS, f"param {index} must be an integer")
    return value


async def invoke(method, params):
    if method == "sum":
        return integer(params, 0, method, 2) + integer(params, 1, method, 2)
    if method in ("echo", "echo_doubles"):
        return positional(params, method, 1)[0]
    if method == "fibo_sleep":
        n = integer(params, 0, method, 1)
        if not 0 <= n <= MAX_FIBO_N:
            raise RpcError(INVALID_PARAMS, f"n: {n} (expected: 0..{MAX_FIBO_N})")
        return await run_in_threadpool(fibo_sleep, n)
    raise RpcError(METHOD_NOT_FOUND, f"Method not found: {method}")


def error(id_, code, message):
    return {"jsonrpc": "2.0", "error": {"code": code, "message": message}, "id": id_}


async def call(request):
    """Answers one request object; None for a notification."""
    if not isinstance(request, dict):
        return error(None, INVALID_REQUEST, "Invalid Request: Request must be an object")
    has_id = "id" in request
    id_ = request.get("id")
    if has_id and not (id_ is None or isinstance(id_, (str, int, float))) or isinstance(id_, bool):
        return error(None, INVALID_REQUEST, "Invalid Request: id must be a string, a number or null")
    if request.get("jsonrpc") != "2.0":
        return error(id_, INVALID_REQUEST, 'Invalid Request: jsonrpc must be "2.0"')
    method = request.get("method")
    if not isinstance(method, str):
        return error(id_, INVALID_REQUEST, "Invalid Request: method must be a string")
    params = request.get("params")
    if params is not None and not isinstance(params, (list, dict)):
        return error(id_, INVALID_REQUEST, "Invalid Request: params must be an array or an object")
    try:
        result = await invoke(method, params)
        response = {"jsonrpc": "2.0", "result": result, "id": id_}
    except RpcError as ex:
        response = error(id_, ex.code, ex.message)
    except Exception:
        response = error(id_, INTERNAL_ERROR, "Internal error")
    return response if has_id else None


def reply(body):
    if body is None:
        return Response(status_code=204)
    return Response(json.dumps(body, separators=(",", ":")), media_type="application/json")


@app.post("/")
async def rpc(request: Request):
    try:
        payload = json.loads(await request.body())
    except ValueError:
        return reply(error(None, PARSE_ERROR, "Parse error"))
    if not isinstance(payload, list):
        return reply(await call(payload))
    if not payload:
        return reply(error(None, INVALID_REQUEST, "Invalid Request: empty batch"))
    responses = [response for response in [await call(element) for element in payload] if response is not None]
    return reply(responses or None)
