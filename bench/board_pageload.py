#!/usr/bin/env python3
"""Page load of the board in headless Chromium (Selenium): Navigation Timing's
duration (request to load event end) and DOMContentLoaded, median of 5
loads each; prints Markdown table rows for bench/board.sh."""
import shutil
import statistics
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

base = sys.argv[1]
options = Options()
options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1500,950"]:
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
try:
    for path in ["/", "/?all=1", "/graph", "/blocked"]:
        loads, ready = [], []
        for _ in range(5):
            driver.get(base + path)
            nav = driver.execute_script("var n = performance.getEntriesByType('navigation')[0];"
                                        "return [n.duration, n.domContentLoadedEventEnd];")
            loads.append(nav[0])
            ready.append(nav[1])
        cards = driver.execute_script("return document.querySelectorAll('.card').length")
        print(f"| `{path}` in headless Chromium ({cards} cards), load event | {statistics.median(loads):.0f} ms "
              f"| DOMContentLoaded {statistics.median(ready):.0f} ms | — | — |")
finally:
    driver.quit()
