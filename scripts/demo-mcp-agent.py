"""An agent working one workstream through `ws mcp`, with the official MCP
Python SDK as its client (what `make demo` shows beside agents on the CLI).

    python3 scripts/demo-mcp-agent.py <ws binary> <agent> <workstream> <summary> [<fix command>]

Prints each tool call and the first lines of its answer's text. When `complete`
is refused because a check fails, the agent runs <fix command> (its "work")
and completes again.
"""

import asyncio
import json
import os
import subprocess
import sys

from mcp import Client, StdioServerParameters


async def main(ws, agent, workstream, summary, fix=None):
    env = {"WS_AGENT": agent, "PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/root")}
    for key in ("WS_NOW", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        if key in os.environ:
            env[key] = os.environ[key]
    params = StdioServerParameters(command=ws, args=["mcp"], cwd=os.getcwd(), env=env)
    async with Client(params, mode="auto") as client:
        print(f"[mcp {agent}] connected to {client.server_info.name if client.server_info else 'ws'} "
              f"over MCP {client.protocol_version}; {len((await client.list_tools()).tools)} tools")

        async def call(name, arguments, lines=3):
            result = await client.call_tool(name, arguments)
            print(f"[mcp {agent}] {name} {json.dumps(arguments)}" + ("  → refused" if result.is_error else ""))
            for line in [text for text in result.content[0].text.splitlines() if text.strip()][:lines]:
                print(f"    {line}")
            return result

        await call("ready", {}, lines=5)
        started = await call("start", {"id": workstream}, lines=4)
        if started.is_error:
            return 1
        for task in started.structured_content["context"]["openTasks"]:
            await call("task_done", {"id": workstream, "task": task["id"]}, lines=1)
        await call("log", {"id": workstream, "message": "Done through MCP", "kind": "note", "hours": 1})
        completed = await call("complete", {"id": workstream, "summary": summary}, lines=8)
        if completed.is_error and completed.structured_content.get("error") == "checks_failed" and fix:
            print(f"[mcp {agent}] fixes it: {fix}")
            subprocess.run(fix, shell=True, check=True)
            completed = await call("complete", {"id": workstream, "summary": summary}, lines=8)
        handoff = await client.read_resource(f"ws://handoff/{workstream}")
        print(f"[mcp {agent}] read ws://handoff/{workstream}: {len(handoff.contents[0].text)} characters")
        return 1 if completed.is_error else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(*sys.argv[1:6])))
