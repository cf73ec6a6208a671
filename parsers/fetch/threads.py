"""The Tweede Kamer's open data (OData v4): which documents belong to one set of questions.

The Kamer files written questions, the notices that the answer will be late, and the answer
under one Zaak (`Zaak?$filter=Nummer eq '2024Z18439'&$expand=Document`). Each Document has
a `Soort` ("Schriftelijke vragen", "Mededeling (uitstel antwoord)", "Antwoord schriftelijke
vragen", "… (nader)"), a `DocumentNummer`, a `Datum` and, for the Aanhangsel, `Vergaderjaar`
and `Aanhangselnummer`, from which the official id follows (ah-tk-20232024-1178; questions
are kv-tk-<zaak>). The links are saved beside the letter as <id>.threads.json, the site's
links sidecar (plugins/kamervragen/threads.py reads `zaak` and `documents`):

    [{"zaak": "2024Z00456",
      "documents": ["kv-tk-2024Z00456", "ah-tk-20232024-901", "ah-tk-20232024-1178"],
      "onderwerp": "…", "gestart": "2024-01-16",
      "details": [{"role": "question|postponement|answer|other", "soort": "…",
                   "nummer": "2024D01234", "datum": "2024-01-16", "id": "kv-tk-…" or null},
                  …],
      "source": "<the OData URL asked>"}]

`documents` lists the official ids in date order (a document without one is only in
`details`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from parsers.fetch.http import Client, Missing

DEFAULT_ODATA_URL = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/"
SUFFIX = ".threads.json"
ZAAK = re.compile(r"\b\d{4}Z\d{5}\b")
ROLES = {
    "schriftelijke vragen": "question",
    "mededeling (uitstel antwoord)": "postponement",
    "antwoord schriftelijke vragen": "answer",
    "antwoord schriftelijke vragen (nader)": "answer",
}


def zaak_numbers(letter_id: str, metadata: bytes | None) -> list[str]:
    """The zaak numbers a letter names: in its id (kv-tk-<zaak>) or metadata.xml's
    OVERHEIDop.vraagnummer."""
    found = ZAAK.findall(letter_id)
    if metadata:
        text = metadata.decode("utf-8", "replace")
        for match in re.finditer(r'name="OVERHEIDop\.vraagnummer"[^>]*content="([^"]+)"', text):
            found += ZAAK.findall(match[1])
    return list(dict.fromkeys(found))


def official_id(document: dict[str, Any], zaak: str) -> str | None:
    role = ROLES.get(str(document.get("Soort", "")).lower(), "other")
    if role == "question":
        return f"kv-tk-{zaak}"
    session = str(document.get("Vergaderjaar") or "").replace("-", "")
    number = re.sub(r"\D", "", str(document.get("Aanhangselnummer") or ""))
    if role in ("answer", "postponement") and len(session) == 8 and number:
        # Aanhangselnummer is the session's short form and the number: "242501244".
        for prefix in (session, session[2:4] + session[6:8]):
            if number.startswith(prefix) and len(number) > len(prefix):
                number = number[len(prefix) :]
                break
        return f"ah-tk-{session}-{int(number)}"
    return None


def zaak_url(base: str, zaak: str) -> str:
    condition = quote(f"Nummer eq '{zaak}'")
    return f"{base.rstrip('/')}/Zaak?$filter={condition}&$expand=Document"


def lookup(client: Client, base: str, zaak: str) -> dict[str, Any] | None:
    """The zaak with its documents, or None when the Kamer does not know the number."""
    fetched = client.get(zaak_url(base, zaak), check=_check_json)
    rows = json.loads(fetched.body).get("value") or []
    if not rows:
        return None
    row = rows[0]
    documents = [
        {
            "role": ROLES.get(str(d.get("Soort", "")).lower(), "other"),
            "soort": d.get("Soort"),
            "nummer": d.get("DocumentNummer"),
            "datum": str(d.get("Datum") or "")[:10] or None,
            "id": official_id(d, zaak),
        }
        for d in row.get("Document") or []
        if not d.get("Verwijderd")
    ]
    documents.sort(key=lambda d: (d["datum"] or "", d["nummer"] or ""))
    return {
        "zaak": row.get("Nummer", zaak),
        "documents": list(dict.fromkeys(d["id"] for d in documents if d["id"])),
        "onderwerp": row.get("Onderwerp"),
        "gestart": str(row.get("GestartOp") or "")[:10] or None,
        "details": documents,
        "source": zaak_url(base, zaak),
    }


def _check_json(body: bytes) -> None:
    try:
        json.loads(body)
    except ValueError:
        raise Missing("the OData answer is not JSON") from None


def is_settled(path: Path) -> bool:
    """A saved link file whose zaken already have their answer need not be asked again."""
    try:
        data = json.loads(path.read_text("utf-8"))
        return bool(data) and all(
            any(d.get("role") == "answer" for d in entry.get("details", [])) for entry in data
        )
    except (OSError, ValueError, AttributeError, TypeError):
        return False
