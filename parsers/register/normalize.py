"""How a printed name is compared with the register: the forms that differ only in print.

Dots, spaces, apostrophes, hyphens, accents and case are print, not identity ("P.v.d.A." is
"PvdA", "D'66" is "D66", "Bin-nenlandse Zaken" is "Binnenlandse Zaken"), so they are folded
away before any comparison. What is left over after folding (an OCR letter read wrong) is for
fuzzy matching against the register, never for a list of bad spellings.
"""

from __future__ import annotations

import re
import unicodedata

# Words before a name that are not part of it: "de heer", "mevrouw", "heren", "lid",
# titles. Run-together forms ("heerTummers") are split first (split_run_together).
HONORIFIC = re.compile(
    r"^(?:(?:de|den|der|het)\s+)?"
    r"(?:heer|heren|heeren|mevrouw|mevr|mejuffrouw|mej|juffrouw|leden|lid|"
    r"jhr|jonkheer|jkvr|mr|dr|drs|ir|ing|prof|ds)\b\.?\s*(?=\S)",
    re.IGNORECASE,
)
# Particles of Dutch surnames (tussenvoegsels); after a hyphen they are part of a double
# surname ("Beckers-de Bruijn"), not the rest of a word broken at the line end.
PARTICLES = frozenset("van de der den het te ter ten op in 't d' la le du des von zu".split())
_ONLY_LETTERS = re.compile(r"[^0-9a-z]+")
_INITIALS = re.compile(r"^(?:[A-ZÀ-Ý][a-z]{0,2}\.\s*)+")
# Compiled once: these run for every printed name of every letter (the register stage).
_LINE_BREAK_HYPHEN = re.compile(r"(?<=[a-zà-ÿ])-\s*(?=[a-zà-ÿ])")
_LOST_SPACE = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Ý])")
_BROKEN_WORD = re.compile(r"(?P<head>[A-Za-zÀ-ÿ])-\s*(?P<rest>[a-zà-ÿ][a-zà-ÿ']*)")
_DEBRIS = re.compile(r"[»«*•·„”“\"|_~^]+")
_SPACES = re.compile(r"\s+")
_DASH = re.compile(r"\s*[-–]\s*(?=[A-ZÀ-Ýa-z])")


def fold(text: str) -> str:
    """Accents and case removed, and everything but letters and digits: the comparison key."""
    text = text.replace("&", "en")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _ONLY_LETTERS.sub("", ascii_text.casefold())


def fold_words(text: str) -> str:
    """Like fold, but keeps word boundaries and joins line-break hyphens: for fuzzy matching."""
    text = _LINE_BREAK_HYPHEN.sub("", text)  # "Onder-wijs" -> "Onderwijs"
    text = text.replace("&", " en ")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(_ONLY_LETTERS.sub(" ", ascii_text.casefold()).split())


def slug(text: str) -> str:
    """The URL form of a name: ASCII, lower case, hyphens (the README's slug rule)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "onbekend"


def split_run_together(text: str) -> str:
    """ "heerTummers" -> "heer Tummers", "DaniëlleJansen" -> "Daniëlle Jansen".

    A capital right after a lower-case letter inside a word is a lost space: Dutch names do
    not write a capital mid-word except after a hyphen or apostrophe.
    """
    return _LOST_SPACE.sub(" ", text)


def join_broken_words(text: str) -> str:
    """ "Lam-berts" -> "Lamberts"; "Beckers-de Bruijn" and "Wassen-Van Schaveren" stay.

    A hyphen followed by a lower-case letter is a line-end break unless what follows is a
    surname particle (the second half of a double surname).
    """
    return _BROKEN_WORD.sub(_repair_broken_word, text)


def _repair_broken_word(match: re.Match[str]) -> str:
    rest = match["rest"]
    if rest.lower() in PARTICLES:
        return match[0]
    return match["head"] + rest


def strip_debris(text: str) -> str:
    """OCR marks that are never part of a name: », *, •, stray digits at the edges."""
    text = _DEBRIS.sub("", text)
    text = _SPACES.sub(" ", text)
    return text.strip(" .,;:-–0123456789")


def clean_person_name(printed: str) -> str:
    """The name as a reader should see it: honorifics gone, print damage repaired.

    Only repairs that follow from the form itself (see the functions above); anything that
    needs knowledge of who is meant is the register's job.
    """
    name = strip_debris(split_run_together(printed))
    name = _DASH.sub("-", name)  # "Wassen - Van" and "Wassen–Van": one hyphen
    name = join_broken_words(name)
    previous = None
    while previous != name:
        previous = name
        name = HONORIFIC.sub("", name).strip()
    return name


def split_initials(name: str) -> tuple[str, str]:
    """ "K. A. Keuning" -> ("K.A.", "Keuning"); "Inge van Dijk" -> ("", "Inge van Dijk")."""
    match = _INITIALS.match(name)
    if not match:
        return "", name
    initials = _SPACES.sub("", match[0])
    return initials, name[match.end() :].strip()
