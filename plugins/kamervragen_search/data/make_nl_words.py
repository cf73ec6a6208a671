"""Write nl_words.tsv, the Dutch word list the compound splitter knows parts from.

    pip install wordfreq==3.1.1
    cd plugins/kamervragen_search/data && python make_nl_words.py > nl_words.tsv

Not run by the build: the list is data, versioned beside this script, and nothing is
downloaded at build or run time. wordfreq is not a dependency of the project.

Kept: lower-case alphabetic words of 4 to 24 letters with a Zipf frequency of at least
MIN_ZIPF in wordfreq's large Dutch list, with their Zipf frequency (log10 of occurrences per
billion words, one decimal). Left out: derivational endings that wordfreq counts as words
(EXCLUDED), which would split "veiligheid" into "veilig" + "heid".
"""

from __future__ import annotations

import re
import sys

import wordfreq

MIN_ZIPF = 2.5
EXCLUDED = frozenset(
    "heid heden schap schappen ling lingen lijk lijke baar bare achtig achtige ties tie "
    "ingen isch ische atie aties teit iteit erij erijen nis nissen".split()
)
WORD = re.compile(r"[a-zà-öø-ÿ]{4,24}")


def main() -> None:
    out = sys.stdout
    out.write(
        "# Dutch words and their Zipf frequency, the known parts of the compound splitter\n"
        "# (plugins/kamervragen_search/compounds.py).\n"
        "# Source: wordfreq 3.1.1 (Robyn Speer), list 'large', language 'nl';\n"
        "# data licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/),\n"
        "# see wordfreq's README for its sources. Made by make_nl_words.py beside this file:\n"
        f"# words of 4-24 letters, Zipf >= {MIN_ZIPF}, without derivational endings.\n"
    )
    for word in wordfreq.iter_wordlist("nl", wordlist="large"):
        if not WORD.fullmatch(word) or word in EXCLUDED:
            continue
        zipf = wordfreq.zipf_frequency(word, "nl", wordlist="large")
        if zipf < MIN_ZIPF:
            break  # the list is in order of frequency
        out.write(f"{word}\t{zipf:.1f}\n")


if __name__ == "__main__":
    main()
