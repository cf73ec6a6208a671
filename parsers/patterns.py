"""Every pattern the parser matches, named, in one place.

Letters from 1909 to today, printed, typed and OCR'd, say the same things in slightly
different words; keeping the patterns together shows those variants side by side.
"""

from __future__ import annotations

import re

MONTHS = {
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "augustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
_MONTH_ALT = "|".join(MONTHS)

# "16 januari 2024", OCR "17februari 1993", "1 990" split year, "dd. 21 januari 1993".
DATE = re.compile(
    rf"(?P<day>\d{{1,2}})(?:\s*|-)(?P<month>{_MONTH_ALT}|(?<=\d-)\d{{1,2}}(?=-))-?[\s•·*]*"
    rf"(?P<year>1\s?9\s?\d\s?\d|2\s?0\s?\d\s?\d)",
    re.IGNORECASE,
)
MONTH_AFTER = re.compile(rf"\s*(?:{_MONTH_ALT})\b", re.I)  # "1 december": a date, no marker
# "(ingezonden …)" and "(ontvangen …)" as OCR prints them too: "In-gezonden", "lngezon-den",
# "!nge-zonden", "ingczon-den", "Ontvan-gen". Every pattern that reads these words uses these.
_INGEZONDEN_TAIL = r"n-?\s*g[ec]-?\s*zon-?\s*den"
_INGEZONDEN = rf"[iIlL1!]{_INGEZONDEN_TAIL}"
_ONTVANGEN = r"[oO]nt-?\s*van-?\s*gen"
SUBMITTED = re.compile(rf"\(\s*(?:{_INGEZONDEN})\s*(?:dd\.\s*)?(?P<date>[^)]*)\)", re.I)
RECEIVED = re.compile(rf"\(\s*(?:{_ONTVANGEN}|{_INGEZONDEN})\s*(?P<date>[^)]*)\)", re.I)

# --- identifiers -------------------------------------------------------------------------
AH_ID = re.compile(r"\bah-(?P<house>tk|ek)-(?P<session>\d{8})-(?P<number>\d+)\b")
KV_ID = re.compile(r"\bkv-(?P<house>tk|ek)-(?P<zaak>\d{4}Z\d{5})\b")
ZAAK_NUMBER = re.compile(r"^\s*(?P<zaak>\d{4}Z\d{5})\s*$")
WORD_AH_HEADER = re.compile(r"^\s*AH\s+(?P<number>\d+)\s*$")

# --- masthead and page furniture ---------------------------------------------------------
HOUSE = re.compile(r"\b(?P<house>Tweede|Eerste)\s+Ka\w{2,3}r\b", re.I)
SESSION = re.compile(
    r"(?:[Vv]ergaderjaar|[Zz]itting)\s+(?P<start>\d{4})(?:\s*[-–—]?\s*(?P<end>\d{4}))?"
)
# Pages before 1970 name the session only in the running footer: "Handelingen der
# Staten-Generaal, 1926—1927. II, Aanhangsel", "… — 1909 1910. — II. — Aanhangsel".
OLD_SESSION = re.compile(
    r"Handelingen der Staten-G\S*[\s,.—–-]+(?P<start>1\d{3})\s*[-—–]?\s*(?P<end>1\d{3})"
)
# The words that open a questions header: "Vragen", "VRAGEN", "Nadere vragen",
# "Aanvullende vragen", "Vraag".
QUESTIONS_WORDS = r"(?:(?i:nadere|aanvullende|mondelinge)\s+)?(?i:vragen|vraag)"
NUMBERED_QUESTIONS_HEADER = re.compile(rf"^(\d{{1,4}})[.^,]\s*{QUESTIONS_WORDS}\s")
QUESTIONS_HEADER_LINE = re.compile(rf"(?:\d+\.\s*)?{QUESTIONS_WORDS}\s")
FOOTER_RUNNING = re.compile(
    r"(?:Tweede|Eerste) Kamer, (?:vergad|zitting)\w*"
    r"(?: \d{4}\s*[-–—]\s*\d{4}(?:, (?:Aanhangsel|Vragen)(?: \d+)?)?)?\s*$"
)
FOOTER_LINE = re.compile(
    r"^\s*(?:ah-(?:tk|ek)-\d{8}-\d+|kv-(?:tk|ek)-\d{4}Z\d{5}|h tk \d{8} \d+"
    r"|ISSN 0921\s*-\s*7398.*|[’']?s[- ]?Gravenhage \d{4}.*"
    r"|(?:Tweede|Eerste) Kamer, (?:vergad|zitting)\w*.*"
    r"|\d{6}[A-Z] ISSN.*|-{3,}"
    r"|(?:Deel \w+ )?(?:Buitengewone )?Zitting \d{4}(?:\s*[-—–]\s*\d{4})? Aanhangsel.*"
    r"|(?:EERSTE|TWEEDE) KAMER"
    r"|Handelingen der Staten-G.n.raal.*Aanhangsel\.?"
    r"|Handelingen der Staten-G.n.raal\s*[—–-]\s*Zitting\s+\d{4}\s*[—–-]\s*\d{4}"
    r"|\d{1,4}\s+Aanhangsel)\s*$"
)
PAGE_NUMBER_LINE = re.compile(r"^\s*\d{1,4}\s*$")

# --- labels ------------------------------------------------------------------------------
_ONE = r"\d{1,3}[a-z]?"
_JOIN = (
    r"(?:\s*,\s*|\s+(?i:en)\s+|\s*(?i:en)\s*|\s*&\s*|\s+(?i:t/m)\s+|\s+(?i:tot\s+en\s+met)\s+"
    r"|\s*[-–]\s*|\s+(?=\d))"
)
LABEL_LIST = rf"{_ONE}(?:{_JOIN}{_ONE})*"
_QUESTION_WORD = r"(?i:vra(?:ag|gen))"
_ANSWER_WORDS = r"(?i:antwoord(?:en)?)(?:\s+(?i:op))?(?:\s+(?i:de))?(?:\s+(?i:vraag|vragen))?"
QUESTION_LABEL = re.compile(
    rf"^\s*(?:\*\*)?{_QUESTION_WORD}\s+(?P<labels>{LABEL_LIST})\s*[:.]?(?:\*\*)?\s*$"
)
ANSWER_LABEL = re.compile(
    rf"^\s*(?:\*\*)?{_ANSWER_WORDS}\s+(?P<labels>{LABEL_LIST})\s*[:.]?(?:\*\*)?\s*$"
)
# Labels that start the text's line, as Word exports print them: "Vraag 1: Kunt u …",
# "Antwoord vraag 1 De …", "Antwoord op vraag 2. Nee." After the label a colon, a full
# stop, or a space before a capital (a sentence starting).
_LABEL_END = r"\s*(?:[:.]|(?<=\w)\s(?=[A-ZÀ-Ý«‘'\"“(]))(?:\*\*)?\s*(?P<rest>\S.*)$"
QUESTION_INLINE = re.compile(
    rf"^\s*(?:\*\*)?{_QUESTION_WORD}\s+(?P<labels>{LABEL_LIST}){_LABEL_END}"
)
ANSWER_INLINE = re.compile(rf"^\s*(?:\*\*)?{_ANSWER_WORDS}\s+(?P<labels>{LABEL_LIST}){_LABEL_END}")
BARE_ANSWER_LABEL = re.compile(r"^\s*(?i:antwoord)\s*:\s*(?P<rest>\S.*)$")
LONE_ANSWER_WORD = re.compile(r"^\s*(?:\*\*)?(?i:antwoord)\s*:?(?:\*\*)?\s*$")
# Word letters with questions only: "1. Kunt u ..."
NUMBERED_ITEM = re.compile(r"^\s*(?P<label>\d{1,2}[a-z]?)[.)]\s+(?P<rest>\S.*)$")
# Word's list number left alone on its line when the export drops the list: "1", "2."
NUMBER_LINE = re.compile(r"^\s*(?P<label>\d{1,2}[a-z]?)[.)]?\s*$")
LABEL_RANGE = re.compile(r"^(?P<a>\d+)\s*(?:t/m|tot\s+en\s+met|[-–])\s*(?P<b>\d+)$")

# --- header ------------------------------------------------------------------------------
QUESTIONS_HEADER = re.compile(
    r"(?:Nadere\s+|Mondelinge\s+)?(?:Vragen|VRAGEN|vragen|Vraag)\s+van\s+(?:de\s+|den\s+|het\s+)?"
    r"(?:leden\s+(?:lid\s+)?|lid\s+|heer\s+|heeren\s+|mevrouw\s+|mejuffrouw\s+)?"
)
ANSWER_HEADER = re.compile(r"\b(?:Antwoord|ANTWOORD)\s+van\b")
NOTICE_HEADER = re.compile(r"\bMededeling\s+van\b")
RESPONDER = re.compile(
    r"(?P<role>Minister-President|[Mm]inister(?:[- ][Pp]resident)?|[Ss]taatssecretaris"
    r"|[Ss]taats-\s*secretaris)\s*(?P<name>(?:[A-Z'’]|Van |De |ter |ten |in 't )"
    r"[^()]*?)\s*(?:\((?!\s*(?:[IiLl]n-?\s*gezonden|[Oo]ntvangen))"
    r"(?P<portfolio>[^()]*(?:\([^()]*\))?[^()]*)\)"
    r"|\((?P<open_portfolio>[^()]*?)\s*(?=\([Oo]ntvangen))"
)
ON_BEHALF = re.compile(
    r"mede\s+namens\s+(?:de\s+)?(?P<who>.*?)(?=\(ontvangen|\(Ontvangen|\.\s*\(|$)", re.I | re.S
)
ON_BEHALF_ROLE = re.compile(
    r"(?P<role>[Mm]inisters?(?:-[Pp]resident)?|[Ss]taats-?\s*secretaris(?:sen)?)"
    r"\s+(?:van|voor)\s+(?P<portfolio>.+)"
)
ADDRESSEES = re.compile(
    r"\baan\s+de\s*(?P<who>[A-Zms].+?)(?:\s+|(?<=[a-z]))(?:over|inzake|betreffende)(?=\s|de\s|het\s)",
    re.S,
)
SUBJECT = re.compile(
    r"(?:\s|(?<=[a-z]))(?:over|in-?\s*zake:?|betreffende|m\.b\.t\.|met\s+be-?\s*trekking\s+tot"
    r"|in\s+verband\s+met)\s*(?P<title>.+?)\s*\.?\s*"
    rf"(?:\((?:{_INGEZONDEN})|\(\d{{4}}Z\d{{5}}\)|$)",
    re.S,
)
# The answer's (or notice's) header on an OCR page, up to its date and an optional
# "zie ook …" reference: "Antwoord Antwoord van minister X (Y). (Ontvangen 4 maart 1993)".
# The header may run over two blocks, with blank lines between them in some exports.
DATED_ANSWER_HEADER = re.compile(
    r"(?:^|\n|\s)(?:Antwoord\s+|Mededeling\s+)?(?P<kind>Antwoord|ANTWOORD|Mededeling)\s+van\b"
    r"[^\n]*?(?:\n(?:[ \t]*\n)*[^\n]*?)?"
    rf"\((?:{_ONTVANGEN}|[IiLl1]{_INGEZONDEN_TAIL})[^)]*\)\.?"
    r"(?:,?\s*[Zz]ie ook [Aa]anhangsel[^\n]*?\d{4}\s*-\s*\d{4}"
    r"|,?\s*[Zz]ie ook [^\n]*?nr\.\s*\d+)?"
)
# "ANTWOORD van de heer Bakker, Minister van Verkeer en Waterstaat", "van den heer van der
# Vegte, Minister van Waterstaat", "van de heeren X en Talma, Ministers van Justitie en van
# …", "van de heer Ter Beek, ministervan Defensie" (OCR glued): 1909–1994 pages.
OLD_RESPONDER = re.compile(
    r"(?:ANTWOORD|Antwoord|Mededeling)\s+van\s+(?:den?\s+)?(?P<title>heer|heeren|heren|mevrouw)\s+"
    r"(?P<name>[^,]+?),\s*"
    r"(?P<role>[Mm]inister|[Ss]taatssecretaris|[Mm]inister-[Pp]resident)(?:s|sen)?\s*(?:van|voor)\s+"
    r"(?P<portfolio>[^.(]+?)\s*[.(]"
)
# "mede namens de heer Polak, Minister van Justitie": a named minister answered for.
ON_BEHALF_NAMED = re.compile(
    r"^(?:den?\s+)?(?:heer|mevrouw)\s+(?P<name>[^,]+?),\s*(?P<role>[Mm]inister|[Ss]taatssecretaris)"
    r"\s*(?:van|voor)\s+(?P<portfolio>.+)"
)
RELATED = re.compile(
    r"[Zz]ie ook [Aa]anhangsel(?: Handelingen)?,?\s*(?:(?:[Vv]ergaderjaar\s*)?"
    r"(?P<start>\d{4})\s*[-–]\s*(?P<end>\d{4}),?\s*(?:nr\.\s*)?(?P<number>\d+)"
    r"|nr\.\s*(?P<number2>\d+),?\s*[Vv]ergaderjaar\s*(?P<start2>\d{4})\s*[-–]\s*(?P<end2>\d{4}))"
)
REMARK = re.compile(r"^\s*Toelichting\s*:")
# What a postponement notice says ("kunnen niet binnen de gebruikelijke termijn worden
# beantwoord", "uitstel van beantwoording"): only then is a letter without items one.
# What a postponement notice says ("kunnen niet binnen de gebruikelijke termijn worden
# beantwoord", "uitstel van beantwoording"): only then is a letter without items one.
_NOT_IN_TIME = r"niet\s+(?:[\w.]+[\s,]+){0,10}binnen\s+den?\s+(?:\w+\s+){0,2}termijn"
NOT_IN_TIME = re.compile(_NOT_IN_TIME, re.I)
POSTPONED = re.compile(
    rf"{_NOT_IN_TIME}|\buitstel\b|\bMededeling\b"
    r"|(?:kunnen|kan|zullen|zal)\s+(?:\w+\s+){0,4}niet\s+(?:\w+\s+){0,3}(?:worden\s+)?"
    r"beantwoord|inlichtingen\s+(?:\w+\s+){0,3}verzocht",
    re.I,
)
# Signs of a letter with items: a "?" ending a sentence, and a line that starts an answer.
QUESTION_SENTENCE = re.compile(r"\w[\w»”’)]*\s?\?(?:\s|$|\[)")
ANSWER_START = re.compile(r"^\s*(?:\d{1,2}[.)]?\s*)?(?:Antwoord|ANTWOORD)(?!\s+van\b)\b", re.M)
NOTICE_WORD = re.compile(r"^\s*Mededeling\s*$")

# A follow-up that continues the question before it, never a question of its own:
# "…bekend? Zo ja, waarom?", "Indien neen, waarom niet?", "Waarom niet?".
FOLLOW_UP_QUESTION = re.compile(
    r"^\s*(?:(?:En\s+)?(?:Zo|Indien|Als)\s+(?:ja|nee|neen|niet)\b|Waarom\s+(?:niet|wel)\s*\?)"
)

# --- footnotes ---------------------------------------------------------------------------
# A body starts with its number, glued or spaced, then something that starts a reference.
FOOTNOTE_BODY_START = re.compile(
    r"^\s*(?P<number>\d{1,2})(?:\)|\s*\.(?=\s))?\s*"
    r"(?P<rest>(?:[A-ZÀ-Ý«‘'\"“(\[]|https?:|www\.|[a-z]+\.[a-z]{2,3}\b|Kamerstuk|\d{4}Z"
    r"|(?<=\d)(?:de|het) [A-Z]).*)$"
)
LONE_NUMBER = re.compile(r"^\s*(?P<number>\d{1,2})\s*$")
MARKER_LIST_LINE = re.compile(r"^\s*(?P<list>\d{1,2}(?:\s*(?:,|en|\s)\s*\d{1,2})+)\s*$")
WORD_MARKER = re.compile(r"\s?(?:(?P<paren>\d{1,2})\)|\[(?P<bracket>\d{1,2})\s*\])")
WORD_FOOTNOTE_BODY = re.compile(
    r"^\s*(?:(?P<paren>\d{1,2})\)|\[(?P<bracket>\d{1,2})\])\s+(?P<rest>.+)$"
)
MARKDOWN_MARKER = re.compile(r"\[(?P<list>\d{1,2}(?:\s+\d{1,2})*)\s*\]")
OCR_APOSTROPHE_MARKER = re.compile(r"(?<=[a-zà-ÿ?])\s?['’](?=[\s.,;:?!)]|$)")
# A word that a number follows ("nr. 2726", "art. 21"): that number is no marker.
NUMBER_WORD_END = re.compile(
    r"\b(?:nr|art|artikel|blz|p|pag|lid|nummer|vraag|vragen|antwoord|bijlage|hoofdstuk"
    r"|paragraaf|lijn|fase|stap|tabel|figuur)\.?\s?$",
    re.I,
)
INLINE_MARKER = re.compile(r"\[\^(?P<number>\d+)\]")

# --- text shape --------------------------------------------------------------------------
SENTENCE_END = re.compile(r"[.?!:;»”’\"')]\s*$")
BULLET = re.compile(r"^\s*(?:[•·▪◦●○■–-]|[a-z]\)|[a-z]\.|\(\w\)|\d+\))\s+")
HYPHEN_END = re.compile(r"(?<=[a-zà-ÿ])-$")
# The word after a suspended compound broken at its hyphen: "in-" / "en uitpompen",
# "wet-" / "of regelgeving" keep the hyphen and the space; "verant-" / "woordelijk" joins.
SUSPENDED_COMPOUND_NEXT = re.compile(r"(?:en|of|tot|t/m)\b")
URL = re.compile(r"https?://\S+")
# Digits the OCR confuses in item numbers ("8. Zoo ja" for 3): tried only where the printed
# number cannot be the next item's.
OCR_DIGIT_MISREAD = {"8": "3", "3": "8", "6": "5", "5": "6"}
OCR_ITEM = re.compile(
    r"(?:^|(?<=[?.!)»'’:;] )|(?<=\bJa )|(?<=\bJa-)|(?<=\bNee )"
    # … and after an answer whose own number is glued to it: "1Ja 2Ja, maar …"
    r"|(?<=\dJa )|(?<=\dJa-)|(?<=\dNee ))\s*(?P<labels>\d{1,2}[a-f]?"
    r"(?:(?:\s*,\s*|\s*en\s*|\s+t/m\s+)\d{1,2}[a-f]?)*)\s*\.?\s*(?=[A-Z«])",
    re.M,
)
# What every OCR_ITEM match starts with (the anchors before it take no text): white space
# and a digit. OCR_ITEM itself has no fixed first character, so the regex engine tries it at
# every position; segment.ocr_items tries it only where this leads.
OCR_ITEM_LEAD = re.compile(r"\s*\d")
# A Zaak number, the whole value of a metadata field (official XML, metadata.xml).
ZAAK_ID = re.compile(r"^\d{4}Z\d{5}$")
SPACED_ACCENT = re.compile(r"(?P<letter>[A-Za-z])\s?(?P<accent>[´`¨ˆ˜¸ˇ])")

# --- The register (parsers/register/): names of people, parties and ministries as printed ---

# normalize.py: what is print, not identity, in a name.
# Words before a name that are not part of it: "de heer", "mevrouw", "heren", "lid",
# titles. Run-together forms ("heerTummers") are split first (split_run_together).
HONORIFIC = re.compile(
    r"^(?:(?:de|den|der|het)\s+)?"
    r"(?:heer|heren|heeren|mevrouw|mevr|mejuffrouw|mej|juffrouw|leden|lid|"
    r"jhr|jonkheer|jkvr|mr|dr|drs|ir|ing|prof|ds)\b\.?\s*(?=\S)",
    re.IGNORECASE,
)
NOT_LETTER_OR_DIGIT = re.compile(r"[^0-9a-z]+")
INITIALS = re.compile(r"^(?:[A-ZÀ-Ý][a-z]{0,2}\.\s*)+")
# Compiled once: these run for every printed name of every letter (the register stage).
NAME_LINE_BREAK_HYPHEN = re.compile(r"(?<=[a-zà-ÿ])-\s*(?=[a-zà-ÿ])")
LOST_SPACE = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Ý])")
BROKEN_WORD = re.compile(r"(?P<head>[A-Za-zÀ-ÿ])-\s*(?P<rest>[a-zà-ÿ][a-zà-ÿ']*)")
NAME_DEBRIS = re.compile(r"[»«*•·„”“\"|_~^]+")
SPACES = re.compile(r"\s+")
NAME_DASH = re.compile(r"\s*[-–]\s*(?=[A-ZÀ-Ýa-z])")

# annotate.py: Zaak numbers, askers and addressees in a letter.
ZAAK = re.compile(r"\b(?:19|20)\d\dZ\d{4,6}\b")
# What every ZAAK match contains; a pattern that starts with a literal is searched for by
# fast scanning, ZAAK (which starts with \b) is tried at every position.
ZAAK_HINT = re.compile(r"Z\d")
# Two names run into one asker by OCR: a comma read as a full stop ("Van lersel. Van
# Amelsvoort"). Only after a word of three or more lower-case letters, so initials stay.
TWO_NAMES = re.compile(r"(?<=[a-zà-ÿ]{3})\.\s+(?=[A-ZÀ-Ý])")
# "de minister-president" heads Algemene Zaken.
MINISTER_PRESIDENT = re.compile(r"\s*(?:de\s+)?minister-?\s*president\W*", re.IGNORECASE)
ADDRESSEE_SPLIT = re.compile(
    r",\s*(?:bij\s+afwezigheid\s+van\s+)?(?:de\s+)?(?=(?:minister|staats))", re.IGNORECASE
)
ADDRESSEE_ROLE = re.compile(
    r"^\s*(?:de\s+)?(?:(?:minister(?:-?president)?s?|staats-?\s*secretaris(?:sen)?)"
    r"(?:\s+en\s+(?:de\s+)?(?:minister|staatssecretaris))?)\s*(?:(?:van|voor)\b\s*)?",
    re.IGNORECASE,
)
# "de vragen van den heer Sannes", "door den heer mr. Drucker gesteld", "het lid Van Dijk".
RESTATED_NAME = re.compile(
    r"\b(?:heer|heeren|heren|lid|leden|mevrouw|mejuffrouw)\s+"
    r"(?:(?:mr|dr|drs|ir|jhr|prof)\.\s*)*(?:(?:van|de|der|den|ter|ten)\s+)*"
    r"([A-ZÀ-Ý][a-zà-ÿ]{3,})(?![\w-])"
)
# The words a RESTATED_NAME match starts with ("heeren" starts with "heer"): see restated_words.
RESTATED_NAME_STARTS = ("heer", "heren", "lid", "leden", "mevrouw", "mejuffrouw")

# resolve.py: a ministry or post named with its role and portfolios.
ROLE_PREFIX = re.compile(
    r"^\s*(?:het\s+)?(?:ministerie|minister(?:-?president)?s?|staats-?\s*secretaris(?:sen)?)"
    r"\s+(?:van|voor)\s+",
    re.IGNORECASE,
)
PORTFOLIO_DASH = re.compile(r"\s+[–—-]\s+")
SEVERAL_PORTFOLIOS = re.compile(r"\s+en\s+(?:van|voor)\s+|,\s*(?:van|voor)\s+", re.IGNORECASE)
