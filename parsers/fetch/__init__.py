"""`kamervragen fetch`: grow the archive from KOOP's official repository.

Pages through the SRU service for the written questions made available in a date range and
saves, per letter, the files its record lists: OUT/<id>.pdf (the original), OUT/<id>.xml
(the official XML, which the parser prefers as the source) and OUT/<id>.metadata.xml
(KOOP's metadata). With --with-threads it also asks the Tweede Kamer's open data for the
letter's Zaak and saves the links as OUT/<id>.threads.json.

One request at a time, a pause between requests, retries with backoff for 5xx, 429,
timeouts, dropped connections and truncated bodies; a body is checked before it is kept
(an HTML error page served as a PDF is a missing file, not a PDF) and written through a
temporary file and a rename, so OUT never holds a partial file. A second run downloads
nothing that is already there and intact. Exit status 1 if any letter could not be
fetched; every other letter is fetched first, and each failure is named with its reason.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

from parsers.fetch import sru, threads
from parsers.fetch.http import CHECKS, Client, Missing, Transient, is_intact, write_atomic

# manifestation -> (file suffix, content check)
FILES = {"pdf": (".pdf", "pdf"), "xml": (".xml", "xml"), "metadata": (".metadata.xml", "xml")}
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$")


@dataclass
class Options:
    since: dt.date
    until: dt.date | None = None
    kind: str = "all"
    out: Path = Path("content/officieel")
    limit: int | None = None
    sru_url: str = sru.DEFAULT_SRU_URL
    page_size: int = 100
    delay: float = 1.0
    retries: int = 4
    backoff: float = 2.0
    timeout: float = 60.0
    with_threads: bool = False
    odata_url: str = threads.DEFAULT_ODATA_URL
    progress: bool | None = None  # None: only on a terminal


@dataclass
class Summary:
    listed: int = 0
    pages: int = 0
    fetched_letters: int = 0
    present_letters: int = 0
    files: int = 0
    bytes: int = 0
    failures: dict[str, list[str]] = field(default_factory=dict)
    thread_files: int = 0
    thread_notes: list[str] = field(default_factory=list)
    fatal: str | None = None

    def fail(self, letter: str, reason: str) -> None:
        self.failures.setdefault(letter, []).append(reason)

    def report(self, out: TextIO) -> None:
        size = f"{self.bytes / 1e6:.1f} MB" if self.bytes >= 1e5 else f"{self.bytes / 1e3:.0f} kB"
        print(
            f"kamervragen fetch: {self.listed} letter(s) listed in {self.pages} SRU page(s); "
            f"{self.fetched_letters} fetched ({self.files} file(s), {size}), "
            f"{self.present_letters} already present, {len(self.failures)} not fetched",
            file=out,
        )
        if self.thread_files or self.thread_notes:
            print(f"  zaak links saved: {self.thread_files}", file=out)
            for note in self.thread_notes:
                print(f"  {note}", file=out)
        if self.fatal:
            print(f"error: {self.fatal}", file=out)
        if self.failures:
            print("Not fetched:", file=out)
            for letter, reasons in sorted(self.failures.items()):
                print(f"  {letter}: {'; '.join(reasons)}", file=out)


def fetch(options: Options, client: Client | None = None, out: TextIO = sys.stderr) -> Summary:
    client = client or Client(options.delay, options.retries, options.backoff, options.timeout)
    summary = Summary()
    options.out.mkdir(parents=True, exist_ok=True)
    query = sru.build_query(options.since, options.until, options.kind)
    bar = tqdm(
        unit="brief",
        desc="fetch",
        disable=not options.progress if options.progress is not None else None,
        file=out,
    )
    start = 1
    zaken: dict[str, dict | None] = {}
    try:
        while True:
            url = sru.page_url(options.sru_url, query, start, options.page_size)
            try:
                page = sru.parse_page(client.get(url).body)
            except (Missing, Transient, sru.SRUError) as error:
                summary.fatal = f"SRU page at startRecord={start} ({url}): {error}"
                break
            summary.pages += 1
            wanted = page.total if options.limit is None else min(page.total, options.limit)
            bar.total = wanted
            bar.refresh()
            for record in page.records:
                if options.limit is not None and summary.listed >= options.limit:
                    break
                summary.listed += 1
                _letter(record, options, client, summary, zaken)
                bar.update(1)
            done = options.limit is not None and summary.listed >= options.limit
            following = page.next_position or start + len(page.records)
            if done or not page.records or following > page.total or following <= start:
                break
            start = following
    finally:
        bar.close()
    return summary


def _letter(
    record: sru.Record,
    options: Options,
    client: Client,
    summary: Summary,
    zaken: dict[str, dict | None],
) -> None:
    letter = record.identifier or "(record without identifier)"
    if not SAFE_ID.match(record.identifier or ""):
        summary.fail(letter, "identifier unusable as a file name")
        return
    listed = {m: u for m, u in record.urls.items() if m in FILES}
    if "pdf" not in listed and "xml" not in listed:
        summary.fail(letter, "the record lists no PDF or XML file")
        return
    downloaded = 0
    failed = False
    for manifestation, url in listed.items():
        suffix, check = FILES[manifestation]
        target = options.out / f"{record.identifier}{suffix}"
        if target.exists() and is_intact(target, check):
            continue
        if not url.startswith(("http://", "https://")):
            summary.fail(letter, f"{manifestation}: not an http(s) URL: {url!r}")
            failed = True
            continue
        try:
            fetched = client.get(url, check=CHECKS[check])
        except (Missing, Transient) as error:
            summary.fail(letter, f"{manifestation}: {error}")
            failed = True
            continue
        write_atomic(target, fetched.body)
        downloaded += 1
        summary.files += 1
        summary.bytes += len(fetched.body)
    if downloaded and not failed:
        summary.fetched_letters += 1
    elif not downloaded and not failed:
        summary.present_letters += 1
    if options.with_threads:
        _threads(record.identifier, options, client, summary, zaken)


def _threads(letter: str, options: Options, client: Client, summary: Summary, zaken: dict) -> None:
    target = options.out / f"{letter}{threads.SUFFIX}"
    if threads.is_settled(target):
        return
    metadata_path = options.out / f"{letter}.metadata.xml"
    metadata = metadata_path.read_bytes() if metadata_path.exists() else None
    numbers = threads.zaak_numbers(letter, metadata)
    if not numbers:
        summary.thread_notes.append(f"{letter}: no zaak number in its id or metadata")
        return
    found = []
    for number in numbers:
        if number not in zaken:
            try:
                zaken[number] = threads.lookup(client, options.odata_url, number)
            except (Missing, Transient) as error:
                summary.fail(letter, f"zaak {number}: {error}")
                return
        if zaken[number] is None:
            summary.thread_notes.append(f"{letter}: the Kamer's open data has no zaak {number}")
        else:
            found.append(zaken[number])
    if found:
        text = json.dumps(found, ensure_ascii=False, indent=1) + "\n"
        write_atomic(target, text.encode("utf-8"))
        summary.thread_files += 1
