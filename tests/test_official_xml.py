"""The official XML and its HTML rendering read into the same contract as the PDF.

No official XML is in the corpus, so tests/official_markup.py writes the corpus letters out
in KOOP's documented element names (TEST DATA, several layouts); the readers must give back
what the PDF of the same letter gives. The hand-written snippets below are TEST DATA too.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import ParseError, parse_bytes, parse_file
from parsers.official_metadata import apply_metadata, read_metadata_xml
from tests.conftest import FIXTURES
from tests.helpers import Source, missing_words
from tests.official_markup import metadata_xml, render_html, render_xml
from tests.test_properties import NOISE

PDFS = sorted((FIXTURES / "pdf").glob("*.pdf"))
BODY = ("questions", "answers", "footnotes", "notice", "kind")
HEADER = ("id", "house", "session", "number", "title", "submitted", "received", "askers")
HEADER += ("addressees", "responders", "related")
STYLES = ("modern", "pretty", "old", "html")


@pytest.fixture(scope="module")
def pdf_letters() -> dict[str, dict]:
    return {p.stem: parse_bytes(p.read_bytes(), p.name) for p in PDFS}


def render(letter: dict, style: str) -> tuple[bytes, str]:
    if style == "html":
        return render_html(letter), f"{letter['id']}.html"
    return render_xml(letter, style), f"{letter['id']}.xml"


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("stem", [p.stem for p in PDFS])
def test_the_xml_and_html_give_what_the_pdf_gives(pdf_letters, stem: str, style: str) -> None:
    pdf = pdf_letters[stem]
    data, name = render(pdf, style)
    got = parse_bytes(data, name)
    assert got["format"] == ("html" if style == "html" else "xml")
    keys = BODY if style == "old" else BODY + HEADER  # old XML has no masthead to read
    assert {k: got[k] for k in keys} == {k: pdf[k] for k in keys}
    assert [w for w in got["warnings"] if w not in pdf["warnings"]] == []


def _text_letters() -> list[Path]:
    """Text letters whose footnotes all have bodies (official XML always has them)."""
    chosen = []
    for path in sorted((FIXTURES / "pypdf").glob("*.txt")):
        golden = json.loads(path.with_suffix(".expected.json").read_text("utf-8"))
        if golden["questions"] and all(f["text"] for f in golden["footnotes"]):
            chosen.append(path)
    return chosen


def _spaces(value: object) -> object:
    """Text-extracted letters carry double spaces and single line breaks that markup
    normalizes away: compare words, markers and labels."""
    return json.loads(re.sub(r"(?:\\n|\s)+", " ", json.dumps(value, ensure_ascii=False)))


@pytest.mark.parametrize("path", _text_letters(), ids=lambda p: p.name)
def test_text_letters_written_as_xml_read_back_the_same(path: Path) -> None:
    """Question letters (kv), Mededelingen and answers of another extractor, as XML/HTML."""
    text = parse_bytes(path.read_bytes(), path.name)
    for style in STYLES:
        got = parse_bytes(*render(text, style))
        keys = BODY if style == "old" else BODY + HEADER
        assert _spaces({k: got[k] for k in keys}) == _spaces({k: text[k] for k in keys}), style


def letter_xml(body: str, header: str = "", root: str = "kamervragen") -> bytes:
    """TEST DATA: a minimal official XML around `body`."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!-- TEST DATA -->\n<officiele-publicatie>'
        f"<{root}>{header}{body}</{root}></officiele-publicatie>"
    ).encode()


QUESTION_HEADER = (
    '<kamervraagkop><kamer nummer="2">Tweede Kamer der Staten-Generaal</kamer>'
    "<vergaderjaar>Vergaderjaar 2023-2024</vergaderjaar></kamervraagkop>"
    "<kamervraagnummer>900</kamervraagnummer>"
    '<kamervraagomschrijving type="vraag">Vragen van het lid <naam><achternaam>Dassen'
    "</achternaam></naam> (Volt) aan de Minister van Financiën over "
    "<kamervraagonderwerp>het bericht X</kamervraagonderwerp> (ingezonden "
    '<datum isodatum="2024-01-16">16 januari 2024</datum>).</kamervraagomschrijving>'
)


def test_footnotes_combined_answers_and_markup() -> None:
    body = (
        "<vraag><nr>Vraag 1</nr><al>Kent u het bericht?"
        '<noot id="n1" type="voet"><noot.nr>1</noot.nr><noot.al><nadruk type="cur">NRC</nadruk>,'
        ' 1 januari 2024, <extref soort="URL" doc="https://nrc.nl/x">nrc.nl</extref>'
        "</noot.al></noot></al></vraag>"
        "<vraag><nr>Vraag 2</nr><al>Deelt u de zorg (zie ook noot"
        '<nootref refid="n2"/>)?</al></vraag>'
        "<vraag><nr>Vraag 3</nr><al>Wat doet u?</al></vraag>"
        "<vraag><nr>Vraag 4</nr><al>Wanneer?\n      Graag   snel.</al></vraag>"
        "<antwoord><nr>Antwoord 1</nr><al>Ja.<nootref refid='n1'/></al></antwoord>"
        "<antwoord><nr>Antwoord 2 t/m 4</nr><al>Zie de brief"
        '<noot id="n2"><noot.nr>2</noot.nr><noot.al>Kamerstuk 1</noot.al></noot>.</al>'
        '<lijst type="ongemarkeerd"><li><li.nr>–</li.nr><al>eerste</al></li>'
        "<li><li.nr>–</li.nr><al>tweede</al></li></lijst></antwoord>"
        "<ondertekening><functie>De Minister,</functie><naam>Y</naam></ondertekening>"
    )
    got = parse_bytes(letter_xml(body, QUESTION_HEADER), "brief.xml")
    assert got["format"] == "xml" and got["kind"] == "answer"
    assert [q["text"] for q in got["questions"]] == [
        "Kent u het bericht?[^1]",
        "Deelt u de zorg (zie ook noot[^2])?",
        "Wat doet u?",
        "Wanneer? Graag snel.",
    ]
    assert got["answers"] == [
        {"numbers": ["1"], "text": "Ja.[^1]"},
        {"numbers": ["2", "3", "4"], "text": "Zie de brief[^2].\n\n– eerste\n\n– tweede"},
    ]
    assert got["footnotes"] == [
        {"number": 1, "text": "NRC, 1 januari 2024, nrc.nl"},
        {"number": 2, "text": "Kamerstuk 1"},
    ]
    assert (got["session"], got["number"], got["submitted"]) == ("2023-2024", "900", "2024-01-16")
    assert [(a["name"], a["party"]) for a in got["askers"]] == [("Dassen", "Volt")]
    assert got["title"] == "het bericht X"
    assert {"text": "De Minister, Y", "reason": "ondertekening: the signature"} in got["discarded"]
    assert got["warnings"] == []


def test_a_mededeling() -> None:
    header = QUESTION_HEADER + (
        '<kamervraagomschrijving type="mededeling">Mededeling van Minister Van Rij (Financiën)'
        ' (ontvangen <datum isodatum="2024-02-06">6 februari 2024</datum>).'
        "</kamervraagomschrijving>"
    )
    body = (
        "<vraag><nr>Vraag 1</nr><al>Kent u het bericht?</al></vraag>"
        "<kamervraagopmerking><al>Mededeling</al><al>De vragen kunnen niet binnen de "
        "gebruikelijke termijn worden beantwoord.</al></kamervraagopmerking>"
    )
    got = parse_bytes(letter_xml(body, header), "brief.xml")
    assert got["kind"] == "postponement"
    assert (
        got["notice"] == "De vragen kunnen niet binnen de gebruikelijke termijn worden beantwoord."
    )
    assert got["received"] == "2024-02-06"
    assert got["responders"][0]["name"] == "Van Rij"
    assert {"text": "Mededeling", "reason": "label: notice"} in got["discarded"]


def test_old_element_names() -> None:
    body = (
        "<vraagnummer>2004Z01234</vraagnummer><omschr>Vragen van het lid Van der Ham (D66) aan"
        " de Minister van Justitie over het bericht Y (ingezonden 3 maart 2004).</omschr>"
        '<vraag><nummer>1</nummer><al>Is dit waar?<noot nr="1">De Telegraaf, 2 maart 2004'
        "</noot></al></vraag><vraag><nummer>2</nummer><al>Waarom?</al></vraag>"
        "<toelicht><al>Toelichting: deze vragen vullen eerdere vragen aan.</al></toelicht>"
    )
    got = parse_bytes(letter_xml(body, root="vragen"), "kv-tk-2004Z01234.xml")
    assert got["kind"] == "questions" and got["submitted"] == "2004-03-03"
    assert got["questions"] == [
        {"number": "1", "text": "Is dit waar?[^1]"},
        {"number": "2", "text": "Waarom?"},
    ]
    assert got["footnotes"] == [{"number": 1, "text": "De Telegraaf, 2 maart 2004"}]
    assert [(a["name"], a["party"]) for a in got["askers"]] == [("Van der Ham", "D66")]
    assert got["zaak"] == ["2004Z01234"]
    assert {
        "text": "Toelichting: deze vragen vullen eerdere vragen aan.",
        "reason": "toelicht: askers' note, no field",
    } in got["discarded"]


def test_an_old_notice_without_labels_is_the_notice() -> None:
    body = (
        "<omschr>Mededeling van de Minister van Justitie (ontvangen 1 april 2004).</omschr>"
        "<al>De vragen van het lid X kunnen niet binnen drie weken worden beantwoord.</al>"
    )
    got = parse_bytes(letter_xml(body, root="reactie"), "ah-tk-20032004-1.xml")
    assert got["kind"] == "postponement" and got["notice"].startswith("De vragen van het lid")


def test_an_unlabelled_question_is_numbered_by_position_with_a_warning() -> None:
    body = "<vraag><nr>Vraag 1</nr><al>Een?</al></vraag><vraag><al>Twee?</al></vraag>"
    got = parse_bytes(letter_xml(body, QUESTION_HEADER), "brief.xml")
    assert [q["number"] for q in got["questions"]] == ["1", "2"]
    assert "question with no label: numbered 2 by its position" in got["warnings"]


def test_the_format_is_told_by_content_not_name(tmp_path: Path) -> None:
    body = "<vraag><nr>Vraag 1</nr><al>Een?</al></vraag>"
    assert parse_bytes(letter_xml(body, QUESTION_HEADER), "brief.txt")["format"] == "xml"
    html = render_html(parse_bytes(PDFS[0].read_bytes(), PDFS[0].name))
    assert parse_bytes(html, "brief.pdf")["format"] == "html"
    error_page = b"<!DOCTYPE html><html><body><h1>Pagina niet gevonden</h1></body></html>"
    with pytest.raises(ParseError, match="HTML page without a letter"):
        parse_bytes(error_page, "ah-tk-20232024-1.pdf")
    with pytest.raises(ParseError, match="metadata.xml"):
        parse_bytes(b'<metadata_gegevens><metadata name="a" content="b"/></metadata_gegevens>', "x")
    with pytest.raises(ParseError, match="root <rss>"):
        parse_bytes(b'<?xml version="1.0"?><rss><channel/></rss>', "x.xml")


def test_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPGEHEIM")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>'
        "<officiele-publicatie><kamervragen><vraag><nr>Vraag 1</nr><al>&e; Een?</al></vraag>"
        "</kamervragen></officiele-publicatie>"
    ).encode()
    assert "TOPGEHEIM" not in json.dumps(parse_bytes(data, "x.xml"))


def test_html_navigation_and_footnote_captions_go_to_discarded(pdf_letters) -> None:
    letter = pdf_letters["ah-tk-20232024-1178"]
    got = parse_bytes(render_html(letter), "ah-tk-20232024-1178.html")
    reasons = {d["reason"] for d in got["discarded"]}
    assert {"HTML outside the letter (page navigation)", "footnote pop-up caption"} <= reasons
    assert {"HTML page title", "header: parsed into metadata"} <= reasons


# --- metadata.xml --------------------------------------------------------------------------


def test_metadata_fills_what_the_letter_does_not_say() -> None:
    body = "<vraag><nr>Vraag 1</nr><al>Een?</al></vraag>"
    bare = parse_bytes(letter_xml(body), "brief.xml")
    assert (bare["id"], bare["title"], bare["askers"], bare["submitted"]) == (
        "brief",
        None,
        [],
        None,
    )
    meta = read_metadata_xml(
        b'<metadata_gegevens><metadata name="DC.identifier" content="kv-tk-2024Z00001"/>'
        b'<metadata name="DC.title" content="Vragen van het lid Sneller (D66) aan de minister'
        b' over quantumproof encryptie"/><metadata name="OVERHEIDop.indiener" content="J.A.'
        b' Sneller"/><metadata name="OVERHEIDop.indiener" content="W.S.M. van Haga"/>'
        b'<metadata name="OVERHEIDop.datumIndiening" content="2024-01-16"/>'
        b'<metadata name="OVERHEIDop.vergaderjaar" content="2023-2024"/>'
        b'<metadata name="OVERHEIDop.vraagnummer" content="2024Z00001"/>'
        b'<metadata name="OVERHEIDop.ontvanger" content="Minister van Financi\xc3\xabn"/>'
        b"</metadata_gegevens>"
    )
    got = apply_metadata(bare, meta, "metadata.xml")
    assert got["id"] == "kv-tk-2024Z00001" and got["zaak"] == ["2024Z00001"]
    assert got["title"] == "quantumproof encryptie"
    assert got["askers"] == [
        {"name": "Sneller", "party": None},
        {"name": "Van Haga", "party": None},
    ]
    assert (got["submitted"], got["session"]) == ("2024-01-16", "2023-2024")
    assert got["addressees"] == ["Minister van Financiën"]
    assert got["warnings"] == bare["warnings"]
    assert bare["title"] is None  # the letter given is not changed


def test_metadata_never_overrides_what_the_letter_prints(tmp_path: Path, pdf_letters) -> None:
    letter = pdf_letters["ah-tk-20232024-1178"]
    path = tmp_path / "ah-tk-20232024-1178.xml"
    path.write_bytes(render_xml(letter))
    (tmp_path / "ah-tk-20232024-1178.metadata.xml").write_bytes(
        metadata_xml(letter, OVERHEIDop_datumIndiening="2024-01-17", OVERHEIDop_indiener="Dassen")
    )
    got = parse_file(path, sidecars=True)
    assert got["submitted"] == letter["submitted"] == "2024-01-16"
    assert got["askers"] == letter["askers"]
    new = [w for w in got["warnings"] if w not in letter["warnings"]]
    assert new == [
        "ah-tk-20232024-1178.metadata.xml gives submitted '2024-01-17', the letter "
        "'2024-01-16'; kept the letter's",
        "ah-tk-20232024-1178.metadata.xml gives askers ['Dassen'], the letter ['Sneller']; "
        "kept the letter's",
    ]
    assert parse_file(path)["warnings"] == letter["warnings"]


def test_the_xml_date_attribute_checks_the_printed_date() -> None:
    header = QUESTION_HEADER.replace('isodatum="2024-01-16"', 'isodatum="2024-01-15"')
    got = parse_bytes(letter_xml("<vraag><nr>Vraag 1</nr><al>Een?</al></vraag>", header), "b.xml")
    assert got["submitted"] == "2024-01-16"
    assert any("gives submitted '2024-01-15'" in w for w in got["warnings"])


MARKUP = sorted((FIXTURES / "xml").glob("*.xml")) + sorted((FIXTURES / "html").glob("*.html"))
TEXT_NODE = re.compile(r">([^<>]*\S[^<>]*)<")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    letter=st.sampled_from(MARKUP),
    inserts=st.lists(st.tuples(st.floats(0, 1), NOISE), min_size=1, max_size=5),
)
def test_markup_letters_with_noise_in_their_text_keep_every_word(letter: Path, inserts) -> None:
    """Noise (labels, numbers, colophon lines) in the text of any element is kept."""
    text = letter.read_text("utf-8")
    for where, noise in inserts:
        slots = [m.start(1) for m in TEXT_NODE.finditer(text)]
        at = slots[int(where * (len(slots) - 1))]
        text = text[:at] + escape(noise) + text[at:]
    parsed = parse_bytes(text.encode("utf-8"), letter.name)
    source = "\n".join(m[1] for m in TEXT_NODE.finditer(unescape(text)))
    # A text node ends a line here, but an inline element does not end a word.
    assert missing_words(Source.of(source, breaks_join=True), parsed) == []
