"""The team server under load (issue "A team server", task 16.7): AGENTS agents, each with a token of its own,
make CALLS mixed MCP calls over HTTP (the stateless 2026-07-28 revision: every request stands alone) against one
`ws serve`, or spread over several on one PostgreSQL store. Half the calls write (log, artifact, renew), half
read (ready, show, context, blocked). Every answer is kept: afterwards the log (`ws export`) must hold every
acknowledged write exactly once, at the sequence number the agent was told, and no write twice.
With --kill, the last server is killed (SIGKILL) once a third of the calls are answered: its agents go on with the
first server; a call in flight on the killed one is unacknowledged (it may or may not be in the log, never twice),
and every acknowledged call must still be there.

  python3 bench/mcp_load.py --ws BIN --label NAME --out RESULTS_DIR REPO [REPO ...] [--kill]

Each REPO is a clone with ws initialized (on PostgreSQL: the same WS_STORE in the environment); one server is
started in each. The agents' workstreams (LOAD-NAME-PID-1 ...) and tokens are made in the first. Prints one line and
writes RESULTS_DIR/mcp-load-NAME.json. Standard library only.
"""
import argparse, http.client, json, os, signal, subprocess, sys, threading, time

META = {"io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {}}


def run(ws, repo, *args):
    return subprocess.run([ws, *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def start_server(ws, repo, log_path):
    out = open(log_path, "w")
    # The load test measures the server, not the per-agent limiter: each agent may make 1,000 calls a second.
    p = subprocess.Popen([ws, "serve", "--port", "0", "--agent-rate", "1000", "--agent-concurrency", "8"], cwd=repo,
                         stdout=out, stderr=subprocess.STDOUT)
    for _ in range(600):
        text = open(log_path).read()
        if "http://127.0.0.1:" in text:
            port = int(text.split("http://127.0.0.1:")[1].split("/")[0].split()[0])
            return p, port
        if p.poll() is not None:
            break
        time.sleep(0.1)
    raise SystemExit(f"ws serve did not start in {repo}: {open(log_path).read()}")


class Agent(threading.Thread):
    def __init__(self, label, n, token, ports, calls, progress, pace=0.0):
        super().__init__(daemon=True)
        self.n, self.token, self.ports, self.calls, self.progress = n, token, list(ports), calls, progress
        # Seconds from the start of one call to the start of the next (0: back to back). Agents start spread over
        # one interval, so a paced load arrives evenly rather than in waves.
        self.pace = pace
        self.stream = f"LOAD-{label}-{n}"
        self.latencies, self.errors, self.lost_calls = [], [], 0
        self.acked = []  # (kind, message or name, seq or None)

    def plan(self, k):
        s = self.stream
        if k == 0:
            return "start", {"id": s}
        # Each agent goes through the mix from its own place in it: agents are not in lockstep, and 50 of them asking
        # for the 10,000-row blocked analysis in the same half second measured the mix, not the server.
        kind = (k + self.n) % 10
        if kind in (0, 3, 6):
            return "log", {"id": s, "message": f"load {s} {k}"}
        if kind == 5:
            return "artifact", {"id": s, "name": f"LOAD_{k}", "value": f"v{self.n}-{k}"}
        if kind == 8:
            return "renew", {"id": s}
        return {1: ("ready", {"limit": 5}), 2: ("show", {"id": s}), 4: ("context", {"id": s}),
                7: ("blocked", {"limit": 5}), 9: ("show", {"id": s})}[kind]

    def call(self, port, name, arguments, k):
        body = json.dumps({"jsonrpc": "2.0", "id": k + 1, "method": "tools/call",
                           "params": {"name": name, "arguments": arguments, "_meta": META}})
        headers = {"Content-Type": "application/json", "Accept": "application/json",
                   "Authorization": f"Bearer {self.token}", "MCP-Protocol-Version": "2026-07-28",
                   "Mcp-Method": "tools/call", "Mcp-Name": name}
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            c.request("POST", "/mcp", body, headers)
            r = c.getresponse()
            return r.status, r.read()
        finally:
            c.close()

    def run(self):
        due = time.perf_counter() + (self.pace * (self.n % 50) / 50 if self.pace else 0)
        for k in range(self.calls):
            if self.pace:
                time.sleep(max(0.0, due - time.perf_counter()))
                due += self.pace
            name, arguments = self.plan(k)
            port = self.ports[self.n % len(self.ports)]
            began = time.perf_counter()
            try:
                status, body = self.call(port, name, arguments, k)
            except (OSError, http.client.HTTPException) as e:
                # Its server went away (--kill): unacknowledged; go on with the others.
                self.lost_calls += 1
                self.ports = [p for p in self.ports if p != port] or self.ports
                self.progress()
                continue
            self.latencies.append(time.perf_counter() - began)
            self.progress()
            answer = json.loads(body) if body else {}
            result = answer.get("result", {})
            if status != 200 or "error" in answer or result.get("isError"):
                self.errors.append(f"{name}: {status} {body[:200]!r}")
                continue
            data = result.get("structuredContent", {})
            if name == "log":
                self.acked.append(("log", arguments["message"], data.get("seq")))
            elif name == "artifact":
                self.acked.append(("artifact", arguments["name"], None))


def check_log(ws, repo, label, agents):
    """Every acknowledged write exactly once, at the sequence number it was told; no write twice."""
    logged, artifacts = {}, {}
    for line in run(ws, repo, "export").splitlines():
        e = json.loads(line)
        stream, data = e.get("stream", ""), e.get("data", {})
        if not stream.startswith(f"LOAD-{label}-"):
            continue
        if e.get("type") == "DevlogEntryRecorded":
            logged.setdefault(data.get("message"), []).append(e.get("seq"))
        elif e.get("type") == "ArtifactRecorded":
            artifacts.setdefault((stream, data.get("name")), []).append(e.get("seq"))
    missing, doubled = [], [m for m, seqs in logged.items() if len(seqs) > 1]
    for a in agents:
        for kind, key, seq in a.acked:
            if kind == "log" and (key not in logged or (seq is not None and seq not in logged[key])):
                missing.append(key)
            if kind == "artifact" and (a.stream, key) not in artifacts:
                missing.append(f"{a.stream} {key}")
    return missing, doubled


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ws", required=True)
    ap.add_argument("--label", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--agents", type=int, default=50)
    ap.add_argument("--calls", type=int, default=100)
    ap.add_argument("--kill", action="store_true")
    ap.add_argument("--pace", type=float, default=0.0,
                    help="seconds between the starts of an agent's calls (0: back to back, the server's capacity)")
    ap.add_argument("repos", nargs="+")
    args = ap.parse_args()
    first = args.repos[0]
    # Workstreams and agents of their own in every run, so a repository can be measured again.
    run_id = f"{args.label}-{os.getpid()}"
    tokens = []
    for n in range(1, args.agents + 1):
        tokens.append(run(args.ws, first, "serve", "token", "add", f"load-{run_id}-{n}").strip())
        run(args.ws, first, "new", f"LOAD-{run_id}-{n}", "--title", f"Load test agent {n} ({args.label})")
    servers = [start_server(args.ws, repo, os.path.join(args.out, f"mcp-load-{args.label}-{i}.log"))
               for i, repo in enumerate(args.repos)]
    ports = [port for _, port in servers]
    answered, lock, killed = [0], threading.Lock(), threading.Event()
    total = args.agents * args.calls

    def progress():
        with lock:
            answered[0] += 1
            if args.kill and not killed.is_set() and answered[0] >= total // 3 and len(servers) > 1:
                killed.set()
                servers[-1][0].send_signal(signal.SIGKILL)

    agents = [Agent(run_id, n, tokens[n - 1], ports, args.calls, progress, args.pace)
              for n in range(1, args.agents + 1)]
    began = time.perf_counter()
    for a in agents:
        a.start()
    for a in agents:
        a.join()
    seconds = time.perf_counter() - began
    survivors_answered = sum(1 for a in agents for _ in a.latencies)
    for p, _ in servers:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            p.wait(timeout=30)
    missing, doubled = check_log(args.ws, first, run_id, agents)
    latencies = sorted(x for a in agents for x in a.latencies)
    errors = [e for a in agents for e in a.errors]
    pick = lambda q: round(latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000, 1) if latencies else None
    result = {"label": args.label, "servers": len(servers), "agents": args.agents, "calls": total,
              "answered": survivors_answered, "unacknowledged": sum(a.lost_calls for a in agents),
              "seconds": round(seconds, 2), "calls_per_s": round(survivors_answered / seconds, 1),
              "p50_ms": pick(0.5), "p99_ms": pick(0.99), "errors": len(errors), "error_sample": errors[:3],
              "acknowledged_writes": sum(len(a.acked) for a in agents), "missing": len(missing),
              "missing_sample": missing[:3], "doubled": len(doubled), "killed": killed.is_set(),
              "pace_s": args.pace, "offered_per_s": round(args.agents / args.pace, 1) if args.pace else None}
    with open(os.path.join(args.out, f"mcp-load-{args.label}.json"), "w") as f:
        json.dump(result, f)
    print(f"   mcp-load {args.label}: {survivors_answered} calls in {seconds:.2f} s = {result['calls_per_s']}/s, "
          f"p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, {len(errors)} errors, "
          f"{result['acknowledged_writes']} writes acknowledged, {len(missing)} missing, {len(doubled)} doubled"
          + (f", one server killed: {result['unacknowledged']} calls unacknowledged" if killed.is_set() else ""))
    ok = not missing and not doubled and not errors
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
