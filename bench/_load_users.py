"""The simulated users of ``bench.load`` (a locustfile): the six kinds of people who use minzheng, each
doing what they do most, on targets drawn at random across the whole city (``LOAD_SAMPLE``, written by
``bench.load``). Staff are signed in already, as an hour into a working day (``bench.load`` made their
sessions, as a sign-in does), and read pages; the API client holds a token. Sign-ins themselves are not
played: each costs a deliberate Argon2 hash of 100 MB and about 100 ms of CPU, and sixty at once in the
first seconds of a one-minute run would measure the hash, not the pages.

Run by ``bench.load`` through ``locust --headless -f bench/_load_users.py``, not by hand.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

SAMPLE = json.loads(Path(os.environ["LOAD_SAMPLE"]).read_text(encoding="utf-8"))
# Think time between one person's clicks. The load is many such people at once.
WAIT = between(0.05, 0.25)


class Staff(FastHttpUser):
    abstract = True
    wait_time = WAIT
    role = ""

    def on_start(self) -> None:
        session = random.choice(SAMPLE["sessions"][self.role])
        self.headers = {"Cookie": f"{SAMPLE['session_cookie']}={session}"}

    def page(self, url: str, name: str) -> None:
        # A page that answers the login form instead (a session not taken) counts as a failure too.
        with self.client.get(url, name=name, headers=self.headers, catch_response=True,
                             allow_redirects=False) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code}")


class DibaoOfficer(Staff):
    """A county officer working the dibao queue: the queue, an application, a person, the enrollments."""

    weight = 3
    role = "officer"

    @task(3)
    def queue(self) -> None:
        self.page("/benefits/applications/", "officer: application queue")

    @task(4)
    def application(self) -> None:
        self.page(f"/benefits/applications/{random.choice(SAMPLE['officer']['applications'])}/", "officer: application")

    @task(4)
    def person(self) -> None:
        self.page(f"/people/{random.choice(SAMPLE['officer']['people'])}/", "officer: person")

    @task(1)
    def reviews(self) -> None:
        self.page("/benefits/enrollments/reviews/", "officer: reviews due")


class VillageWorker(Staff):
    """A village worker on a phone: the village's people and households."""

    weight = 4
    role = "village"

    @task(2)
    def people(self) -> None:
        self.page("/people/", "village: people list")

    @task(5)
    def person(self) -> None:
        self.page(f"/people/{random.choice(SAMPLE['village']['people'])}/", "village: person")

    @task(3)
    def household(self) -> None:
        self.page(f"/people/households/{random.choice(SAMPLE['village']['households'])}/", "village: household")


class CareHome(Staff):
    """A care home's operator: the home's beds."""

    weight = 1
    role = "carehome"

    @task(2)
    def homes(self) -> None:
        self.page("/eldercare/beds/", "care home: homes")

    @task(3)
    def beds(self) -> None:
        self.page(f"/eldercare/beds/homes/{random.choice(SAMPLE['carehome']['homes'])}/", "care home: beds")


class Registrar(Staff):
    """A marriage registrar: the desk and the county's records."""

    weight = 1
    role = "registrar"

    @task(1)
    def desk(self) -> None:
        self.page("/marriage/registrations/", "registrar: desk")

    @task(3)
    def record(self) -> None:
        self.page(f"/marriage/registrations/records/{random.choice(SAMPLE['registrar']['marriages'])}/",
                  "registrar: marriage record")


class Auditor(Staff):
    """The auditor reading the audit and access logs, page by page."""

    weight = 1
    role = "auditor"

    @task(1)
    def audit(self) -> None:
        self.page(f"/audit/?page={random.randint(1, 20)}", "auditor: audit log")

    @task(1)
    def access(self) -> None:
        self.page(f"/audit/access/?page={random.randint(1, 20)}", "auditor: access log")


class Resident(FastHttpUser):
    """A resident: scans a doorplate, or looks for the nearest meal site from where they stand."""

    weight = 6
    wait_time = WAIT

    @task(4)
    def doorplate(self) -> None:
        with self.client.get(f"/d/{random.choice(SAMPLE['doorplates'])}", name="resident: doorplate page",
                             catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code}")

    @task(1)
    def meal_sites(self) -> None:
        lng, lat = random.choice(SAMPLE["points"])
        with self.client.get(f"/meal-sites/?lng={lng}&lat={lat}&coord=wgs84", name="resident: nearest meal sites",
                             catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code}")


class ApiClient(FastHttpUser):
    """Another department's system on the API: address matching, and a person by id."""

    weight = 3
    wait_time = WAIT

    def on_start(self) -> None:
        self.headers = {"Authorization": f"Token {SAMPLE['token']}"}

    @task(3)
    def match(self) -> None:
        with self.client.get("/api/addresses/match/", params={"q": random.choice(SAMPLE["addresses"])},
                             headers=self.headers, name="api: address match", catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code}")

    @task(2)
    def person(self) -> None:
        with self.client.get(f"/api/people/{random.choice(SAMPLE['api']['people'])}/", headers=self.headers,
                             name="api: person", catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code}")
