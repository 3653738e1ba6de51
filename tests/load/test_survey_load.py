"""200 people answer the survey at the same moment, through gunicorn (several worker processes and threads) and
PostgreSQL: no errors, every answer stored, each link used once."""

import os
import re
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.conf import settings

from feedback.models import InvitationUse, SurveyAnswer, SurveyResponse
from feedback.services import survey_ensure
from tests.conftest import ROOT
from tests.events.factories import SummitFactory
from tests.events.tickets.factories import TicketHolderFactory
from tests.feedback.factories import invitation_with_link

pytestmark = pytest.mark.services

PEOPLE = 200


@pytest.fixture
def gunicorn(transactional_db, postgres, redis_broker, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DEBUG": "true",
        # The rate limit stays on (on Redis), raised above this test's 200 posts from one address.
        "RATE_LIMIT_PUBLIC_FORM": "1000/h",
    }
    log = open(tmp_path / "gunicorn.log", "wb")
    command = [sys.executable, "-m", "gunicorn", "btb.wsgi", "-b", f"127.0.0.1:{port}", "-w", "3", "--threads", "8"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(base + "/healthz", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start: " + (tmp_path / "gunicorn.log").read_text()[-2000:])
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_200_simultaneous_survey_answers_are_all_stored(gunicorn):
    from django.core.cache import cache

    cache.clear()  # no rate-limit count left over from other tests
    summit = SummitFactory()
    survey = survey_ensure(summit=summit)
    tokens = [invitation_with_link(survey=survey, holder=TicketHolderFactory(summit=summit))[1] for _ in range(PEOPLE)]
    ready = threading.Barrier(PEOPLE, timeout=120)

    def answer(token: str) -> tuple[int, str]:
        session = requests.Session()
        url = f"{gunicorn}/s/{token}/"
        # A person reads the page before answering: the server closes an idle keep-alive connection meanwhile,
        # so the answer goes on a new one, as a browser's would.
        page = session.get(url, timeout=60, headers={"Connection": "close"})
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        ready.wait()  # everyone posts at once
        response = session.post(
            url,
            {"csrfmiddlewaretoken": csrf, "overall": "4", "recommend": "Yes"},
            headers={"Referer": url},
            allow_redirects=False,
            timeout=120,
        )
        return response.status_code, response.headers.get("Location", "")

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        results = list(pool.map(answer, tokens))
    elapsed = time.monotonic() - started

    statuses = [status for status, _ in results]
    assert statuses == [302] * PEOPLE, {status: statuses.count(status) for status in set(statuses)}
    assert all(location.endswith("/thanks/") or "thank" in location for _, location in results), results[:3]
    assert SurveyResponse.objects.filter(survey=survey).count() == PEOPLE
    assert InvitationUse.objects.filter(invitation__survey=survey).count() == PEOPLE
    assert SurveyAnswer.objects.filter(response__survey=survey).count() == PEOPLE * 2
    print(f"\nload: {PEOPLE} simultaneous survey answers through gunicorn in {elapsed:.1f} s, 0 errors")
