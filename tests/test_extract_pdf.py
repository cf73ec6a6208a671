"""Tests for the layout-aware PDF extractor.

Facts asserted for specific letters were checked by reading the rendered pages
(pdftoppm -r 80) and the pdftotext fixtures, not by copying the extractor's output.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.extract.pdf import _Char, _compose_accents, _join_note, _marker_numbers, extract_pdf
from parsers.model import Discarded, Extracted, ParseError

FIXTURES = Path(__file__).parent / "fixtures"
PDFS = sorted((FIXTURES / "pdf").glob("*.pdf"))
MARKER = re.compile(r"\[\^(\d+)\]")
FURNITURE = ("ISSN", "’s-Gravenhage", "Tweede Kamer, vergaderjaar")


@cache
def _extract(name: str) -> Extracted:
    return extract_pdf((FIXTURES / "pdf" / f"{name}.pdf").read_bytes(), name)


def _alnum(text: str) -> Counter[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return Counter(ch for ch in folded if ch.isalnum())


def _markers(result: Extracted) -> list[int]:
    return [int(n) for n in MARKER.findall("\n".join(result.lines))]


def _label_index(lines: list[str], label: str) -> int:
    return lines.index(label)


def test_fixture_corpus_is_present() -> None:
    assert len(PDFS) == 13


# --- properties over all 13 real letters ----------------------------------------------------


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_every_character_is_accounted_for(path: Path) -> None:
    """Alphanumeric multiset in == out: nothing dropped, nothing invented.

    Unmapped glyphs "(cid:N)" (the bullets in these fonts) are one glyph each; they come out
    as "•" or U+FFFD and are counted separately.
    """
    result = _extract(path.stem)
    source = Counter[str]()
    unmapped = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for ch in page.chars:
                if ch["text"].startswith("(cid:"):
                    unmapped += 1
                else:
                    source += _alnum(ch["text"])
    produced = Counter[str]()
    texts = list(result.lines) + [d.text for d in result.discarded]
    texts += [f"{n} {body}" for n, body in result.footnotes.items()]
    for text in texts:
        produced += _alnum(text)
    assert produced == source, (source - produced, produced - source)
    assert sum(t.count("•") + t.count("\ufffd") for t in texts) == unmapped


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_no_page_furniture_in_lines(path: Path) -> None:
    result = _extract(path.stem)
    for line in result.lines:
        assert not any(word in line for word in FURNITURE), line
    reasons = Counter(d.reason for d in result.discarded)
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
    assert reasons["masthead page number"] == 1
    assert reasons["colophon"] == 3  # ah-tk id, ISSN, ’s-Gravenhage year
    assert reasons["page footer"] == 2 * pages  # footer text + page number on every page
    assert [d.text for d in result.discarded if d.reason == "colophon"][0] == path.stem


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_markers_and_footnotes_match(path: Path) -> None:
    result = _extract(path.stem)
    markers = _markers(result)
    warned = "\n".join(result.warnings)
    for n in markers:
        assert n in result.footnotes or f"[^{n}]" in warned
    for n, body in result.footnotes.items():
        assert n in markers or f"footnote {n}" in warned
        assert body and not body.startswith(" ")
    first_seen = list(dict.fromkeys(markers))
    if first_seen != sorted(first_seen):
        assert "out of order" in warned
    # no footnote text leaked into the running text as a stray small-print line
    for body in result.footnotes.values():
        assert body not in result.lines


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_shape_of_lines(path: Path) -> None:
    result = _extract(path.stem)
    assert result.format == "pdf" and result.layout is True
    assert result.lines[0] == "Tweede Kamer der Staten-Generaal"
    assert "Vergaderjaar 2023–2024 Aanhangsel van de Handelingen" in result.lines
    number = path.stem.rsplit("-", 1)[1]
    assert number in result.lines  # the Aanhangsel number line
    assert any(line.startswith("Vragen van ") for line in result.lines)
    assert any(line.startswith("Antwoord van ") for line in result.lines)
    assert "Vraag 1" in result.lines
    assert result.lines[-1] != ""
    for a, b in zip(result.lines, result.lines[1:], strict=False):
        assert not (a == "" and b == ""), "double blank line"
    for line in result.lines:
        assert line == line.strip()
        assert "(cid:" not in line


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_labels_start_a_block(path: Path) -> None:
    """Every "Vraag N"/"Antwoord N" label follows a blank line, also at the top of a page
    where the printed blank fell on the page break (1432 "Antwoord 6", 2313 "Vraag 5")."""
    lines = _extract(path.stem).lines
    labels = [i for i, ln in enumerate(lines) if re.fullmatch(r"(Vraag|Antwoord) \d[\d, en]*", ln)]
    assert labels
    for i in labels:
        assert lines[i - 1] == "", lines[i]
        assert lines[i + 1] != "", lines[i]


# --- ah-tk-20232024-1178 (quantumproof encryptie) --------------------------------------------


def test_1178_labels() -> None:
    lines = _extract("ah-tk-20232024-1178").lines
    for n in range(1, 10):
        assert f"Vraag {n}" in lines
        assert f"Antwoord {n}" in lines
    assert _label_index(lines, "Vraag 9") < _label_index(lines, "Antwoord 9")


def test_1178_marker_after_november_2023_in_answer_2() -> None:
    lines = _extract("ah-tk-20232024-1178").lines
    answer = lines[_label_index(lines, "Antwoord 2") : _label_index(lines, "Vraag 3")]
    assert any("7 november 2023[^1] heb ik" in line for line in answer)


def test_1178_markers_glued_as_printed() -> None:
    text = "\n".join(_extract("ah-tk-20232024-1178").lines)
    assert "quantum-proof zijn?[^2]" in text
    assert "wetgeving[^3]. Deze" in text
    assert "NIS2[^4] (Network" in text
    assert "encryptie».[^5] De gekozen" in text
    assert "(CRYSTALS-KYBER)[^10] om" in text
    assert _markers(_extract("ah-tk-20232024-1178")) == list(range(1, 16))


def test_1178_footnotes() -> None:
    notes = _extract("ah-tk-20232024-1178").footnotes
    assert sorted(notes) == list(range(1, 16))
    assert notes[8] == "https://www.aivd.nl/documenten/publicaties/2023/04/04/pqc-migratie-handboek"
    # pdftotext prints "10" after this body; the layout puts it in front
    assert notes[10] == "CWI involved in two primary Post-Quantum Cryptography standards"
    # a note whose text starts with a normal-size number: "10 miljoen", not note 10
    assert notes[11].startswith("10 miljoen euro toegekend")
    # two-line note, joined with a space; its "Prepa-"/"redness" hyphen is dehyphenated
    assert notes[3] == (
        "Text – H.R.7535 – 117th Congress (2021–2022): Quantum Computing Cybersecurity "
        "Preparedness Act | Congress.gov | Library of Congress"
    )
    assert notes[4].startswith("Richtlijn betreffende maatregelen voor een hoog")
    assert "niveau van cyberbeveiliging in de Unie" in notes[4]
    # URL broken after a hyphen: glued, hyphen kept
    assert notes[15] == (
        "https://www.ncsc.nl/documenten/publicaties/2023/september/18/"
        "maak-je-organisatie-quantumveilig"
    )


def test_1178_numbers_in_normal_text_are_not_markers() -> None:
    lines = _extract("ah-tk-20232024-1178").lines
    assert "Handelingen, vergaderjaar 2023–2024, 1028" in lines
    assert "Binnen dit programma lopen 2 onderzoeken op het vlak van cryptografie:" in lines


def test_1178_header_paragraphs_and_breaks() -> None:
    lines = _extract("ah-tk-20232024-1178").lines
    start = lines.index("1178")
    assert lines[start + 1] == ""
    assert lines[start + 2].startswith("Vragen van het lid Sneller (D66)")
    assert "quantumproof encryptie (ingezonden 16 januari 2024)." in lines
    i = lines.index("quantumproof encryptie (ingezonden 16 januari 2024).")
    assert lines[i + 1] == "" and lines[i + 2].startswith("Antwoord van Staatssecretaris")
    # the label's body follows directly, no blank
    i = lines.index("Antwoord 1")
    assert lines[i - 1] == "" and lines[i + 1].startswith("Ja, het is mij bekend")
    # short line ending in "." followed by a capital: paragraph break
    i = lines.index("overheden die tijdig beheerst moeten worden.")
    assert lines[i + 1] == "" and lines[i + 2].startswith("Cryptografie zorgt")
    # line-end hyphens stay as printed
    assert "Bent u bekend met het risico dat quantumcomputing encryptie zal doorbre-" in lines


def test_1178_bullets() -> None:
    lines = _extract("ah-tk-20232024-1178").lines
    bullets = [line for line in lines if line.startswith("• ")]
    assert len(bullets) == 14  # 14 bullet glyphs on pages 3-5
    assert "• Inzicht hebben in wat belangrijk is om te beschermen: de «kroonjuwelen»" in lines
    for i, line in enumerate(lines):
        if line.startswith("• "):
            assert lines[i - 1] == ""
    i = lines.index("• De quantumdreiging en het gebruik van cryptografie meenemen in het")
    assert lines[i + 1] == "risicomanagementproces"


# --- other letters, facts read off the rendered pages ----------------------------------------


def test_2129_footnotes_and_markers() -> None:
    result = _extract("ah-tk-20232024-2129")
    lines = result.lines
    assert "land tegen te gaan?[^1]" in lines
    assert "Naties (VN) voor Jemen heeft over de vredesonderhandelingen in het land?[^2]" in lines
    assert any("Kamerbrief van 14 juli 2023[^5] waarin" in line for line in lines)
    assert sorted(result.footnotes) == [1, 2, 3, 4, 5]
    # a four-line note whose URL is broken in the middle of a word after a hyphen
    assert result.footnotes[1].endswith(
        "(https://reliefweb.int/report/yemen/joint-statement-190-humanitarian-organisations-"
        "yemen-humanitarian-partners-urge-donors-remain-committed-millions-need-yemen-enar)"
    )
    assert result.footnotes[1].startswith("Relief Web, 6 mei 2024, «Joint Statement by 190")
    assert "Humanitarian Organisations in Yemen: Humanitarian partners" in result.footnotes[1]
    assert result.footnotes[5] == "Kamerstuk 22 054, nr. 395, d.d. 14 juli 2023."
    # bold names in the header are ordinary text
    assert "Antwoord van Minister Bruins Slot (BZ) van Minister Schreinemacher" in lines


def test_1984_combined_labels_and_euro() -> None:
    result = _extract("ah-tk-20232024-1984")
    lines = result.lines
    assert "Vraag 9 en 10" in lines and "Antwoord 9 en 10" in lines
    assert lines[lines.index("Antwoord 9 en 10") - 1] == ""
    assert "bedrag is voor 2024 gesteld op € 3,90. Dit bedrag geldt ongeacht de kosten" in lines
    assert "Antwoord 1" in lines and lines[lines.index("Antwoord 1") + 1] == "Ja."
    assert any("tie[^2]. Overigens" in line for line in lines)
    assert result.footnotes[3].startswith("1,92% van de totale loonsom van de werkgever")
    assert result.footnotes[3].endswith("reguliere IB-heffing van 44,44%.")


def test_2271_numbered_list_and_many_notes() -> None:
    result = _extract("ah-tk-20232024-2271")
    lines = result.lines
    assert sorted(result.footnotes) == list(range(1, 18))
    for item in (
        "1. De Gezondheidsraad adviseert om in te zetten op preventie en vroege",
        "2. Specifieke adviezen van de Gezondheidsraad t.a.v. comorbiditeit",
        "3. De Gezondheidsraad adviseert om een onderzoeksagenda op te stellen",
    ):
        assert item in lines and lines[lines.index(item) - 1] == ""
    # a marker after a parenthesis that itself contains normal-size numbers
    assert any("(Kamerstuk 25 424, nr. 691)[^16] over structurele" in ln for ln in lines)
    assert "Kamerstuk 25 424, nr. 678" in "\n".join(lines)
    assert result.footnotes[9] == "www.stormaanpak.nl"
    assert result.footnotes[15].endswith("www.kenniscentrum-kjp.nl/keet/")
    assert "in 2021 € 50 miljoen extra beschikbaar gesteld" in "\n".join(lines)


def test_1771_url_notes_joined_without_space() -> None:
    notes = _extract("ah-tk-20232024-1771").footnotes
    assert notes[1].endswith(
        "(https://eenvandaag.avrotros.nl/item/in-ruim-400-woonwijken-ligt-tot-10000-kilo-"
        "vuurwerk-opgeslagen-dat-is-400-keer-heel-gevaarlijk/)."
    )
    # "(https://" ends one line, "www.utwente.nl/…" starts the next
    assert "(https://www.utwente.nl/nieuws/2023/12/1262709/" in notes[3]
    assert sorted(notes) == list(range(1, 9))


def test_2367_and_1481_combined_labels_as_printed() -> None:
    lines = _extract("ah-tk-20232024-2367").lines
    for label in ("Vraag 3, 4, 5 en 6", "Antwoord 3, 4, 5 en 6", "Vraag 7, 8, 9 10 en 11"):
        assert label in lines  # the missing comma after 9 is in print
    lines = _extract("ah-tk-20232024-1481").lines
    assert lines.index("Vraag 5") < lines.index("Vraag 6") < lines.index("Antwoord 5 en 6")
    assert "Antwoord 5" not in lines


def test_1292_single_note_with_underscore_url() -> None:
    result = _extract("ah-tk-20232024-1292")
    assert result.footnotes == {
        1: "Overheid.nl, «Huisvesting Nederlandse evacués», "
        "www.internetconsultatie.nl/huisvesting_evacuees/b1"
    }
    assert "Tot wanneer loopt deze internetconsultatie en wat is de vervolgprocedure?[^1]" in (
        result.lines
    )


# --- an invented PDF, built here, for layouts the 13 letters lack -----------------------------


def _pdf(pages: list[bytes]) -> bytes:
    """Assemble a minimal PDF (Helvetica, A4) from raw content streams."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # pages, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for content in pages:
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_id
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _line(x: float, y: float, *runs: tuple[float, float, str]) -> bytes:
    """One printed line: runs of (size, rise, text) set one after another."""
    ops = [b"BT 1 0 0 1 %.2f %.2f Tm" % (x, y)]
    for size, rise, text in runs:
        ops.append(b"/F1 %.2f Tf %.2f Ts (%s) Tj" % (size, rise, text.encode("cp1252")))
    ops.append(b"0 Ts ET")
    return b" ".join(ops)


def _rule(x0: float, x1: float, y: float) -> bytes:
    return b"0.3 w %.2f %.2f m %.2f %.2f l S" % (x0, y, x1, y)


BODY = 9.0


def _invented_letter() -> bytes:
    filler = "Dit is een uitgevonden regel lopende tekst om de maat te bepalen"
    page1 = [
        _line(100, 760, (BODY, 0, "Vraag 1")),
        _line(100, 749, (BODY, 0, filler + " en nog")),
        _line(100, 738, (BODY, 0, "Is dit bekend?"), (5.8, 3.5, "1")),
        _line(100, 716, (BODY, 0, "Antwoord 1")),
        _line(
            100,
            705,
            (BODY, 0, "Ja, zie de 32 landen in 2024Z18439"),
            (5.8, 3.5, "2, 3"),
            (BODY, 0, " en meer, kortom"),
        ),
        _line(100, 694, (BODY, 0, filler + " en nog.")),
        _line(100, 683, (BODY, 0, "Kort.")),
        _line(100, 672, (BODY, 0, "Nieuwe alinea met Kamerstuk 19637, nr. 2726 erin.")),
        _rule(100, 160, 160),
        _line(100, 150, (4.8, 2.5, "1"), (7.2, 0, " Eerste noot.")),
        _line(100, 141, (4.8, 2.5, "2"), (7.2, 0, " Tweede noot die doorloopt op de volgende")),
        _line(100, 60, (BODY, 0, "Uitgevonden testdocument, voettekst")),
        _line(500, 60, (BODY, 0, "1")),
    ]
    page2 = [
        _line(100, 760, (BODY, 0, filler + " en nog")),
        _line(100, 749, (BODY, 0, filler + " en die"), (5.8, 3.5, "3")),
        _rule(100, 160, 160),
        _line(100, 150, (7.2, 0, "pagina en daar eindigt.")),
        _line(100, 141, (4.8, 2.5, "3"), (7.2, 0, " https://example.org/een/heel/lange/url-")),
        _line(100, 132, (7.2, 0, "vervolg/pagina.html")),
        _line(100, 60, (BODY, 0, "Uitgevonden testdocument, voettekst")),
        _line(500, 60, (BODY, 0, "2")),
    ]
    return _pdf([b"\n".join(page1), b"\n".join(page2)])


def test_invented_pdf_markers_notes_across_pages_and_footer() -> None:
    result = extract_pdf(_invented_letter(), "invented.pdf")
    assert result.footnotes == {
        1: "Eerste noot.",
        2: "Tweede noot die doorloopt op de volgende pagina en daar eindigt.",
        3: "https://example.org/een/heel/lange/url-vervolg/pagina.html",
    }
    assert "Is dit bekend?[^1]" in result.lines
    # "2, 3" in superscript: two markers, separator dropped
    assert "Ja, zie de 32 landen in 2024Z18439[^2][^3] en meer, kortom" in result.lines
    assert "Nieuwe alinea met Kamerstuk 19637, nr. 2726 erin." in result.lines
    assert result.lines[result.lines.index("Antwoord 1") - 1] == ""
    i = result.lines.index("Kort.")
    assert result.lines[i + 1] == ""  # short line ending "." before a capital
    assert result.lines[i - 1] != ""  # a full line ending "." is not a break
    assert [d.reason for d in result.discarded] == ["page footer"] * 4
    assert result.warnings == []


def test_invented_pdf_rotated_stamp_is_set_aside() -> None:
    stamp = b"BT 0 1 -1 0 60 300 Tm /F1 8 Tf (ONTVANGEN 12 MEI) Tj ET"
    page = b"\n".join(
        [_line(100, 760, (BODY, 0, "Vraag 1")), _line(100, 749, (BODY, 0, "Tekst.")), stamp]
    )
    result = extract_pdf(_pdf([page]), "invented-stamp.pdf")
    assert result.lines == ["Vraag 1", "Tekst."]
    assert Discarded("ONTVANGEN 12 MEI", "rotated text") in result.discarded
    assert any("rotated text" in w for w in result.warnings)


def test_invented_pdf_with_no_text_layer() -> None:
    blank = _pdf([_rule(100, 400, 400)])
    with pytest.raises(ParseError, match=r"no text layer \(scanned\?\)"):
        extract_pdf(blank, "invented-scan.pdf")


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (bytes(range(256)) * 40, "not a PDF"),
        (b"%PDF-1.4\n" + bytes(range(256)) * 40, "truncated or corrupt"),
        (b"%PDF-1.4\ngarbage garbage\n%%EOF\n", "unreadable PDF|no pages|no text layer"),
        (b"Vraag 1\nIs dit een PDF?", "not a PDF"),
    ],
    ids=["empty", "random", "pdf-header-then-random", "header-and-eof-only", "plain-text"],
)
def test_bad_input_raises_parse_error(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        extract_pdf(data, "bad.pdf")


@pytest.mark.parametrize("path", PDFS[:3], ids=lambda p: p.stem)
def test_truncated_real_pdf(path: Path) -> None:
    data = path.read_bytes()
    with pytest.raises(ParseError, match="truncated"):
        extract_pdf(data[: len(data) // 2], path.name)


def test_corrupt_body_with_valid_ends_is_a_parse_error() -> None:
    data = bytearray((FIXTURES / "pdf" / "ah-tk-20232024-1292.pdf").read_bytes())
    data[200:-200] = bytes(len(data) - 400)  # keep header and trailer, zero everything else
    with pytest.raises(ParseError):
        extract_pdf(bytes(data), "zeroed.pdf")


@settings(max_examples=20, deadline=None, derandomize=True)
@given(
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 400), st.binary(max_size=64)),
        min_size=1,
        max_size=6,
    )
)
def test_damaged_real_pdf_gives_result_or_parse_error(
    edits: list[tuple[float, int, bytes]],
) -> None:
    """Overwrite, cut or splice bytes anywhere: a result or a ParseError, nothing else."""
    data = bytearray((FIXTURES / "pdf" / "ah-tk-20232024-1292.pdf").read_bytes())
    for where, cut, insert in edits:
        at = int(where * (len(data) - 1))
        data[at : at + cut] = insert
    try:
        result = extract_pdf(bytes(data), "damaged.pdf")
    except ParseError as exc:
        assert str(exc)
    else:
        assert isinstance(result.lines, list)


# --- helpers on hand-made glyphs ---------------------------------------------------------------


def _glyph(text: str, x0: float, width: float = 4.0, size: float = 8.5) -> _Char:
    return _Char(text=text, x0=x0, x1=x0 + width, top=100.0, bottom=100.0 + size, size=size)


def test_spacing_accent_is_composed_onto_its_letter() -> None:
    # "Kostic ´": the acute is drawn over the c, text order puts it after a space
    chars = [_glyph(ch, 10 + 4 * i) for i, ch in enumerate("Kostic")]
    chars.append(_glyph("\u00b4", 30.5, width=2.0))
    assert "".join(c.text for c in _compose_accents(chars)) == "Kostić"


def test_combining_accent_is_composed() -> None:
    chars = [_glyph("e", 10), _glyph("\u0301", 11, width=2.0), _glyph("n", 14)]
    assert "".join(c.text for c in _compose_accents(chars)) == "én"


def test_marker_runs() -> None:
    assert _marker_numbers([_glyph(t, 0) for t in "2, 3"]) == [2, 3]
    assert _marker_numbers([_glyph(t, 0) for t in "12"]) == [12]
    assert _marker_numbers([_glyph(t, 0) for t in "2e"]) == []


def test_note_joining() -> None:
    assert _join_note(["een lange be-", "schrijving"]) == "een lange beschrijving"
    assert _join_note(["IT-", "Beheer"]) == "IT- Beheer"
    assert (
        _join_note(["zie https://a.nl/pad/", "verder.html"]) == "zie https://a.nl/pad/verder.html"
    )
    assert _join_note(["zie https://a.nl/x", "en verder"]) == "zie https://a.nl/x en verder"


# --- the two PDF readers ----------------------------------------------------------------------


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_pdfium_and_pdfplumber_backends_agree(path: Path) -> None:
    """PDFium (default, fast) and pdfplumber (reference) give the same extraction.

    The analysis only ever sees the glyph records a backend produces, so equal results on
    every real letter show the PDFium boxes are rebuilt the way pdfminer draws them.
    """
    data = path.read_bytes()
    assert extract_pdf(data, path.stem, backend="pdfplumber") == _extract(path.stem)


def test_pdfium_and_pdfplumber_backends_agree_on_invented_pdfs() -> None:
    stamp = b"BT 0 1 -1 0 60 300 Tm /F1 8 Tf (ONTVANGEN 12 MEI) Tj ET"
    for data in (_invented_letter(), _pdf([_line(100, 760, (BODY, 0, "Vraag 1")) + b"\n" + stamp])):
        assert extract_pdf(data, "x", backend="pdfplumber") == extract_pdf(data, "x")
