"""Drives `ws mcp` with the official MCP Python SDK (PyPI `mcp`, pinned in
scripts/python/test.txt) as the client, in its `legacy` (initialize
handshake, 2025-11-25) and `auto` (server/discover, 2026-07-28) modes.

Run by Tests/WorkstreamCLITests/MCPTests.swift against a fresh repository
with the example plan applied:

    python3 ws_mcp_client.py <scenario> --ws <ws binary> --repo <repo> [--mode legacy|auto]

Every check raises CheckFailed (not `assert`, which `python -O` strips); the
last line printed is a JSON summary the Swift test reads. Exit status 0 only when every check held.
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys

from mcp import Client, StdioServerParameters

TOOLS = ["ready", "start", "context", "task_done", "log", "artifact", "complete", "show", "blocked", "renew"]
SECRET = "s3cr3t-Value-0f-the-DB-" + os.urandom(6).hex()


class CheckFailed(AssertionError):
    """A check of the MCP answers that did not hold."""


def check(condition, detail="check failed"):
    # Explicit, not `assert`: PYTHONOPTIMIZE in the inherited environment would strip every assert.
    if not condition:
        raise CheckFailed(detail)


class Session:
    """One MCP client on `ws mcp`; keeps every answer as JSON to search it for secrets."""

    def __init__(self, args, agent, mode, now=None):
        env = {"WS_AGENT": agent, "PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/root")}
        if now:
            env["WS_NOW"] = now  # the server's clock, for leases
        params = StdioServerParameters(command=args.ws, args=["mcp"], cwd=args.repo, env=env)
        self.client = Client(params, mode=mode, raise_exceptions=True)
        self.answers = []

    async def __aenter__(self):
        await self.client.__aenter__()
        return self

    async def __aexit__(self, *exc):
        return await self.client.__aexit__(*exc)

    def keep(self, result):
        self.answers.append(result.model_dump_json(by_alias=True))
        return result

    async def call(self, name, arguments=None):
        return self.keep(await self.client.call_tool(name, arguments or {}))

    async def ok(self, name, arguments=None):
        result = await self.call(name, arguments)
        check(not result.is_error, f"{name} {arguments}: {result.content}")
        check(result.structured_content is not None, f"{name}: no structuredContent")
        check(result.content and result.content[0].text, f"{name}: no text")
        return result.structured_content

    async def refused(self, name, arguments, kind):
        result = await self.call(name, arguments)
        check(result.is_error, f"{name} {arguments} should be refused: {result.structured_content}")
        refusal = result.structured_content
        check(refusal["error"] == kind, f"{name}: expected {kind}, got {refusal}")
        check(refusal["next"], f"{name}: no next step in {refusal}")
        check("Next:" in result.content[0].text)
        return refusal


def raw_tools_list_bytes(args):
    """The exact size of the tools/list answer on the wire (legacy and modern envelope)."""
    sizes = {}
    requests = {
        "legacy": {"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
        "modern": {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"_meta": {
            "io.modelcontextprotocol/protocolVersion": "2026-07-28",
            "io.modelcontextprotocol/clientInfo": {"name": "size-check", "version": "1"},
            "io.modelcontextprotocol/clientCapabilities": {}}}},
    }
    for era, request in requests.items():
        done = subprocess.run([args.ws, "mcp"], cwd=args.repo, input=json.dumps(request) + "\n",
                              capture_output=True, text=True, timeout=60, check=True)
        line = done.stdout.splitlines()[0]
        check(json.loads(line)["result"]["tools"], line)
        sizes[era] = len(line.encode())
    return sizes


async def workflow(args):
    summary = {"mode": args.mode}
    async with Session(args, "alice", args.mode) as s:
        expected = "2025-11-25" if args.mode == "legacy" else "2026-07-28"
        check(s.client.protocol_version == expected, s.client.protocol_version)
        summary["protocolVersion"] = s.client.protocol_version

        listed = await s.client.list_tools()
        check([t.name for t in listed.tools] == TOOLS, [t.name for t in listed.tools])
        for t in listed.tools:
            check(t.input_schema["type"] == "object" and t.output_schema["type"] == "object", t.name)
            check(t.annotations is not None and t.annotations.read_only_hint is not None, t.name)
            check(t.annotations.destructive_hint is not None and t.annotations.idempotent_hint is not None, t.name)
        read_only = {t.name for t in listed.tools if t.annotations.read_only_hint}
        check(read_only == {"ready", "context", "show", "blocked"}, read_only)

        resources = await s.client.list_resources()
        uris = [r.uri for r in resources.resources]
        check("ws://index" in uris and "ws://workstream/A1" in uris, uris)
        check(not any(u.startswith("ws://handoff/") for u in uris), uris)

        ready = await s.ok("ready")
        check([w["id"] for w in ready["workstreams"]] == ["A1"], ready)

        refusal = await s.refused("start", {"id": "A2"}, "dependencies_open")
        check(refusal["waitingOn"] == ["A1"] and "ready" in refusal["next"], refusal)

        started = await s.ok("start", {"id": "A1"})
        check(started["started"] and started["agent"] == "alice", started)
        tasks = [t["id"] for t in started["context"]["openTasks"]]
        check(tasks == ["1.1", "1.2", "1.3", "2.1", "2.2"], tasks)
        check(started["leaseExpiresAt"], started)
        again = await s.ok("start", {"id": "A1"})
        check(not again["started"], again)
        renewed = await s.ok("renew", {"id": "A1"})
        check(renewed["held"] and renewed["leaseExpiresAt"] >= started["leaseExpiresAt"], renewed)
        # As `ws renew --minutes`: a length of the caller's, its range ruled by the decider.
        short = await s.ok("renew", {"id": "A1", "minutes": 5})
        check(short["leaseExpiresAt"] < renewed["leaseExpiresAt"], [short, renewed])
        await s.refused("renew", {"id": "A1", "minutes": 0}, "invalid")
        await s.ok("renew", {"id": "A1"})

        # No summary, as `ws complete` allows: the refusal is the decider's (open tasks), not the arguments'.
        refusal = await s.refused("complete", {"id": "A1"}, "tasks_open")
        check('task_done {"id":"A1","task":"1.1"}' in refusal["next"], refusal)

        for task in tasks:
            done = await s.ok("task_done", {"id": "A1", "task": task})
            check(done["changed"], done)
        logged = await s.ok("log", {"id": "A1", "message": "PostgreSQL on a private IP only", "kind": "decision", "hours": 1.5})
        check(logged["seq"] > 0, logged)
        await s.refused("log", {"id": "A1", "message": "x", "kind": "rant"}, "invalid_arguments")
        await s.ok("artifact", {"id": "A1", "name": "DATABASE_HOST", "value": "10.130.0.3"})
        secret = await s.ok("artifact", {"id": "A1", "name": "DATABASE_PASSWORD", "value": SECRET, "secret": True})
        check(secret["secret"] and secret["fingerprint"], secret)
        await s.refused("artifact", {"id": "A1", "name": "1BAD", "value": SECRET, "secret": True}, "invalid")
        # A name that changes how programs run is refused as `ws artifact` refuses it, secret or not.
        for name in ["LD_PRELOAD", "PATH"]:
            reserved = await s.refused("artifact", {"id": "A1", "name": name, "value": "./tools/x"}, "reserved_variable")
            check(f"may not be called {name}" in reserved["message"], reserved)
        # A secret under 8 characters is never masked: MCP refuses it as the CLI does, and records nothing.
        short = await s.refused("artifact", {"id": "A1", "name": "SHORT_PW", "value": "pw12345", "secret": True}, "error")
        check("at least 8 characters" in short["message"] and "pw12345" not in short["message"], short)

        shown = await s.ok("show", {"id": "A1"})
        password = [a for a in shown["artifacts"] if a["name"] == "DATABASE_PASSWORD"][0]
        check(password["secret"] and "value" not in password and password["fingerprint"], password)
        check("SHORT_PW" not in [a["name"] for a in shown["artifacts"]], shown["artifacts"])

        # A check that prints the secret (ws env puts it in the check's environment) and fails until ready.txt exists.
        # As alice, who holds A1: while her lease runs nobody else declares its checks (fencing).
        subprocess.run([args.ws, "check", "add", "A1", "db-ready", "--agent", "alice", "--run",
                        'echo "password is $DATABASE_PASSWORD"; test -f ready.txt || { echo "ready.txt is missing"; exit 3; }'],
                       cwd=args.repo, check=True, capture_output=True)
        failed = await s.refused("complete", {"id": "A1", "summary": "Database and cache are up."}, "checks_failed")
        check(failed["failedChecks"] == ["db-ready"] and "ready.txt is missing" in failed["message"], failed)
        check("call complete" in failed["next"], failed)
        with open(os.path.join(args.repo, "ready.txt"), "w") as f:
            f.write("ok\n")
        completed = await s.ok("complete", {"id": "A1", "summary": "Database and cache are up.",
                                            "next": ["Run the migrations"]})
        check(completed["status"] == "completed" and completed["nowReady"] == ["A2", "A3", "C1"], completed)
        check(completed["checks"] == [{"name": "db-ready", "passed": True, "exitCode": 0,
                                       "durationMs": completed["checks"][0]["durationMs"]}], completed)
        await s.refused("task_done", {"id": "A1", "task": "1.1"}, "closed")

        handoff = s.keep(await s.client.read_resource("ws://handoff/A1"))
        text = handoff.contents[0].text
        check("Database and cache are up." in text and "Run the migrations" in text and "DATABASE_PASSWORD" in text, text)
        check("Evidence" in text and "db-ready" in text, text)
        context = await s.ok("context", {"id": "A2"})
        dep = context["dependencies"][0]
        check(dep["id"] == "A1" and dep["summary"] == "Database and cache are up.", dep)
        check({a["name"] for a in dep["artifacts"]} == {"DATABASE_HOST", "DATABASE_PASSWORD"}, dep)
        blocked = await s.ok("blocked")
        check("B1" in [w["id"] for w in blocked["workstreams"]], blocked)
        devlog = [r.uri for r in (await s.client.list_resources()).resources if r.uri.startswith("ws://devlog/A1/")]
        check(len(devlog) == 1, devlog)
        entry = s.keep(await s.client.read_resource(devlog[0]))
        check("PostgreSQL on a private IP only" in entry.contents[0].text)

        answers = "\n".join(s.answers)
        check(SECRET not in answers, "a secret value came back through MCP")
        summary["answers"] = len(s.answers)
    summary["toolsListBytes"] = raw_tools_list_bytes(args)
    check(max(summary["toolsListBytes"].values()) < 8192, summary)
    return summary


async def takeover(args):
    """alice's lease runs out (the servers' clocks, WS_NOW, say so); bob takes A1 over; alice is told."""
    start, later = "2026-12-01T08:00:00.000Z", "2026-12-01T11:00:00.000Z"
    async with Session(args, "alice", "legacy", now=start) as alice:
        started = await alice.ok("start", {"id": "A1"})
        check(started["leaseExpiresAt"].startswith("2026-12-01T10:00"), started)
    async with Session(args, "bob", "auto", now=later) as bob, Session(args, "alice", "auto", now=later) as late_alice:
        ready = await bob.ok("ready")
        stale = [w for w in ready["workstreams"] if w["id"] == "A1"]
        check(stale and stale[0]["lease"]["stale"] and stale[0]["lease"]["holder"] == "alice", ready)
        refusal = await bob.refused("start", {"id": "A1"}, "lease_expired")
        check('"takeOver":true' in refusal["next"] and refusal["holder"] == "alice", refusal)
        taken = await bob.ok("start", {"id": "A1", "takeOver": True})
        check(taken["started"] and taken["agent"] == "bob", taken)
        refusal = await late_alice.refused("renew", {"id": "A1"}, "held_by_another_agent")
        check(refusal["holder"] == "bob", refusal)
        # Fenced: the replaced holder changes nothing of bob's work, completion forced with a reason included.
        for tool, arguments in [("task_done", {"id": "A1", "task": "1.1"}),
                                ("artifact", {"id": "A1", "name": "DATABASE_HOST", "value": "10.0.0.9"}),
                                ("complete", {"id": "A1", "summary": "mine", "force": True, "reason": "I finished it"})]:
            refusal = await late_alice.refused(tool, arguments, "not_the_holder")
            check(refusal["holder"] == "bob" and "held by bob" in refusal["message"], refusal)
        shown = await bob.ok("show", {"id": "A1"})
        check(shown["lease"]["holder"] == "bob" and not shown["lease"]["stale"], shown)
        released = await bob.ok("renew", {"id": "A1", "release": True})
        check(not released["held"], released)
        ready = await bob.ok("ready")
        check("A1" in [w["id"] for w in ready["workstreams"]], ready)
    return {"takenOverBy": "bob"}


async def race(args):
    """Two clients (one per protocol revision) start A1 at once: exactly one wins."""
    async with Session(args, "alice", "legacy") as a, Session(args, "bob", "auto") as b:
        results = await asyncio.gather(a.call("start", {"id": "A1"}), b.call("start", {"id": "A1"}))
    winners = [r for r in results if not r.is_error]
    losers = [r for r in results if r.is_error]
    check(len(winners) == 1 and len(losers) == 1, [r.structured_content for r in results])
    winner = winners[0].structured_content["agent"]
    refusal = losers[0].structured_content
    check(refusal["error"] == "held_by_another_agent" and refusal["holder"] == winner, refusal)
    check(winner in losers[0].content[0].text)
    return {"winner": winner, "loser": refusal}


async def untrusted(args):
    """In a clone whose check W/makes-marker came from the other clone: complete refuses, running nothing."""
    async with Session(args, "tester", args.mode) as s:
        refusal = await s.refused("complete", {"id": "W", "summary": "done"}, "untrusted_check")
        check(refusal["untrustedChecks"] == ["makes-marker"], refusal)
        check("ws check trust W makes-marker" in refusal["next"] and "touch" in refusal["message"], refusal)
    return {"refused": refusal["error"]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=["workflow", "race", "takeover", "untrusted"])
    parser.add_argument("--ws", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--mode", choices=["legacy", "auto"], default="auto")
    args = parser.parse_args()
    summary = asyncio.run({"workflow": workflow, "race": race, "takeover": takeover, "untrusted": untrusted}[args.scenario](args))
    print(json.dumps(summary))


if __name__ == "__main__":
    sys.exit(main())
