"""The floor under ``bench.load``'s figures (a locustfile): requests that do nothing of their own, through
the same server, so that a run says what the stack itself costs on the machine it ran on. Run by
``bench.load`` one class at a time, never as part of the mix.

- ``StaticFile``: a static file, answered by WhiteNoise near the top of the middleware: the WSGI server,
  the HTTP round trip and locust, and little else.
- ``SignedInNothing``: a signed-in user asking for a page that does not exist: every middleware, the
  session, the user and their permissions, and the 404 page with the navigation bar, but not one query
  of a page's own. Every staff page costs at least this.
"""

from __future__ import annotations

import random

from locust import task
from locust.contrib.fasthttp import FastHttpUser

from bench._load_users import SAMPLE, WAIT

STATIC_FILE = "/static/img/favicon.svg"
NO_SUCH_PAGE = "/no-such-page/"


class StaticFile(FastHttpUser):
    wait_time = WAIT

    @task
    def static_file(self) -> None:
        with self.client.get(STATIC_FILE, name="floor: static file", catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code}")


class SignedInNothing(FastHttpUser):
    wait_time = WAIT

    def on_start(self) -> None:
        session = random.choice(SAMPLE["sessions"]["village"])
        self.headers = {"Cookie": f"{SAMPLE['session_cookie']}={session}"}

    @task
    def no_such_page(self) -> None:
        with self.client.get(NO_SUCH_PAGE, name="floor: signed-in 404 page", headers=self.headers,
                             catch_response=True, allow_redirects=False) as answer:
            # 404 is the answer asked for; anything else (the login form's 302) is a failure.
            if answer.status_code == 404:
                answer.success()
            else:
                answer.failure(f"{answer.status_code}")
