"""TEST DATA: a loopback stand-in for KOOP's repository (SRU 2.0 and FRBR file paths) and
the Tweede Kamer's OData service, serving real corpus PDFs and XML/metadata made from them.

Responses follow the documented layout: `sru:searchRetrieveResponse` (namespace
http://docs.oasis-open.org/ns/search-ws/sruResponse) with numberOfRecords, records of
`gzd:gzd` (http://standaarden.overheid.nl/sru) holding originalData/meta/owmskern
(dcterms:identifier, title, type, creator, modified), owmsmantel (dcterms:available),
tpmeta (product-area, publicatienaam, vergaderjaar) and enrichedData (url, preferredUrl,
itemUrl manifestation=…, timestamp), and nextRecordPosition while more remain. Files sit at
/frbr/officielepublicaties/<type>/<group>/<id>/1/<manifestation>/<file>.

Faults, set per test: `fail_once` (path -> status served once, e.g. 503), `fake_404`
(paths answered 302 -> /Errors/404.htm, an HTML page with status 200), `html_200` (paths
answered 200 text/html), `truncate_once` / `truncate_always` (paths whose body stops
short of its Content-Length), `short_pages` (startRecord -> how many records that page
holds, fewer than asked), `hang_once` (paths answered after a delay longer than the
client's timeout).
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse
from xml.sax.saxutils import escape

SRU_NS = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
GZD_NS = "http://standaarden.overheid.nl/sru"


@dataclass
class Letter:
    id: str
    files: dict[str, bytes]  # manifestation -> body
    title: str = ""
    available: str = "2024-03-07"
    publication: str = "Kamervragen (Aanhangsel)"
    zaak: dict | None = None  # OData Zaak row for --with-threads


def frbr_path(letter: Letter, manifestation: str) -> str:
    kind, rest = letter.id.split("-", 1)
    group = rest.rsplit("-", 1)[0]
    name = "metadata.xml" if manifestation == "metadata" else f"{letter.id}.{manifestation}"
    return f"/frbr/officielepublicaties/{kind}/{group}/{letter.id}/1/{manifestation}/{name}"


@dataclass
class StandIn:
    letters: list[Letter]
    fail_once: dict[str, int] = field(default_factory=dict)
    fake_404: set[str] = field(default_factory=set)
    html_200: set[str] = field(default_factory=set)
    truncate_once: set[str] = field(default_factory=set)
    truncate_always: set[str] = field(default_factory=set)
    short_pages: dict[int, int] = field(default_factory=dict)
    hang_once: dict[str, float] = field(default_factory=dict)
    omit_next_position: bool = False
    requests: Counter = field(default_factory=Counter)
    queries: list[dict[str, list[str]]] = field(default_factory=list)
    base: str = ""

    def __post_init__(self) -> None:
        self.files = {
            frbr_path(letter, m): body
            for letter in self.letters
            for m, body in letter.files.items()
        }
        self._served: Counter = Counter()
        self._lock = threading.Lock()

    # --- the server ------------------------------------------------------------------
    def __enter__(self) -> StandIn:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                standin.handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    @property
    def sru_url(self) -> str:
        return f"{self.base}/sru"

    @property
    def odata_url(self) -> str:
        return f"{self.base}/odata/"

    def file_requests(self) -> int:
        return sum(n for path, n in self.requests.items() if path.startswith("/frbr/"))

    # --- routing -----------------------------------------------------------------------
    def handle(self, request: BaseHTTPRequestHandler) -> None:
        parsed = urlparse(request.path)
        path = unquote(parsed.path)
        with self._lock:
            self.requests[path] += 1
            first = self._served[path] == 0
            self._served[path] += 1
        if path in self.fail_once and first:
            return self.send(request, self.fail_once[path], b"busy", "text/plain")
        if path in self.hang_once and first:
            time.sleep(self.hang_once[path])
        if path == "/sru":
            return self.sru(request, parse_qs(parsed.query))
        if path.startswith("/odata/Zaak"):
            return self.odata(request, parse_qs(parsed.query))
        if path == "/Errors/404.htm":
            page = b"<!DOCTYPE html><html><body><h1>Pagina niet gevonden</h1></body></html>"
            return self.send(request, 200, page, "text/html; charset=utf-8")
        if path in self.fake_404:
            request.send_response(302)
            request.send_header("Location", f"{self.base}/Errors/404.htm")
            request.send_header("Content-Length", "0")
            request.end_headers()
            return None
        if path in self.html_200:
            page = b"<html><head><title>fout404</title></head><body>Niet gevonden</body></html>"
            return self.send(request, 200, page, "text/html")
        if path in self.files:
            body = self.files[path]
            kind = "application/pdf" if path.endswith(".pdf") else "application/xml"
            if path in self.truncate_always or (path in self.truncate_once and first):
                return self.send(request, 200, body, kind, cut=len(body) // 2)
            return self.send(request, 200, body, kind)
        return self.send(request, 404, b"not found", "text/plain")

    def send(
        self, request: BaseHTTPRequestHandler, status: int, body: bytes, kind: str, cut: int = 0
    ) -> None:
        request.send_response(status)
        request.send_header("Content-Type", kind)
        request.send_header("Content-Length", str(len(body)))
        if cut:
            request.send_header("Connection", "close")
            request.close_connection = True
        request.end_headers()
        request.wfile.write(body[:cut] if cut else body)

    def sru(self, request: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        self.queries.append(query)
        cql = query.get("query", [""])[0]
        start = int(query.get("startRecord", ["1"])[0])
        size = int(query.get("maximumRecords", ["10"])[0])
        matching = [x for x in self.letters if x.publication in cql]
        if "dt.available>=2030" in cql:
            matching = []  # an empty result
        size = self.short_pages.get(start, size)
        page = matching[start - 1 : start - 1 + size]
        following = start + len(page)
        records = "".join(self.record(x, start + i) for i, x in enumerate(page))
        nxt = (
            f"<sru:nextRecordPosition>{following}</sru:nextRecordPosition>"
            if following <= len(matching) and not self.omit_next_position
            else ""
        )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sru:searchRetrieveResponse xmlns:sru="{SRU_NS}" xmlns:gzd="{GZD_NS}" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:overheidwetgeving="http://standaarden.overheid.nl/wetgeving/" '
            'xmlns:c="http://standaarden.overheid.nl/collectie/">'
            "<sru:version>2.0</sru:version>"
            f"<sru:numberOfRecords>{len(matching)}</sru:numberOfRecords>"
            f"<sru:records>{records}</sru:records>{nxt}"
            "</sru:searchRetrieveResponse>"
        ).encode()
        self.send(request, 200, body, "text/xml; charset=utf-8")

    def record(self, letter: Letter, position: int) -> str:
        items = "".join(
            f'<gzd:itemUrl manifestation="{m}">{self.base}{frbr_path(letter, m)}</gzd:itemUrl>'
            for m in letter.files
        )
        main = f"{self.base}{frbr_path(letter, 'pdf' if 'pdf' in letter.files else 'xml')}"
        return (
            "<sru:record><sru:recordSchema>gzd</sru:recordSchema>"
            "<sru:recordPacking>xml</sru:recordPacking><sru:recordData><gzd:gzd>"
            "<gzd:originalData><overheidwetgeving:meta><overheidwetgeving:owmskern>"
            f"<dcterms:identifier>{letter.id}</dcterms:identifier>"
            f"<dcterms:title>{escape(letter.title)}</dcterms:title>"
            '<dcterms:type scheme="OVERHEIDop.Parlementair">Kamervragen</dcterms:type>'
            "<dcterms:creator>Tweede Kamer der Staten-Generaal</dcterms:creator>"
            f"<dcterms:modified>{letter.available}</dcterms:modified>"
            "</overheidwetgeving:owmskern><overheidwetgeving:owmsmantel>"
            f"<dcterms:available>{letter.available}</dcterms:available>"
            "</overheidwetgeving:owmsmantel><overheidwetgeving:tpmeta>"
            "<c:product-area>officielepublicaties</c:product-area>"
            f"<overheidwetgeving:publicatienaam>{escape(letter.publication)}"
            "</overheidwetgeving:publicatienaam>"
            "</overheidwetgeving:tpmeta></overheidwetgeving:meta></gzd:originalData>"
            f"<gzd:enrichedData><gzd:url>{main}</gzd:url>"
            f"<gzd:preferredUrl>{self.base}/{letter.id}.html</gzd:preferredUrl>{items}"
            "<gzd:timestamp>2024-03-07T10:00:00.000+01:00</gzd:timestamp>"
            f"</gzd:enrichedData></gzd:gzd></sru:recordData>"
            f"<sru:recordPosition>{position}</sru:recordPosition></sru:record>"
        )

    def odata(self, request: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        condition = query.get("$filter", [""])[0]
        rows = [x.zaak for x in self.letters if x.zaak and f"'{x.zaak['Nummer']}'" in condition]
        body = json.dumps({"@odata.context": "stand-in", "value": rows[:1]}).encode()
        self.send(request, 200, body, "application/json; charset=utf-8")
