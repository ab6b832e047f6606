"""Write the transfer results of one run into docs/rest.md, between its markers.

Usage: python3 report.py DOC RESULTS_JSON... (ujrpc first)
"""
import json
import sys
import time

doc, files = sys.argv[1], sys.argv[2:]
runs = [json.load(open(f)) for f in files]
MB = 1024 * 1024
names = [r["server"] for r in runs]
load = open("/proc/loadavg").read().split()[:3]
lines = ["", "Measured %s on this machine (2 cores; load average %s at the end, where above 2 would mean "
         "other work shared the cores), server on CPU 0, client on CPU 1, loopback, one run." % (
             time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), " ".join(load)), ""]
lines.append("Bandwidth, one kept-alive connection (`requests.Session`), MB/s (calls/s):")
lines.append("")
lines.append("| size | direction | " + " | ".join(names) + " |")
lines.append("|---|---|" + "---:|" * len(names))
for i, row in enumerate(runs[0]["bandwidth"]):
    size = row["size"]
    label = "%d KB" % (size // 1024) if size < MB else "%d MB" % (size // MB)
    lines.append("| %s | %s | %s |" % (label, row["direction"], " | ".join(
        "%.2f (%.0f)" % (r["bandwidth"][i]["mb_per_s"], r["bandwidth"][i]["calls_per_s"]) for r in runs)))
lines.append("")
lines.append("Binary transfer, whole (curl, streamed), MB/s and the server's RSS before → peak:")
lines.append("")
lines.append("| file | direction | " + " | ".join("%s MB/s | %s RSS" % (n, n) for n in names) + " |")
lines.append("|---|---|" + "---:|---:|" * len(names))
for i, row in enumerate(runs[0]["transfer"]):
    cells = []
    for r in runs:
        t = r["transfer"][i]
        cells.append("%.0f | %.0f → %.0f MB" % (t["mb_per_s"], t["rss_before"] / MB, t["rss_peak"] / MB))
    lines.append("| %s | %s | %s |" % (row["label"], row["direction"], " | ".join(cells)))
lines.append("")
lines.append("Binary transfer in 64 KB calls (up to 128 MB per row), one connection, MB/s: `rest` POSTs "
             "octet-stream chunks, `jsonrpc` sends base64 in JSON-RPC calls:")
lines.append("")
lines.append("| file | form | " + " | ".join(names) + " |")
lines.append("|---|---|" + "---:|" * len(names))
for i, row in enumerate(runs[0]["chunked"]):
    lines.append("| %s | %s | %s |" % (row["label"], row["form"], " | ".join(
        "%.1f" % r["chunked"][i]["mb_per_s"] for r in runs)))
lines.append("")
text = open(doc).read()
start, end = "<!-- transfer-results:start -->", "<!-- transfer-results:end -->"
head, rest = text.split(start, 1)
_, tail = rest.split(end, 1)
open(doc, "w").write(head + start + "\n" + "\n".join(lines) + "\n" + end + tail)
print("\n".join(lines))
