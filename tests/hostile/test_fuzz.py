"""Out-of-range values in every form and every filter: a message, a 400 or a 404, never a 500.

Each page of the access matrix is opened by a role that may use it; every form on it (filters sent by GET, forms
sent by POST) is then sent with each hostile value in every field at once, then with a few in one field at a time
while the others keep the page's own values (so the form gets as far as saving them); and the page's query string
gets each value in every parameter its filters name, ``page`` included."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from tests import test_access_matrix
from tests.access import ANON, COORD, OVER, VOL

_matrix_data = test_access_matrix._matrix_data  # built once per module
matrix_context = test_access_matrix.matrix_context

HOSTILE = [
    "99999999999999999999",
    "-99999999999999999999",
    "2147483648",
    "9223372036854775808",
    "²",
    "١٢",
    "1e400",
    "NaN",
    "-1",
    "9999-12-31",
    "0001-01-01",
    "99999-01-01",
    "x" * 5000,
    "\x00",
]
# Sent in one field at a time, the others keeping the page's own values, so that the form gets as far as saving.
PER_FIELD = ["99999999999999999999", "2147483648", "²", "0001-01-01", "\x00"]
# Fixed query strings the probe found, beside whatever the forms name.
QUERIES = {
    "reports:dashboard": ["period=custom&date_from=9999-12-31&date_to=9999-12-31"],
    "reports:board_report": ["period=custom&date_from=9999-12-31&date_to=9999-12-31"],
    "reports:workbook": ["period=custom&date_from=9999-12-31&date_to=9999-12-31"],
    "reports:sheet_csv": ["period=custom&date_from=9999-12-31&date_to=9999-12-31"],
    "feedback:interest": ["appearance=%C2%B2", "appearance=99999999999999999999", "summit=%00"],
}


class FormParser(HTMLParser):
    """The forms of a page: method, action, and each field's name with the value the page would send."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.current = None
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            self.current = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action"),
                "fields": {},
            }
            self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag == "input" and name and name != "csrfmiddlewaretoken" and attrs.get("type") not in ("file", "submit"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs or name not in self.current["fields"]:
                    self.current["fields"][name] = attrs.get("value", "on")
            else:
                self.current["fields"][name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self.select = name
            self.current["fields"].setdefault(name, "")
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if "selected" in attrs or (not self.current["fields"][self.select] and value):
                self.current["fields"][self.select] = value
        elif tag == "textarea" and name:
            self.textarea = name
            self.current["fields"][name] = ""

    def handle_data(self, data):
        if self.textarea and self.current is not None:
            self.current["fields"][self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def role_for(row) -> str | None:
    for role in (COORD, VOL, ANON, OVER):
        if row.expect.get(role) == 200:
            return role
    return None


CASES = sorted(name for name, row in test_access_matrix.MATRIX.items() if role_for(row))
SKIP = {"accounts:logout"}  # signs the client out, which the rest of the test needs


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("url_name", [name for name in CASES if name not in SKIP])
def test_hostile_values_in_forms_and_filters_never_make_a_500(url_name, matrix_context):
    row = test_access_matrix.MATRIX[url_name]
    role = role_for(row)
    client = Client(raise_request_exception=False)
    if matrix_context["users"][role] is not None:
        client.force_login(matrix_context["users"][role])
    url = reverse(url_name, kwargs=row.kwargs(matrix_context))
    problems = []
    for query in QUERIES.get(url_name, []):
        status = client.get(f"{url}?{query}").status_code
        if status >= 500:
            problems.append(f"GET {url}?{query}: {status}")
    page = client.get(url + row.query)
    if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
        assert problems == [], "\n".join(problems)
        return
    parser = FormParser()
    parser.feed(page.content.decode(errors="replace"))
    queries = []
    get_names = {"page"} | {name for form in parser.forms if form["method"] == "get" for name in form["fields"]}
    for value in HOSTILE:
        queries.append("&".join(f"{name}={_quote(value)}" for name in sorted(get_names)))
        if value in PER_FIELD:
            queries += [f"{name}={_quote(value)}" for name in sorted(get_names)]
    for query in queries:
        status = client.get(f"{url}?{query}").status_code
        if status >= 500:
            problems.append(f"GET {url}?{query[:120]}: {status}")
    for form in parser.forms:
        if form["method"] != "post" or not form["fields"]:
            continue
        target = form["action"] or url
        if not target.startswith("/") or target.startswith("/accounts/logout"):
            continue
        for value in HOSTILE:
            status = client.post(target, dict.fromkeys(form["fields"], value)).status_code
            if status >= 500:
                problems.append(f"POST {target} every field={value[:30]!r}: {status}")
        for name in sorted(form["fields"]):
            for value in PER_FIELD:
                status = client.post(target, {**form["fields"], name: value}).status_code
                if status >= 500:
                    problems.append(f"POST {target} {name}={value[:30]!r}: {status}")
    assert problems == [], "\n".join(problems)


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")
