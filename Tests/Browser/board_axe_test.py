#!/usr/bin/env python3
"""The board's accessibility audit: axe-core (the copy in PyPI's axe-selenium-python)
in a real headless Chromium on every kind of board page. Run by BoardAccessibilityTests
(so by `make test`), or by hand:

    python3 Tests/Browser/board_axe_test.py --ws .build/debug/ws --plan examples/infrastructure-plan.yaml

Each page must have no serious or critical violation and exactly one h1; every link
and form control must be reachable with the Tab key, as on any page of links.
"""
import os
import sys

try:
    from axe_selenium_python import Axe
except ImportError:
    sys.exit("axe-selenium-python is missing: run scripts/install-deps.sh (pip install axe-selenium-python)")

from board_browser_test import in_browser
from board_harness import Project, check, main as harness_main

PAGES = ["/", "/?all=1", "/?q=Backend", "/w/A1", "/w/A1/handoff", "/w/A3", "/w/NOPE", "/graph",
         "/graph?view=critical", "/graph?focus=A1&depth=1", "/blocked", "/history", "/history?stream=A1"]


def audit(driver, path):
    """axe's serious and critical violations on the page, and its number of h1 elements."""
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    bad = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    return bad, len(driver.find_elements("css selector", "h1"))


def describe(violations):
    return "; ".join(f"{v['id']} ({v['impact']}) on {len(v['nodes'])}: " +
                     " | ".join(n.get("failureSummary", "").replace("\n", " ")[:160] + " at " + str(n.get("target"))
                                for n in v["nodes"][:3]) for v in violations)


def tab_reaches_every_control(driver):
    """Tab from the top through the page: each link, button and field gets focus in turn."""
    wanted = driver.execute_script(
        "return Array.from(document.querySelectorAll('a[href], button, input, select, summary'))"
        ".filter(e => e.getClientRects().length > 0).length")
    seen = set()
    for _ in range(wanted + 5):
        driver.switch_to.active_element.send_keys("\ue004")  # Tab
        key = driver.execute_script("var e = document.activeElement; return e === document.body ? null : "
                                    "(e.outerHTML.slice(0, 120) + '#' + Array.from(document.querySelectorAll('*')).indexOf(e))")
        if key:
            seen.add(key)
    return len(seen), wanted


def run(args):
    project = Project(os.path.abspath(args.ws), args.plan)
    project.ws("start", "A1")
    project.ws("task", "done", "A1", "1.1")
    project.ws("log", "A1", "Database is up", "--kind", "decision", "--hours", "2")
    for task in ["1.2", "1.3", "2.1", "2.2"]:
        project.ws("task", "done", "A1", task)
    project.ws("complete", "A1", "--summary", "Database and cache are **up**.", "--next", "Run the migrations")
    project.ws("start", "A2", "--agent", "bob")
    project.ws("start", "A3", "--agent", "carol")
    project.ws("block", "A3", "--reason", "waiting for the TLS certificate", "--agent", "carol")
    # The board at a later clock: A2's lease has run out, so its page and card carry that mark too.
    project.env["WS_NOW"] = "2099-01-01T00:00:00.000Z"

    def session(server, driver):
        failures = []
        for path in PAGES:
            driver.get(server.base + path)
            violations, h1 = audit(driver, path)
            if violations:
                failures.append(f"{path}: {describe(violations)}")
            if h1 != 1:
                failures.append(f"{path}: {h1} h1 elements")
            print(f"{'ok' if not violations and h1 == 1 else 'not ok'} - {path}: "
                  f"{len(violations)} serious or critical violations, {h1} h1")
        driver.get(server.base + "/graph")
        reached, wanted = tab_reaches_every_control(driver)
        check(reached >= wanted, f"/graph: Tab reached {reached} of {wanted} links and controls")
        print(f"ok - keyboard: Tab reaches all {wanted} links and controls of /graph")
        check(not failures, "\n".join(failures))
        return 0

    return in_browser(project, session)


if __name__ == "__main__":
    sys.exit(harness_main(run, __doc__.splitlines()[0]))
