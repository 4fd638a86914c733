"""Locust users for perf/web.py: each signs in with one of the speed script's accounts (round-robin over the
analyst, manager and viewer), then loops over the pages and the API with a short wait.

perf/web.py runs it; by hand (against a server it has set up):
    CSC_BENCH_ACCOUNTS='[{"username": ..., "password": ..., "token": ...}, ...]' CSC_BENCH_LA=990 \\
    locust -f perf/locustfile.py --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:PORT

A response counts as a failure when its status is not 200 or when a page sends the user back to sign in (a
lost session), so "0 failures" means every user saw every page it asked for.
"""

from __future__ import annotations

import itertools
import json
import os
import re

from locust import HttpUser, between, task

ACCOUNTS = json.loads(os.environ.get("CSC_BENCH_ACCOUNTS", "[]"))
LA_CODE = os.environ.get("CSC_BENCH_LA", "990")
YEAR = os.environ.get("CSC_BENCH_YEAR", "2025")
WAIT = tuple(float(s) for s in os.environ.get("CSC_BENCH_WAIT", "0.2,1.0").split(","))  # seconds between requests
_next_account = itertools.count()
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class CouncilUser(HttpUser):
    wait_time = between(WAIT[0], WAIT[1])

    def on_start(self) -> None:
        if not ACCOUNTS:
            raise RuntimeError("Set CSC_BENCH_ACCOUNTS (perf/web.py does).")
        self.account = ACCOUNTS[next(_next_account) % len(ACCOUNTS)]
        with self.client.get("/sign-in/", name="sign-in GET", catch_response=True) as response:
            found = CSRF_INPUT.search(response.text)
            if response.status_code != 200 or not found:
                response.failure(f"sign-in page: status {response.status_code}, CSRF token found: {bool(found)}")
                return
        form = {"username": self.account["username"], "password": self.account["password"]}
        form["csrfmiddlewaretoken"] = found.group(1)
        with self.client.post("/sign-in/", data=form, name="sign-in POST", catch_response=True) as response:
            if response.status_code != 200 or "/sign-in/" in response.url:
                response.failure(f"sign-in failed: status {response.status_code}, ended at {response.url}")

    def _page(self, path: str) -> None:
        with self.client.get(path, name=path, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif "/sign-in/" in response.url:
                response.failure("sent to sign in: the session was lost")

    @task
    def home(self) -> None:
        self._page("/")

    @task
    def council(self) -> None:
        self._page(f"/councils/{LA_CODE}/")

    @task
    def measures(self) -> None:
        self._page(f"/measures/?year={YEAR}")

    @task
    def api(self) -> None:
        path = f"/api/measures?year={YEAR}"
        headers = {"Authorization": f"Bearer {self.account['token']}"}
        with self.client.get(path, name=path, headers=headers, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            else:
                try:
                    rows = response.json()
                except ValueError:
                    response.failure("not JSON")
                    return
                if not rows:
                    response.failure("no rows")
