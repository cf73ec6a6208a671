"""Polite, suspicious HTTP: one request at a time, retries with backoff, and bodies checked
for what they claim to be before anything is written.

The official repository answers a missing file with HTTP 200 (or a 302 to
".../Errors/404.htm", "fout404") and an HTML error page, so a status code proves nothing:
a PDF must start with %PDF- and end with %%EOF, an XML file must be well-formed XML that is
not HTML, and a body must be as long as its Content-Length says.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests
from lxml import etree

USER_AGENT = "kamervragen-archief-fetch/0.1 (one request at a time)"
_ERROR_PAGE = re.compile(r"/Errors/|fout404|/404\.htm", re.I)
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!DOCTYPE\s+html|html)\b", re.I | re.S
)


class Missing(Exception):
    """The file is not there (404, an HTML error page, the wrong kind of file): no retry."""


class Transient(Exception):
    """Worth another try: 5xx, 429, a timeout, a dropped connection, a truncated body."""


@dataclass
class Fetched:
    body: bytes
    url: str  # after redirects


def check_pdf(body: bytes) -> None:
    if not body.lstrip()[:5] == b"%PDF-":
        raise Missing(f"not a PDF (starts with {body[:16]!r})")
    if b"%%EOF" not in body[-2048:]:
        raise Transient("truncated PDF: no %%EOF at the end")


def check_xml(body: bytes) -> None:
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.fromstring(body, parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        if _HTML_START.match(body[:2048]):
            raise Missing("an HTML page, not XML") from None
        raise Transient(f"not well-formed XML ({error})") from None
    if etree.QName(root).localname.lower() == "html":
        raise Missing("an HTML page, not XML")


CHECKS: dict[str, Callable[[bytes], None]] = {"pdf": check_pdf, "xml": check_xml}


def is_intact(path: Path, kind: str) -> bool:
    """A file already on disk passes the same checks as a fresh download."""
    try:
        CHECKS[kind](path.read_bytes())
    except (Missing, Transient, OSError):
        return False
    return True


class Client:
    """requests with a pause between requests, bounded retries and exponential backoff."""

    def __init__(
        self,
        delay: float = 1.0,
        retries: int = 4,
        backoff: float = 2.0,
        timeout: float = 60.0,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.delay = delay
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.sleep = sleep
        self._last = 0.0
        self.requests = 0

    def get(self, url: str, check: Callable[[bytes], None] | None = None) -> Fetched:
        """The body at `url`, checked; Missing or Transient (after the last retry)."""
        attempt = 0
        while True:
            try:
                fetched = self._once(url)
                if _ERROR_PAGE.search(fetched.url) and fetched.url != url:
                    raise Missing(f"redirected to an error page ({fetched.url})")
                if check is not None:
                    check(fetched.body)
                return fetched
            except Transient as error:
                attempt += 1
                if attempt > self.retries:
                    raise Transient(f"{error} (gave up after {attempt} tries)") from None
                wait = self.backoff * 2 ** (attempt - 1)
                retry_after = getattr(error, "retry_after", None)
                self.sleep(min(max(wait, retry_after or 0), 300))

    def _pause(self) -> None:
        wait = self._last + self.delay - time.monotonic()
        if wait > 0:
            self.sleep(wait)
        self._last = time.monotonic()

    def _once(self, url: str) -> Fetched:
        self._pause()
        self.requests += 1
        try:
            with self.session.get(url, timeout=self.timeout, stream=True) as response:
                status = response.status_code
                if status == 429 or status >= 500:
                    error = Transient(f"HTTP {status}")
                    after = response.headers.get("Retry-After", "")
                    error.retry_after = float(after) if after.isdigit() else None  # type: ignore[attr-defined]
                    raise error
                if status >= 400:
                    raise Missing(f"HTTP {status}")
                body = b"".join(response.iter_content(65536))
                final = response.url
                declared = response.headers.get("Content-Length", "")
                encoded = response.headers.get("Content-Encoding", "identity") != "identity"
                content_type = response.headers.get("Content-Type", "")
        except requests.exceptions.RequestException as error:
            raise Transient(f"{type(error).__name__}: {_short(error)}") from None
        finally:
            self._last = time.monotonic()
        if declared.isdigit() and not encoded and len(body) != int(declared):
            raise Transient(f"truncated body: {len(body)} of {declared} bytes")
        if _ERROR_PAGE.search(final) and final != url:
            raise Missing(f"redirected to an error page ({final})")
        if "html" in content_type.lower() or _HTML_START.match(body[:2048]):
            raise Missing(f"the server answered with an HTML page ({final})")
        return Fetched(body, final)


def _short(error: Exception) -> str:
    text = str(error)
    return text if len(text) < 160 else text[:157] + "..."


def write_atomic(path: Path, body: bytes) -> None:
    """Through a temporary file beside the target and a rename: never a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
