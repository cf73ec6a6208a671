"""How a printed name is compared with the register: the forms that differ only in print.

Dots, spaces, apostrophes, hyphens, accents and case are print, not identity ("P.v.d.A." is
"PvdA", "D'66" is "D66", "Bin-nenlandse Zaken" is "Binnenlandse Zaken"), so they are folded
away before any comparison. What is left over after folding (an OCR letter read wrong) is for
fuzzy matching against the register, never for a list of bad spellings.
"""

from __future__ import annotations

import re
import unicodedata

from parsers import patterns as p

# Particles of Dutch surnames (tussenvoegsels); after a hyphen they are part of a double
# surname ("Beckers-de Bruijn"), not the rest of a word broken at the line end.
PARTICLES = frozenset("van de der den het te ter ten op in 't d' la le du des von zu".split())


def fold(text: str) -> str:
    """Accents and case removed, and everything but letters and digits: the comparison key."""
    text = text.replace("&", "en")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return p.NOT_LETTER_OR_DIGIT.sub("", ascii_text.casefold())


def fold_words(text: str) -> str:
    """Like fold, but keeps word boundaries and joins line-break hyphens: for fuzzy matching."""
    text = p.NAME_LINE_BREAK_HYPHEN.sub("", text)  # "Onder-wijs" -> "Onderwijs"
    text = text.replace("&", " en ")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(p.NOT_LETTER_OR_DIGIT.sub(" ", ascii_text.casefold()).split())


def slug(text: str) -> str:
    """The URL form of a name: ASCII, lower case, hyphens (the README's slug rule)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "onbekend"


def split_run_together(text: str) -> str:
    """ "heerTummers" -> "heer Tummers", "DaniëlleJansen" -> "Daniëlle Jansen".

    A capital right after a lower-case letter inside a word is a lost space: Dutch names do
    not write a capital mid-word except after a hyphen or apostrophe.
    """
    return p.LOST_SPACE.sub(" ", text)


def join_broken_words(text: str) -> str:
    """ "Lam-berts" -> "Lamberts"; "Beckers-de Bruijn" and "Wassen-Van Schaveren" stay.

    A hyphen followed by a lower-case letter is a line-end break unless what follows is a
    surname particle (the second half of a double surname).
    """
    return p.BROKEN_WORD.sub(_repair_broken_word, text)


def _repair_broken_word(match: re.Match[str]) -> str:
    rest = match["rest"]
    if rest.lower() in PARTICLES:
        return match[0]
    return match["head"] + rest


def strip_debris(text: str) -> str:
    """OCR marks that are never part of a name: », *, •, stray digits at the edges."""
    text = p.NAME_DEBRIS.sub("", text)
    text = p.SPACES.sub(" ", text)
    return text.strip(" .,;:-–0123456789")


def clean_person_name(printed: str) -> str:
    """The name as a reader should see it: honorifics gone, print damage repaired.

    Only repairs that follow from the form itself (see the functions above); anything that
    needs knowledge of who is meant is the register's job.
    """
    name = strip_debris(split_run_together(printed))
    name = p.NAME_DASH.sub("-", name)  # "Wassen - Van" and "Wassen–Van": one hyphen
    name = join_broken_words(name)
    previous = None
    while previous != name:
        previous = name
        name = p.HONORIFIC.sub("", name).strip()
    return name


def split_initials(name: str) -> tuple[str, str]:
    """ "K. A. Keuning" -> ("K.A.", "Keuning"); "Inge van Dijk" -> ("", "Inge van Dijk")."""
    match = p.INITIALS.match(name)
    if not match:
        return "", name
    initials = p.SPACES.sub("", match[0])
    return initials, name[match.end() :].strip()
