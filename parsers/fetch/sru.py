"""KOOP's SRU 2.0 search service: the query for written questions, and its answer pages.

A page is `searchRetrieveResponse` (namespace http://docs.oasis-open.org/ns/search-ws/
sruResponse) with `numberOfRecords`, `records/record/recordData/gzd` and, while there is
more, `nextRecordPosition`. A record's `gzd` (http://standaarden.overheid.nl/sru) holds
`originalData/meta` (owmskern: dcterms:identifier, title, type, modified; owmsmantel;
tpmeta: publicatienaam, vergaderjaar …) and `enrichedData` with `url`, `preferredUrl` and
one `itemUrl manifestation="pdf|xml|html|metadata|odt|…"` per file. Elements are found by
local name, so a prefix or namespace change in the service does not break the reader.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from lxml import etree

DEFAULT_SRU_URL = "https://repository.overheid.nl/sru"
PUBLICATIONS = {
    "answers": ['"Kamervragen (Aanhangsel)"'],
    "questions": ['"Kamervragen zonder antwoord"'],
}
PUBLICATIONS["all"] = PUBLICATIONS["answers"] + PUBLICATIONS["questions"]


class SRUError(Exception):
    """The service answered, but not with a usable page (diagnostics, not SRU XML)."""


@dataclass
class Record:
    identifier: str
    title: str = ""
    available: str = ""
    urls: dict[str, str] = field(default_factory=dict)  # manifestation -> URL


@dataclass
class Page:
    total: int
    records: list[Record]
    next_position: int | None


def build_query(since: dt.date, until: dt.date | None, kind: str) -> str:
    """CQL for the written questions made available in [since, until]."""
    names = " OR ".join(f"w.publicatienaam=={name}" for name in PUBLICATIONS[kind])
    if len(PUBLICATIONS[kind]) > 1:
        names = f"({names})"
    query = f"c.product-area==officielepublicaties AND {names} AND dt.available>={since}"
    if until is not None:
        query += f" AND dt.available<={until}"
    return query


def page_url(base: str, query: str, start: int, size: int) -> str:
    params = {
        "operation": "searchRetrieve",
        "version": "2.0",
        "query": query,
        "startRecord": start,
        "maximumRecords": size,
        "recordSchema": "gzd",
    }
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}{urlencode(params)}"


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _first(element: etree._Element, name: str) -> etree._Element | None:
    return next((e for e in element.iter() if _local(e) == name), None)


def _text(element: etree._Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def parse_page(data: bytes) -> Page:
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise SRUError(f"the SRU answer is not XML ({error})") from None
    if _local(root) != "searchRetrieveResponse":
        raise SRUError(f"the SRU answer is <{_local(root)}>, not a searchRetrieveResponse")
    diagnostic = _first(root, "diagnostic")
    if diagnostic is not None:
        message = _text(_first(diagnostic, "message")) or "no message"
        details = _text(_first(diagnostic, "details"))
        raise SRUError(f"the SRU service refused the query: {message} {details}".strip())
    total_text = _text(_first(root, "numberOfRecords"))
    if not total_text.isdigit():
        raise SRUError(f"numberOfRecords is {total_text!r}, not a number")
    records = [
        _record(r)
        for r in root.iter()
        if _local(r) == "record" and _first(r, "recordData") is not None
    ]
    next_text = _text(next((e for e in root if _local(e) == "nextRecordPosition"), None))
    return Page(int(total_text), records, int(next_text) if next_text.isdigit() else None)


def _record(record: etree._Element) -> Record:
    data = _first(record, "recordData")
    assert data is not None
    kern = _first(data, "owmskern")
    identifier = _text(_first(kern if kern is not None else data, "identifier"))
    result = Record(
        identifier=identifier,
        title=_text(_first(kern, "title")) if kern is not None else "",
        available=_text(_first(data, "available")),
    )
    for element in data.iter():
        if _local(element) == "itemUrl" and element.get("manifestation"):
            result.urls.setdefault(element.get("manifestation", ""), _text(element))
    return result
