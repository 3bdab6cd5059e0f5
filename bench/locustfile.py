"""The proof's load mix for locust (run by bench/proof_load.py, which writes the plan: the
URLs of real objects and the staff sessions, as JSON in the file named by PROOF_PLAN).

80 % of the users browse and search the public catalogue, 10 % use the open-data API, 10 %
are staff (case managers on their caseload and case pages, steering-group members on the
dashboard and meetings). Each user waits 1–3 s between pages, as a person reading does.
Requests are named by page type, so the report has one line per type.
"""

import json
import os
import random
from pathlib import Path

from locust import HttpUser, between, task

PLAN = json.loads(Path(os.environ["PROOF_PLAN"]).read_text())
HEADERS = {"Accept-Language": "de", "Accept-Encoding": "gzip"}


class Newcomer(HttpUser):
    weight = 8
    wait_time = between(1, 3)

    @task(3)
    def catalogue(self):
        language = random.choice(PLAN["languages"])  # noqa: S311
        self.client.get(f"/{language}/offers/", headers=HEADERS, name="public: catalogue")

    @task(4)
    def search(self):
        query = random.choice(PLAN["searches"])  # noqa: S311
        self.client.get(f"/de/offers/?{query}", headers=HEADERS, name="public: search")

    @task(3)
    def offer(self):
        path = random.choice(PLAN["offers"])  # noqa: S311
        self.client.get(path, headers=HEADERS, name="public: offer page")


class OpenDataClient(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    @task
    def services(self):
        query = random.choice(PLAN["api"])  # noqa: S311
        self.client.get(f"/api/v1/services{query}", headers=HEADERS, name="api: services")


class Staff(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        self.role = random.choice(["case", "steering"])  # noqa: S311
        self.headers = {**HEADERS, "Cookie": PLAN["cookies"][self.role]}

    @task
    def page(self):
        if self.role == "case":
            path = random.choice(PLAN["case_pages"])  # noqa: S311
            name = "staff: case page" if path != "/de/cases/" else "staff: caseload"
        else:
            path = random.choice(PLAN["steering_pages"])  # noqa: S311
            name = "staff: dashboard" if "dashboard" in path else "staff: steering pages"
        self.client.get(path, headers=self.headers, name=name)
