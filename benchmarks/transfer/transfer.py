"""rpycbench's bandwidth and binary transfer against a server, with the server's RSS.

Usage: python3 transfer.py NAME PORT SERVER_PID OUT_JSON [--quick]

Bandwidth: 1 KB to 1 MB, uploaded (POST /rest/up, octet-stream) and downloaded
(GET /rest/down?size=), on one kept-alive connection (requests.Session), bounded by a
count and a time per size. Binary transfer: 1.5, 128 and 500 MB uploaded whole
(curl, POST /rest/upload, streamed) and downloaded whole (curl, GET /rest/download),
and the same moved in 64 KB chunks over one connection: octet-stream POSTs to /rest/up
and, for JSON-RPC, base64 chunks in calls to appendChunk. RSS is the server's VmRSS,
sampled every 20 ms while each transfer runs; growth is the peak minus the value
before the transfer.
"""
import base64
import json
import subprocess
import sys
import threading
import time

import requests

name, port, pid, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
quick = "--quick" in sys.argv
base = "http://127.0.0.1:%d" % port
MB = 1024 * 1024


def rss():
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


class Sampler:
    def __enter__(self):
        self.before = rss()
        self.peak = self.before
        self.running = True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()
        return self

    def run(self):
        while self.running:
            self.peak = max(self.peak, rss())
            time.sleep(0.02)

    def __exit__(self, *args):
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, rss())


def transfer_file(size):
    return "/tmp/transfer-%d.bin" % size


def write_file(size):
    """Write the file a whole upload of size bytes sends."""
    with open(transfer_file(size), "wb") as f:
        block = bytes(range(256)) * 4096
        left = size
        while left > 0:
            f.write(block[:min(left, len(block))])
            left -= len(block)


def whole(direction, size):
    """Move size bytes whole with curl (up: the file write_file wrote); returns the bytes moved."""
    if direction == "up":
        command = ["curl", "-sS", "--fail", "-X", "POST", "-H", "Content-Type: application/octet-stream",
                   "-H", "Expect:", "-T", transfer_file(size), base + "/rest/upload"]
    else:
        command = ["curl", "-sS", "--fail", "-o", "/dev/null", "-w", "%{size_download}",
                   base + "/rest/download?size=%d" % size]
    return int(subprocess.run(command, capture_output=True, timeout=600, check=True).stdout)


results = {"server": name, "bandwidth": [], "transfer": [], "chunked": []}
session = requests.Session()

# Unmeasured warm-up, the same for every server (a JVM compiles its hot paths first): small
# calls of each kind, then whole transfers (below), bounded in count and time.
warm_until = time.perf_counter() + (5 if quick else 15)
for i in range(300):
    if time.perf_counter() > warm_until:
        break
    session.post(base + "/rest/up", data=bytes(65536), headers={"Content-Type": "application/octet-stream"})
    session.get(base + "/rest/down", params={"size": 65536})
    session.post(base + "/", data=json.dumps({"jsonrpc": "2.0", "method": "appendChunk",
                 "params": {"name": "w", "chunk": base64.b64encode(bytes(65536)).decode()}, "id": i}),
                 headers={"Content-Type": "application/json"})

# The whole transfers are warmed up the way they are measured (curl, a fixed-length upload and a
# download), 64 MB at a time. Before 2026-12-04 this was one chunked 64 MB upload through
# requests, another code path: six 128 MB curl uploads to a fresh ujrpc server then did 332, 690,
# 997, 1,037, 1,291 and 1,422 MB/s, so the table's 128 MB row measured the JIT at work.
write_file(64 * MB)
warm_until = time.perf_counter() + (10 if quick else 45)
for _ in range(2 if quick else 12):
    if time.perf_counter() > warm_until:
        break
    assert whole("up", 64 * MB) == 64 * MB
    assert whole("down", 64 * MB) == 64 * MB
subprocess.run(["rm", "-f", transfer_file(64 * MB)])
print("[%s] warmed up" % name, flush=True)

for size in [1024, 4 * 1024, 16 * 1024, 64 * 1024, 256 * 1024, MB]:
    payload = bytes(size)
    for direction in ("up", "down"):
        count = 0
        limit = 200 if quick else 2000
        deadline = time.perf_counter() + (1.0 if quick else 3.0)
        start = time.perf_counter()
        while count < limit and time.perf_counter() < deadline:
            if direction == "up":
                response = session.post(base + "/rest/up", data=payload,
                                        headers={"Content-Type": "application/octet-stream"})
                assert response.status_code == 200 and int(response.content) == size, response.content[:200]
            else:
                response = session.get(base + "/rest/down", params={"size": size})
                assert response.status_code == 200 and len(response.content) == size
            count += 1
        elapsed = time.perf_counter() - start
        results["bandwidth"].append({"size": size, "direction": direction, "calls": count,
                                     "mb_per_s": count * size / MB / elapsed,
                                     "calls_per_s": count / elapsed})
        print("[%s] bandwidth %7d B %-4s %8.1f MB/s %8.0f calls/s" % (
            name, size, direction, count * size / MB / elapsed, count / elapsed), flush=True)

sizes = [("1.5 MB", int(1.5 * MB)), ("128 MB", 128 * MB), ("500 MB", 500 * MB)]
if quick:
    sizes = sizes[:2]
for label, size in sizes:
    write_file(size)
    for direction in ("up", "down"):
        with Sampler() as sampler:
            start = time.perf_counter()
            moved = whole(direction, size)
            elapsed = time.perf_counter() - start
        assert moved == size, moved
        results["transfer"].append({"label": label, "size": size, "direction": direction,
                                    "mb_per_s": size / MB / elapsed, "seconds": elapsed,
                                    "rss_before": sampler.before, "rss_peak": sampler.peak})
        print("[%s] whole %-7s %-4s %8.1f MB/s  RSS %5.0f -> %5.0f MB" % (
            name, label, direction, size / MB / elapsed, sampler.before / MB, sampler.peak / MB), flush=True)
    chunk = bytes(64 * 1024)
    encoded = base64.b64encode(chunk).decode()
    total = size if size <= 128 * MB else 128 * MB
    for form in ("rest", "jsonrpc"):
        calls = total // len(chunk) or 1
        with Sampler() as sampler:
            start = time.perf_counter()
            for i in range(calls):
                if form == "rest":
                    response = session.post(base + "/rest/up", data=chunk,
                                            headers={"Content-Type": "application/octet-stream"})
                    assert response.status_code == 200
                else:
                    body = json.dumps({"jsonrpc": "2.0", "method": "appendChunk",
                                       "params": {"name": "f", "chunk": encoded}, "id": i})
                    response = session.post(base + "/", data=body, headers={"Content-Type": "application/json"})
                    assert response.status_code == 200 and "result" in response.json()
            elapsed = time.perf_counter() - start
        results["chunked"].append({"label": label, "size": calls * len(chunk), "form": form, "calls": calls,
                                   "mb_per_s": calls * len(chunk) / MB / elapsed,
                                   "rss_before": sampler.before, "rss_peak": sampler.peak})
        print("[%s] 64 KB chunks %-7s %-7s %8.1f MB/s (%d calls)" % (
            name, label, form, calls * len(chunk) / MB / elapsed, calls), flush=True)
    subprocess.run(["rm", "-f", transfer_file(size)])

with open(out, "w") as f:
    json.dump(results, f, indent=1)
