"""A real title for every letter, never its id.

In order: the subject printed in the header ("over quantumproof encryptie"); else the subject
of another letter in its thread (a Word answer letter has no subject line, its question letter
has); else a description made from the letter itself: who answered (or asked) and the first
question's subject words ("Antwoord van minister Ollongren en minister Kaag op vragen over de
gevolgen van het hackschandaal met behulp van de Pegasus-software").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .render import dutch_list

if TYPE_CHECKING:
    from .model import LetterView
    from .threads import Thread

_MARK = re.compile(r"\[\^\d+\]")
# What a question is about, after the words that open it: "Bent u bekend met het bericht …",
# "Hebt u kennisgenomen van …", "Wat is uw reactie op …".
_OPENING = re.compile(
    r"^(?:\d+[.)]?\s*)?(?:(?:Bent|Is|Zijn)\s+u\s+(?:bekend|op de hoogte)\s+(?:met|van)"
    r"|(?:Hebt|Heeft)\s+u\s+(?:kennis\s*genomen|kennisgenomen|gehoord|gelezen)\s+(?:van|over)"
    r"|(?:Wat\s+is|Hoe\s+luidt)\s+uw\s+(?:reactie|oordeel|opvatting)\s+(?:op|over)"
    r"|Bent\s+u\s+het\s+(?:eens|oneens)\s+met(?:\s+de\s+stelling\s+dat)?"
    r"|(?:Hoe|Waarom|Wanneer|Waar)\s+(?:is|zijn|wordt|worden|heeft|hebben)(?=\s+(?:het|de|een)\s)"
    r"|Kent\s+u"
    r"|Wat\s+vindt\s+u\s+van)\s+",
    re.IGNORECASE,
)
# Where the subject phrase ends: a relative clause, a comma, the question mark.
_CLAUSE_END = re.compile(
    r"\s+(?:waarbij|waarin|waaruit|waarop|waarmee|dat|die|en\s+wat|en\s+zo\s+ja|omdat|nu)\s"
    r"|[,?;:(]|\.\s|\.$"
)
# A quoted title: «…», “…”, ‘…’ (an ’ inside a word, "VvE’s", does not close it).
_QUOTED = re.compile(
    r"«[^»]{6,160}»|“[^”]{6,160}”|‘.{6,160}?['’](?=[?.,;:)]|$)|‘.{6,160}?['’](?![\w])"
    r"|'[^']{6,160}'(?![\w])"
)
# A participle ends the subject of "Hoe is het X tot stand gekomen": "het X".
_VERB_TAIL = re.compile(r"\s(?:tot\s+stand\s+)?ge[a-zà-ÿ]+(?:d|t|en)$")
MAX_WORDS = 14


def subject_words(question: str | None) -> str | None:
    """The subject of a question as a phrase: "de gevolgen van … de Pegasus-software"."""
    if not question:
        return None
    text = " ".join(_MARK.sub("", question).split())
    quoted = _QUOTED.search(text)
    opening = _OPENING.match(text)
    if opening:
        rest = text[opening.end() :]
        # Keep a quoted title whole: "het bericht «Crisis UWV nog groter, ook …»".
        if quoted and quoted.start() >= opening.end() and quoted.start() - opening.end() < 40:
            phrase = text[opening.end() : quoted.end()]
        else:
            end = _CLAUSE_END.search(rest)
            phrase = rest[: end.start()] if end else rest
            tail = _VERB_TAIL.search(phrase)
            phrase = phrase[: tail.start()] if tail else phrase
    elif quoted:
        lead = text[: quoted.start()].split()[-2:]  # "het rapport ‘Bouwstenen …’"
        phrase = " ".join([*lead, quoted.group(0)])
        if lead and lead[-1].lower() not in ("het", "de", "rapport", "bericht", "artikel"):
            phrase = quoted.group(0)
    else:
        return None
    words = phrase.split()
    if len(words) < 2:
        return None
    if len(words) > MAX_WORDS:
        phrase = " ".join(words[:MAX_WORDS]) + " …"
    return phrase.strip(" ,.")


def _people(letter: LetterView) -> str:
    responders = [r for r in letter.data.get("responders", []) if not r.get("on_behalf")]
    parts = []
    for responder in responders:
        names = [p["name"] for p in responder.get("people") or []] or [responder.get("name", "")]
        for name in names:
            surname = _surname(name)
            if surname:
                parts.append(f"{responder.get('role', '')} {surname}".strip())
    return " en ".join(parts)


def _surname(name: str) -> str:
    """Responders are named by surname in titles, as the letters do ("minister Kaag")."""
    from parsers.register import default_register

    for person in default_register().people.values():
        if person.name == name:
            return person.surname
    return name


def _askers(letter: LetterView) -> str:
    names = [
        p["name"]
        for a in letter.data.get("askers", [])
        for p in (a.get("people") or [{"name": a.get("name", "")}])
        if p.get("name")
    ]
    if not names:
        return ""
    return dutch_list(names)


def describe(letter: LetterView) -> str:
    """A title made from the letter: kind, who, and what the first question is about."""
    first = next((p.question for p in letter.pairs if p.question), None)
    about = subject_words(first) or subject_words(letter.data.get("notice"))
    who = _people(letter)
    if letter.kind == "questions":
        askers = _askers(letter)
        head = f"Vragen van {askers}" if askers else "Schriftelijke vragen"
    elif letter.kind == "postponement":
        head = f"Uitstel van antwoord door {who}" if who else "Uitstel van antwoord"
    else:
        head = f"Antwoord van {who}" if who else "Antwoord"
    if about:
        head += f" {'op vragen over' if letter.kind == 'answer' else 'over'} {about}"
    elif letter.kind != "questions" and letter.date:
        from .model import dutch_date

        head += f" ({dutch_date(letter.date)})"
    return head


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def choose_title(letter: LetterView, thread: Thread | None) -> tuple[str, str]:
    """(title, source): source is "header", "thread" or "description" (letter.schema.json)."""
    printed = (letter.data.get("title") or "").strip()
    if printed:
        return _capital(printed), "header"
    if thread is not None:
        for other in thread.letters:
            subject = (other.data.get("title") or "").strip()
            if other is not letter and subject:
                return _capital(subject), "thread"
    return _capital(describe(letter)), "description"
