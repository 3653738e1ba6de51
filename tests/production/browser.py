"""A plain HTTP client that behaves as a browser does with the site's pages: it keeps cookies, fills in and posts
the forms it is shown (with their CSRF token and every default a browser would send) and follows redirects.

It also stands where the site's TLS proxy would: the public address is https://HOST (what SITE_URL says, what
e-mailed links use), requests go to gunicorn over plain HTTP with ``X-Forwarded-Proto: https``, and cookies marked
Secure are sent back, as a browser on https sends them.
"""

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import requests

FIRST = object()  # as a value: the first non-empty option of a select, or the first of a radio group


@dataclass
class Field:
    tag: str
    kind: str
    name: str
    value: str = ""
    checked: bool = False
    options: list[tuple[str, str, bool]] = field(default_factory=list)  # (value, label, selected)


@dataclass
class Form:
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)

    def names(self) -> set[str]:
        return {f.name for f in self.fields if f.name}

    def pairs(self, values: dict) -> list[tuple[str, str]]:
        """What a browser sends, with ``values`` (a name's value, list of values, FIRST) put in by hand."""
        sent, done = [], set()
        for f in self.fields:
            if not f.name or f.kind in ("file", "button", "reset", "image"):
                continue
            if f.name in values:
                if f.name not in done:
                    done.add(f.name)
                    sent.extend((f.name, v) for v in self._chosen(f.name, values[f.name]))
                continue
            if f.kind == "submit":
                if f.name not in done:
                    done.add(f.name)
                    sent.append((f.name, f.value))
            elif f.kind in ("checkbox", "radio"):
                if f.checked:
                    sent.append((f.name, f.value))
            elif f.tag == "select":
                selected = [value for value, _, chosen in f.options if chosen]
                sent.extend((f.name, v) for v in (selected or [value for value, _, _ in f.options][:1]))
            else:
                sent.append((f.name, f.value))
        unknown = set(values) - done
        assert not unknown, f"the form has no field {sorted(unknown)}; it has {sorted(self.names())}"
        return sent

    def _chosen(self, name: str, wanted) -> list[str]:
        same = [f for f in self.fields if f.name == name]
        options = [(f.value, f.value) for f in same if f.kind in ("radio", "checkbox")]
        for f in same:
            options += [(value, label) for value, label, _ in f.options]
        if wanted is FIRST:
            return [next(value for value, _ in options if value)]
        wanted = wanted if isinstance(wanted, list) else [wanted]
        if not options:
            return [str(v) for v in wanted]
        chosen = []
        for item in wanted:
            match = [value for value, label in options if str(item) in (value, label)]
            assert match, f"{name} has no option {item!r}; it has {options}"
            chosen.append(match[0])
        return chosen


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: Field | None = None
        self._option: list | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(action=a.get("action", ""), method=a.get("method", "get").lower()))
        if not self.forms:
            return
        form = self.forms[-1]
        if tag == "input":
            kind = a.get("type", "text").lower()
            default = "on" if kind in ("checkbox", "radio") else ""
            form.fields.append(Field("input", kind, a.get("name", ""), a.get("value", default), "checked" in a))
        elif tag == "button" and a.get("name"):
            form.fields.append(Field("button", a.get("type", "submit").lower(), a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = Field("select", "select", a.get("name", ""))
            form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "", "selected" in a]
        elif tag == "textarea":
            self._textarea = Field("textarea", "textarea", a.get("name", ""))
            form.fields.append(self._textarea)

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data
        elif self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            value, label, selected = self._option
            label = " ".join(label.split())
            self._select.options.append((label if value is None else value, label, selected))
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None


@dataclass
class Page:
    url: str  # the public (https) address
    response: requests.Response

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def html(self) -> str:
        return self.response.text

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    def forms(self) -> list[Form]:
        parser = _Parser()
        parser.feed(self.html)
        return parser.forms

    def form(self, *, action: str | None = None, has: str | None = None) -> Form:
        """The page's form posting to an address ending in ``action``, or with a field named ``has``."""
        for form in self.forms():
            if form.method != "post":
                continue
            target = urlsplit(urljoin(self.url, form.action)).path
            if (action is None or target.endswith(action)) and (has is None or has in form.names()):
                return form
        raise AssertionError(f"no form ({action=}, {has=}) on {self.url}:\n{self.text()}")

    def text(self, limit: int = 4000) -> str:
        """The page as a person reads it, for failure messages."""
        body = re.sub(r"(?s)<(script|style|svg)\b.*?</\1>", " ", self.html)
        return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())[:limit]

    def messages(self) -> str:
        """The flash messages and form errors shown, as text."""
        found = re.findall(r'(?s)<div[^>]*class="[^"]*(?:alert|invalid-feedback)[^"]*"[^>]*>(.*?)</div>', self.html)
        return " | ".join(" ".join(unescape(re.sub(r"<[^>]+>", " ", item)).split()) for item in found)


class Browser:
    def __init__(self, *, public: str, upstream: str):
        self.public, self.upstream = public.rstrip("/"), upstream.rstrip("/")
        self.session = requests.Session()
        self.session.headers["X-Forwarded-Proto"] = "https"
        self.session.headers["User-Agent"] = "btb-production-smoke-test"

    def _as_on_https(self) -> None:
        """The site marks its cookies Secure; the client talks plain HTTP to gunicorn but is, to the site, on
        https, so it sends them back as a browser would."""
        for cookie in self.session.cookies:
            cookie.secure = False

    def _public(self, url: str, base: str | None = None) -> str:
        url = urljoin(base or self.public + "/", url)
        assert url.startswith(self.public + "/"), f"{url} is not on the site ({self.public})"
        return url

    def get(self, url: str, *, referer: str | None = None) -> Page:
        url = self._public(url)
        headers = {"Referer": referer} if referer else {}
        for _ in range(10):
            upstream = self.upstream + url[len(self.public) :]
            response = self.session.get(upstream, headers=headers, allow_redirects=False, timeout=30)
            self._as_on_https()
            if response.status_code not in (301, 302, 303, 307, 308):
                return Page(url, response)
            url = self._public(response.headers["Location"], url)
        raise AssertionError(f"too many redirects at {url}")

    def submit(self, page: Page, form: Form, values: dict | None = None, files: dict | None = None) -> Page:
        target = self._public(form.action or page.url, page.url)
        data = form.pairs(values or {})
        response = self.session.request(
            "POST",
            self.upstream + target[len(self.public) :],
            data=data,
            files=files,
            headers={"Referer": page.url, "Origin": self.public},
            allow_redirects=False,
            timeout=60,
        )
        self._as_on_https()
        if response.status_code in (301, 302, 303):
            return self.get(self._public(response.headers["Location"], target), referer=page.url)
        return Page(target, response)
