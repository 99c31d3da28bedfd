#!/usr/bin/env python3
"""Browser tests of `ws serve`: a real headless Chromium (Debian's chromium
and chromium-driver) driven through Selenium. Run by BoardBrowserTests (so by
`make test`), or by hand:

    python3 Tests/Browser/board_browser_test.py --ws .build/debug/ws --plan examples/infrastructure-plan.yaml

It makes a repository with the demo plan, starts `ws serve` on a free loopback
port, and checks: the board's columns and cards; cards moving without a reload
within 2 s while `ws complete` and `ws start` run in a shell; a workstream's
page and its handoff; a click on a graph node; a hostile title rendered as
text that runs no script; no page or API answer holding a secret's value.
A screenshot of the board is saved (--screenshot; --docs-screenshot too).
"""
import json
import os
import re
import shutil
import sys
import tempfile
import time

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException, TimeoutException
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    sys.exit("selenium is missing: make test has it in .build/venv-test (scripts/install-deps.sh test)")

from board_harness import Project, Server, check, main as harness_main

SECRET = "s3cret-board-value-91c2e7"
HOSTILE = "<script>window.__xss=1;alert(1)</script>"
MOVE_SECONDS = 2.0


def browser():
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    for path, package in [(chromium, "chromium"), (driver_path, "chromium-driver")]:
        if not os.path.exists(path):
            sys.exit(f"{path} is missing: run scripts/install-deps.sh (apt-get install {package})")
    options = Options()
    options.binary_location = chromium
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1500,950"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver_path), options=options)


def card_column(driver, wid):
    """The column a workstream's card is in, or None."""
    return driver.execute_script(
        "var c = document.getElementById('card-' + arguments[0]);"
        "var col = c && c.closest('[data-column]'); return col ? col.getAttribute('data-column') : null;", wid)


def wait_for_column(driver, wid, column, started):
    try:
        WebDriverWait(driver, MOVE_SECONDS, poll_frequency=0.02).until(lambda d: card_column(d, wid) == column)
    except TimeoutException:
        raise AssertionError(f"card {wid} did not move to {column} within {MOVE_SECONDS} s (it is in {card_column(driver, wid)})")
    return time.time() - started


def no_alert(driver):
    try:
        driver.switch_to.alert
        raise AssertionError("an alert opened: a script ran")
    except NoAlertPresentException:
        pass


def run(args):
    project = Project(os.path.abspath(args.ws), args.plan)
    project.ws("start", "A1")
    project.ws("task", "done", "A1", "1.1")
    project.ws("artifact", "A1", f"DB_PASSWORD={SECRET}", "--secret")
    project.ws("artifact", "A1", "DB_HOST=db.internal")
    project.ws("log", "A1", "Database is up; the cache is next", "--kind", "decision", "--hours", "2")
    project.ws("new", "X9", "--title", HOSTILE, "--depends-on", "A3")
    visited = set()

    def session(server, driver):
        def open_page(path):
            driver.get(server.base + path)
            visited.add(path)
            check(SECRET not in driver.page_source, f"{path} shows the secret's value")

        # The board: columns and cards.
        open_page("/")
        columns = [e.get_attribute("data-column") for e in driver.find_elements(By.CSS_SELECTOR, "[data-column]")]
        check(columns == ["ready", "in_progress", "waiting", "completed", "cancelled"], columns)
        check(card_column(driver, "A1") == "in_progress")
        check(card_column(driver, "A2") == "waiting" and card_column(driver, "A3") == "waiting")
        a1 = driver.find_element(By.ID, "card-A1").text
        check("Infrastructure setup" in a1 and "@alice" in a1 and "1/5 tasks" in a1, a1)
        check("waits on A1" in driver.find_element(By.ID, "card-A2").text)
        print("ok - board: columns", columns, "and cards in place")

        # Live: the cards move while ws runs in a shell, without a reload.
        driver.execute_script("window.__sameDocument = 'still here';")
        for task in json.loads(project.ws("show", "A1", "--json"))["tasks"]:
            if not task["done"]:
                project.ws("task", "done", "A1", task["id"])
        started = time.time()
        project.ws("complete", "A1", "--summary", "Database and cache are **up**.", "--next", "Run the migrations")
        took = wait_for_column(driver, "A1", "completed", started)
        wait_for_column(driver, "A2", "ready", started)
        print(f"ok - live: A1 moved to completed and A2 to ready {took:.2f} s after ws complete")
        started = time.time()
        project.ws("start", "A2", "--agent", "bob")
        took = wait_for_column(driver, "A2", "in_progress", started)
        check(driver.execute_script("return window.__sameDocument") == "still here", "the page was reloaded")
        a2 = driver.find_element(By.ID, "card-A2").text
        check("@bob" in a2 and "lease to" in a2, a2)
        print(f"ok - live: A2 moved to in progress {took:.2f} s after ws start, same document")
        os.makedirs(os.path.dirname(os.path.abspath(args.screenshot)), exist_ok=True)
        driver.save_screenshot(args.screenshot)
        if args.docs_screenshot:
            driver.save_screenshot(args.docs_screenshot)
        print("ok - screenshot:", args.screenshot)

        # A workstream's page, then its handoff.
        driver.find_element(By.CSS_SELECTOR, "#card-A1 a.card-title").click()
        WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/w/A1"))
        visited.add("/w/A1")
        page = driver.find_element(By.TAG_NAME, "main").text
        check("Infrastructure setup" in page and "DB_PASSWORD" in page and "db.internal" in page, page)
        check(SECRET not in driver.page_source, "the workstream page shows the secret's value")
        brief_heading = driver.find_element(By.CSS_SELECTOR, ".brief h3").text
        check(brief_heading.startswith("Workstream A1"), brief_heading)
        driver.find_element(By.ID, "handoff-link").click()
        WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/w/A1/handoff"))
        visited.add("/w/A1/handoff")
        handoff = driver.find_element(By.ID, "handoff").text
        check("Handoff: A1 Infrastructure setup" in handoff and "Run the migrations" in handoff, handoff)
        strong = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#handoff p strong")]
        check("up" in strong, f"the summary's Markdown is not rendered: {strong}")
        print("ok - workstream page and its handoff")

        # The graph: marked nodes, and a click opens the node's page.
        open_page("/graph")
        check(driver.find_elements(By.CSS_SELECTOR, "svg.graph g.node.status-ready"), "no ready node marked")
        check(driver.find_elements(By.CSS_SELECTOR, "svg.graph g.node.critical"), "no critical-path node marked")
        notes = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "main p.note")]
        check(not notes, f"the graph was not laid out by Graphviz: {notes}")
        driver.find_element(By.CSS_SELECTOR, "svg.graph g.node[data-id='A3'] rect").click()
        WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/w/A3"))
        print("ok - graph: a click on A3 opened its page")

        # A hostile title is text, and no script ran.
        open_page("/")
        title = driver.find_element(By.CSS_SELECTOR, "#card-X9 .title").text
        check(title == HOSTILE, title)
        open_page("/w/X9")
        check(driver.find_element(By.TAG_NAME, "h1").text.endswith(HOSTILE))
        open_page("/blocked")
        check("X9" in driver.find_element(By.ID, "blocked-X9").text)
        check(driver.execute_script("return window.__xss") is None, "the hostile title ran as a script")
        no_alert(driver)
        print("ok - the hostile title is shown as text and ran nothing")

        # No request serves the secret's value: every page linked from the pages, and the API.
        open_page("/history")
        links = set()
        for path in list(visited) + ["/blocked", "/graph?view=critical", "/graph?focus=A1", "/?all=1"]:
            links.update(re.findall(r'href="(/[^"]*)"', server.fetch(path)))
        links.update(["/api/status", "/api/ready", "/api/blocked", "/api/graph", "/api/critical-path", "/api/events?since=0",
                      "/api/workstreams/A1", "/api/head"])
        for path in sorted(links):
            check(SECRET not in server.fetch(path.replace("&amp;", "&")), f"{path} serves the secret's value")
        print(f"ok - no secret in {len(links)} pages, files and API answers")
        return 0

    return in_browser(project, session)


def in_browser(project, session):
    """`session(server, driver)` with `ws serve` running in the project and a headless Chromium;
    both are stopped and the project removed afterwards, whatever happened."""
    server = Server(project)
    try:
        driver = browser()
        try:
            return session(server, driver)
        finally:
            driver.quit()
    finally:
        server.stop()
        project.close()


if __name__ == "__main__":
    screenshot = os.path.join(tempfile.gettempdir(), "ws-board.png")
    sys.exit(harness_main(run, __doc__.splitlines()[0], [("--screenshot", screenshot), ("--docs-screenshot", None)]))
