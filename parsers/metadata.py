"""Read the letter's header: who asked whom about what, who answered, and when.

The header is one or two sentences in a fixed register ("Vragen van het lid X (Partij) aan
de Minister van … over … (ingezonden 16 januari 2024). Antwoord van minister Y (Ministerie)
(ontvangen …)."), so targeted patterns read it reliably; what they miss stays null.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath

from parsers import patterns as p


@dataclass
class Metadata:
    id: str
    kind_hint: str | None = None
    house: str | None = None
    session: str | None = None
    number: str | None = None
    title: str | None = None
    submitted: str | None = None
    received: str | None = None
    askers: list[dict[str, str | None]] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    responders: list[dict[str, object]] = field(default_factory=list)
    related: list[str] = field(default_factory=list)


def parse_date(text: str) -> str | None:
    """First Dutch date in the text as ISO: "17februari 1993" -> "1993-02-17"."""
    match = p.DATE.search(re.sub(r"(?<=[a-z])-\s*(?=[a-z])", "", text))  # "no-vember"
    if not match:
        return None
    try:
        day = dt.date(
            int(re.sub(r"\s", "", match["year"])),
            int(month) if (month := match["month"].lower()).isdigit() else p.MONTHS[month],
            int(match["day"]),
        )
    except ValueError:
        return None
    return day.isoformat()


def read_header(header_text: str, all_text: str, source: str) -> Metadata:
    text = re.sub(r"\s+", " ", header_text).strip()
    meta = Metadata(id=letter_id(all_text, source, text))

    house = p.HOUSE.search(text) or p.HOUSE.search(all_text[:400])
    if house:
        meta.house = f"{house['house'].capitalize()} Kamer"
    elif meta.id.startswith(("ah-tk", "kv-tk")) or "_tk_" in meta.id:
        meta.house = "Tweede Kamer"
    elif meta.id.startswith(("ah-ek", "kv-ek")) or "_ek_" in meta.id:
        meta.house = "Eerste Kamer"

    session = p.SESSION.search(text) or p.SESSION.search(all_text) or p.OLD_SESSION.search(all_text)
    if session:
        meta.session = (
            f"{session['start']}-{session['end']}" if session["end"] else session["start"]
        )
    elif (ah := p.AH_ID.match(meta.id)) is not None:
        meta.session = f"{ah['session'][:4]}-{ah['session'][4:]}"

    meta.number = _number(header_text, meta.id)

    submitted = p.SUBMITTED.search(text)
    answer_header = p.ANSWER_HEADER.search(text)
    if submitted and answer_header and answer_header.start() < submitted.start():
        submitted = None  # old pages date only the answer, as "(Ingezonden …)" after it
    meta.submitted = parse_date(submitted["date"]) if submitted else None
    received = p.RECEIVED.search(text[submitted.end() :] if submitted else text)
    meta.received = parse_date(received["date"]) if received else None
    if submitted is None and received is not None:
        # "ANTWOORD van … (ingezonden 14 mei 1962), ten vervolge op … de vragen van de heer
        # Geuze … (Ingezonden 7 mei 1962.)": the second date is the questions'.
        later = p.SUBMITTED.search(text, received.end())
        meta.submitted = parse_date(later["date"]) if later else None

    questions = p.QUESTIONS_HEADER.search(text)
    if questions:
        tail = text[questions.end() :]
        cut = re.search(
            r"\s(?:aan|over|in-?\s*zake|betreffende|m\.b\.t\.|in verband met"
            r"|met\s+be-?\s*trekking)[\s:]",
            tail,
        )
        meta.askers = _askers(tail[: cut.start()] if cut else tail[:200])
        addressed = p.ADDRESSEES.search(tail)
        if addressed:
            meta.addressees = [
                a.strip()
                for a in re.split(
                    r",\s*de\s+|\s+en\s+(?:aan\s+)?de\s*(?=[A-Zms])", addressed["who"]
                )
            ]
        subject = p.SUBJECT.search(tail)
        if subject:
            meta.title = subject["title"].strip().rstrip(".").strip()

    responder_part = _responder_sentence(text)
    if responder_part:
        meta.kind_hint = "postponement" if p.NOTICE_HEADER.search(responder_part) else "answer"
        meta.responders = _responders(responder_part)
    house_code = "ek" if meta.house == "Eerste Kamer" else "tk"
    meta.related = [
        f"ah-{house_code}-{m['start'] or m['start2']}{m['end'] or m['end2']}-"
        f"{m['number'] or m['number2']}"
        for m in p.RELATED.finditer(text)
    ]
    return meta


def letter_id(all_text: str, source: str, header: str) -> str:
    """The official id when the letter prints one, else one made from the file name."""
    stem = PurePath(source).stem
    for pattern in (p.AH_ID, p.KV_ID):
        if pattern.fullmatch(stem):
            return stem
    for pattern, opening in ((p.AH_ID, "ah-"), (p.KV_ID, "kv-")):
        # A match starts with its literal opening: search from the first one, not through
        # the whole letter at every position.
        at = all_text.find(opening)
        match = pattern.search(all_text, at) if at != -1 else None
        if match:
            return match[0]
    head = all_text.split("\n", 5)[:5]  # the first five lines (not a split of the whole text)
    zaak = next((m for line in head if (m := p.ZAAK_NUMBER.match(line))), None)
    if zaak and not p.WORD_AH_HEADER.match(head[0]):
        return f"kv-tk-{zaak['zaak']}"
    slug = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9_-]+", "-", slug).strip("-").lower() or "letter"


def _number(header_text: str, letter_id_: str) -> str | None:
    for line in header_text.split("\n"):
        word = p.WORD_AH_HEADER.match(line)
        if word:
            return word["number"]
    lines = [x.strip() for x in header_text.split("\n") if x.strip()]
    for line in lines:
        # "7. VRAGEN van …", OCR "97^ VRAGEN"
        old_style = p.NUMBERED_QUESTIONS_HEADER.match(line)
        if old_style:
            return old_style[1]
    for i, line in enumerate(lines):
        # "525" / "78." / "781 Herdruk" alone on the line before "Vragen van …"
        alone = re.fullmatch(r"(\d{1,4})\.?(?:\s+Herdruk\S*)?", line)
        if alone and i + 1 < len(lines):
            if p.QUESTIONS_HEADER_LINE.match(lines[i + 1]):
                return alone[1]
    ah = p.AH_ID.match(letter_id_)
    return ah["number"] if ah else None


def _askers(text: str) -> list[dict[str, str | None]]:
    """ "X (D66), Y (CDA) en Z" / "X en Y (beiden CDA)" -> names with parties."""
    askers: list[dict[str, str | None]] = []
    parts = re.split(
        # "Van lersel. Van Amelsvoort": OCR read the comma as a full stop (not after an
        # initial: "J. Jansen" is one name)
        r",\s*|\s+en\s+(?=[A-ZÀ-Ý]|van |de |ter |ten |mevrouw |mejuffrouw )"
        r"|(?<=[a-zà-ÿ]{3})\.\s+(?=[A-ZÀ-Ý])",
        text.strip(),
    )
    pending: list[str] = []
    for part in parts:
        part = part.strip().rstrip(".")
        if not part:
            continue
        match = re.match(r"^(?:lid\s+)?(?P<name>.+?)\s*\((?P<party>[^()]+)\)\s*$", part)
        if match:
            party = re.sub(r"^(?:beiden|allen|alle)\s+", "", match["party"].strip())
            for name in pending:
                askers.append({"name": name, "party": party})
            pending = []
            askers.append({"name": _name(match["name"]), "party": party})
        elif len(part) < 60:
            pending.append(_name(part))
    askers.extend({"name": name, "party": None} for name in pending)
    return [a for a in askers if a["name"]]


def _name(raw: str) -> str:
    """Surname as printed, with particles; initials and honorifics are not part of it."""
    name = re.sub(
        r"^(?:(?i:de|den)\s+)?(?:(?i:heer|heeren|heren|mevrouw|mejuffrouw|mr\.|dr\.|drs\.|ir\.)\s+"
        r"|heer(?=[A-Z]))",  # "heerTummers": OCR lost the space
        "",
        raw.strip(),
    )
    return name.strip()


def normalize_role(printed: str) -> str:
    """ "Staats- secretarissen" -> "staatssecretaris", "Ministers" -> "minister"."""
    role = re.sub(r"\s|-(?=\s*secretaris)", "", printed).lower()
    role = role.replace("ministerpresident", "minister-president")  # "minister president"
    return re.sub(r"(?<=secretaris)sen$|(?<=minister)s$", "", role)


def _old_responders(sentence: str) -> list[dict[str, object]]:
    """ "ANTWOORD van de heer X, Minister van Y": names before roles (1909–1994 pages);
    "de heeren A en B, Ministers van C en van D" is two responders."""
    old = p.OLD_RESPONDER.search(sentence)
    if old is None:
        return []
    names = re.sub(r"\s+", " ", old["name"]).strip()
    portfolio = re.sub(r"\s+", " ", old["portfolio"]).strip()
    if old["title"] in ("heeren", "heren"):
        people = re.split(r"\s+en\s+", names)
        portfolios = re.split(r"\s+en\s+(?:van|voor)\s+", portfolio)
        if len(portfolios) != len(people):
            portfolios = [portfolio] * len(people)
    else:
        people, portfolios = [names], [portfolio]
    return [
        {"role": normalize_role(old["role"]), "name": name, "portfolio": where, "on_behalf": False}
        for name, where in zip(people, portfolios, strict=True)
    ]


def _responder_sentence(text: str) -> str | None:
    match = re.search(r"\b(?:Antwoord|ANTWOORD|Mededeling)\s+van\b.*", text)
    return match[0] if match else None


def _responders(sentence: str) -> list[dict[str, object]]:
    main = re.split(r",?\s*mede\s+namens\b", sentence, maxsplit=1, flags=re.I)[0]
    responders: list[dict[str, object]] = _old_responders(main + " .")
    for match in [] if responders else p.RESPONDER.finditer(main):
        role = normalize_role(match["role"])
        responders.append(
            {
                "role": role,
                "name": re.sub(r"\s+", " ", match["name"]).strip(" ,."),
                "portfolio": re.sub(
                    r"\s+", " ", match["portfolio"] or match["open_portfolio"]
                ).strip(),
                "on_behalf": False,
            }
        )
    behalf = p.ON_BEHALF.search(sentence)
    if behalf:
        who = re.sub(r"\s*\((?:ontvangen|Ontvangen).*$", "", behalf["who"]).strip(" .,")
        if p.ON_BEHALF_NAMED.match(who):
            # "mede namens de heer Polak, Minister van Justitie (en de heer …)"
            segments = re.split(r",?\s+en\s+(?=(?:den?\s+)?(?:heer|mevrouw)\s)", who)
        else:
            segments = re.split(
                r"(?:,\s*|\s+en\s+)(?:de\s+)?(?=[Mm]inister|[Ss]taats)",
                re.sub(r"^de\s+", "", who),
            )
        for segment in segments:
            named = p.ON_BEHALF_NAMED.match(segment.strip())
            if named:
                responders.append(
                    {
                        "role": normalize_role(named["role"]),
                        "name": re.sub(r"\s+", " ", named["name"]).strip(),
                        "portfolio": named["portfolio"].strip(" .,"),
                        "on_behalf": True,
                    }
                )
                continue
            role = p.ON_BEHALF_ROLE.match(segment.strip())
            if not role:
                continue
            plural = role["role"].lower().endswith(("sen", "s"))
            portfolios = (
                re.split(r"\s+en\s+(?:van|voor)\s+", role["portfolio"])
                if plural
                else [role["portfolio"]]
            )
            for portfolio in portfolios:
                responders.append(
                    {
                        "role": normalize_role(role["role"]),
                        "name": "",
                        "portfolio": portfolio.strip(" .,"),
                        "on_behalf": True,
                    }
                )
    return responders
