"""Round trip of one `ready` tool call on a running `ws mcp` (target: under 10 ms).

    python3 bench/mcp_ready.py <ws binary> <repository> [calls=200] [results.json]

Starts the server in the repository, opens a 2026-07-28 exchange (each request
carries the revision in `_meta`, as the Python SDK's `auto` mode sends it),
sends `calls` tools/call ready requests one after another (after 10 warm-up
calls) and times each from the write of the request to the read of the answer.
Prints the median and the 90th percentile; writes them as JSON when asked.
"""

import json
import os
import statistics
import subprocess
import sys
import time

META = {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientInfo": {"name": "bench", "version": "1"},
        "io.modelcontextprotocol/clientCapabilities": {}}


def main():
    ws, repo = os.path.abspath(sys.argv[1]), sys.argv[2]
    calls = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    server = subprocess.Popen([ws, "mcp"], cwd=repo, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    try:
        times = []
        for n in range(calls + 10):
            request = {"jsonrpc": "2.0", "id": n, "method": "tools/call",
                       "params": {"name": "ready", "arguments": {}, "_meta": META}}
            started = time.perf_counter()
            server.stdin.write(json.dumps(request) + "\n")
            server.stdin.flush()
            answer = json.loads(server.stdout.readline())
            elapsed = time.perf_counter() - started
            assert answer["id"] == n and not answer["result"]["isError"], answer
            if n >= 10:
                times.append(elapsed * 1000)
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    times.sort()
    result = {"calls": calls, "median_ms": statistics.median(times), "p90_ms": times[int(len(times) * 0.9) - 1]}
    print(f"ws mcp ready round trip: median {result['median_ms']:.2f} ms, p90 {result['p90_ms']:.2f} ms ({calls} calls)")
    if len(sys.argv) > 4:
        with open(sys.argv[4], "w") as f:
            json.dump(result, f)


if __name__ == "__main__":
    main()
