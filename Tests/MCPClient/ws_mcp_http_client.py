"""Drives `/mcp` on `ws serve` with the official MCP Python SDK (PyPI `mcp`, pinned in
scripts/python/test.txt) as the HTTP client, in its `auto` (server/discover, 2026-07-28)
and `legacy` (initialize and Mcp-Session-Id, 2025-11-25) modes, each request carrying
`Authorization: Bearer <token>`.

Run by Tests/WorkstreamCLITests/MCPHTTPTests.swift against a `ws serve` on a repository with
the example plan applied:

    python3 ws_mcp_http_client.py <scenario> --url http://127.0.0.1:PORT/mcp --token T [--mode auto|legacy]

Scenarios: `workflow` (list tools and resources, read one, ready, start, log, show, and a call naming
another agent, refused); `refused` (the connection itself must fail: no token, a wrong or revoked one).
Every check raises CheckFailed (not `assert`, which `python -O` strips); the last line printed is a
JSON summary the Swift test reads. Exit status 0 only when every check held.
"""

import argparse
import asyncio
import json
import ssl

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

TOOLS = ["ready", "start", "context", "task_done", "log", "artifact", "complete", "show", "blocked", "renew"]


class CheckFailed(AssertionError):
    """A check of the MCP answers that did not hold."""


def check(condition, detail="check failed"):
    if not condition:
        raise CheckFailed(detail)


CAFILE = None  # --cafile: the certificate an https server's must chain to (a test's own)


def http_client(token):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    verify = ssl.create_default_context(cafile=CAFILE) if CAFILE else True
    return httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(60.0, read=120.0), verify=verify)


async def workflow(args):
    summary = {"mode": args.mode}
    async with http_client(args.token) as http:
        async with Client(streamable_http_client(args.url, http_client=http), mode=args.mode,
                          raise_exceptions=True) as client:
            expected = "2025-11-25" if args.mode == "legacy" else "2026-07-28"
            check(client.protocol_version == expected, client.protocol_version)
            summary["protocolVersion"] = client.protocol_version
            listed = await client.list_tools()
            check([t.name for t in listed.tools] == TOOLS, [t.name for t in listed.tools])
            resources = await client.list_resources()
            uris = [r.uri for r in resources.resources]
            check("ws://index" in uris and "ws://workstream/A1" in uris, uris)
            index = await client.read_resource("ws://index")
            check(index.contents and "A1" in index.contents[0].text, index)

            ready = await client.call_tool("ready", {})
            check(not ready.is_error and "total" in ready.structured_content, ready)
            started = await client.call_tool("start", {"id": args.workstream})
            check(not started.is_error, started.content)
            summary["startedBy"] = started.structured_content["agent"]
            logged = await client.call_tool("log", {"id": args.workstream, "message": f"over HTTP, {args.mode}"})
            check(not logged.is_error, logged.content)
            # The token names the agent: naming the same one is fine, naming another is refused.
            same = await client.call_tool("log", {"id": args.workstream, "message": "as myself", "agent": args.agent})
            check(not same.is_error, same.content)
            other = await client.call_tool("log", {"id": args.workstream, "message": "as someone else", "agent": "mallory"})
            check(other.is_error, f"a call naming another agent was not refused: {other.content}")
            summary["otherAgentRefusal"] = other.content[0].text
            shown = await client.call_tool("show", {"id": args.workstream})
            check(not shown.is_error and shown.structured_content["agent"] == args.agent, shown.structured_content)
            if args.complete:
                summary["completed"] = await every_other_tool(client, args)
    return summary


async def every_other_tool(client, args):
    """The tools the workflow above did not call, through to the handoff: context, blocked, renew, artifact,
    task_done for every open task, complete."""
    async def ok(name, arguments):
        result = await client.call_tool(name, arguments)
        check(not result.is_error, f"{name}: {result.content}")
        return result.structured_content
    context = await ok("context", {"id": args.workstream})
    tasks = [t["id"] for t in context["openTasks"]]
    check(tasks, context)
    await ok("blocked", {})
    await ok("renew", {"id": args.workstream})
    await ok("artifact", {"id": args.workstream, "name": "URL", "value": "https://example.invalid/a1"})
    for task in tasks:
        await ok("task_done", {"id": args.workstream, "task": task})
    done = await ok("complete", {"id": args.workstream, "summary": "done over HTTP", "next": ["use it"]})
    return done.get("status") or "completed"


async def refused(args):
    """The client must not get through: the SDK raises when the server answers 401."""
    try:
        async with http_client(args.token) as http:
            async with Client(streamable_http_client(args.url, http_client=http), mode=args.mode,
                              raise_exceptions=True) as client:
                await client.list_tools()
    except Exception as error:  # the SDK's MCPError, or an HTTP error it wraps
        return {"refused": True, "error": str(error)[:300]}
    raise CheckFailed("the server let a client without a valid token in")


async def race(args):
    """Many agents, each with its own token, start one workstream at once through several servers (--url is a
    comma-separated list; --token a file of tokens, one a line, agent-N's on line N): exactly one may win."""
    urls = args.url.split(",")
    tokens = open(args.token).read().split()

    async def one(n, token):
        async with http_client(token) as http:
            async with Client(streamable_http_client(urls[n % len(urls)], http_client=http), mode=args.mode,
                              raise_exceptions=True) as client:
                result = await client.call_tool("start", {"id": args.workstream})
                return n, result

    results = await asyncio.gather(*(one(n, t) for n, t in enumerate(tokens)))
    winners = [n for n, r in results if not r.is_error and r.structured_content.get("started")]
    check(len(winners) == 1, f"winners: {winners}")
    holder = f"agent-{winners[0] + 1}"
    refusals = [r for n, r in results if n not in winners]
    for r in refusals:
        check(r.is_error and holder in r.content[0].text, f"a refusal that does not name {holder}: {r.content}")
    return {"winner": holder, "refused": len(refusals), "servers": len(urls)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=["workflow", "refused", "race"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", default="")
    parser.add_argument("--agent", default="alice")
    parser.add_argument("--workstream", default="A1")
    parser.add_argument("--mode", default="auto", choices=["auto", "legacy"])
    parser.add_argument("--cafile")
    parser.add_argument("--complete", action="store_true", help="workflow: go on through every other tool")
    args = parser.parse_args()
    global CAFILE
    CAFILE = args.cafile
    summary = asyncio.run({"workflow": workflow, "refused": refused, "race": race}[args.scenario](args))
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
