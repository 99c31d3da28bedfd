"""The parts of the board's browser test that are not about the browser: a
repository with the demo plan (`Project`), `ws serve` in it (`Server`), and
`check`, which raises where a bare `assert` would be stripped by `python -O`
or PYTHONOPTIMIZE (the test would then pass without checking anything).
"""
import argparse
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request


class CheckFailed(AssertionError):
    """A check of the board that did not hold."""


def check(condition, detail="check failed"):
    if not condition:
        raise CheckFailed(detail)


class Project:
    """A git repository with the demo plan, and the ws commands run in it."""

    def __init__(self, ws, plan):
        self.ws_bin = ws
        self.root = tempfile.mkdtemp(prefix="ws-browser-")
        self.env = dict(os.environ, WS_AGENT="alice", GIT_AUTHOR_NAME="alice", GIT_AUTHOR_EMAIL="alice@example.com",
                        GIT_COMMITTER_NAME="alice", GIT_COMMITTER_EMAIL="alice@example.com")
        self.env.pop("WS_STORE", None)
        self.env.pop("WS_NOW", None)
        subprocess.run(["git", "init", "-q", "-b", "main", self.root], check=True)
        shutil.copy(plan, os.path.join(self.root, "plan.yaml"))
        self.ws("init")
        self.ws("plan", "apply", "plan.yaml")

    def ws(self, *args):
        r = subprocess.run([self.ws_bin, *args], cwd=self.root, env=self.env, capture_output=True, text=True)
        if r.returncode != 0:
            raise AssertionError(f"ws {' '.join(args)} failed ({r.returncode}): {r.stderr}")
        return r.stdout

    def close(self):
        shutil.rmtree(self.root, ignore_errors=True)


class Server:
    """`ws serve --port 0` in the project; the port is read from what it prints."""

    def __init__(self, project):
        self.out = tempfile.NamedTemporaryFile(prefix="ws-serve-", delete=False)
        self.process = subprocess.Popen([project.ws_bin, "serve", "--port", "0"], cwd=project.root, env=project.env,
                                        stdout=self.out, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            text = open(self.out.name).read()
            m = re.search(r"the board is at (http://127\.0\.0\.1:\d+)/", text)
            if m:
                self.base = m.group(1)
                return
            if self.process.poll() is not None:
                raise AssertionError("ws serve ended: " + text)
            time.sleep(0.05)
        raise AssertionError("ws serve printed no address")

    def fetch(self, path):
        with urllib.request.urlopen(self.base + path, timeout=20) as r:
            return r.read().decode("utf-8")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        os.unlink(self.out.name)


def main(run, description, options=()):
    """The command line of the browser scripts: --ws, --plan and `options` ((flag, default) pairs);
    `run` gets the parsed arguments, and a check that did not hold exits 1."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--ws", required=True)
    parser.add_argument("--plan", required=True)
    for flag, default in options:
        parser.add_argument(flag, default=default)
    try:
        return run(parser.parse_args())
    except AssertionError as e:
        print("FAIL -", e)
        return 1
