"""Pelican settings for development builds (`make site`, `make serve`).

publishconf.py layers the publishing settings (absolute URLs, feeds) on top of these.
"""

import os

AUTHOR = "Kamervragen Archive"
SITENAME = "Kamervragen Archief"
SITEURL = ""
TIMEZONE = "Europe/Amsterdam"
DEFAULT_LANG = "nl"

PATH = "content"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
# kamervragen: reads letters through parsers/ and writes letter, pair and index pages.
# kamervragen_search: builds the lunr index from the letters' JSON exports.
PLUGINS = ["kamervragen", "kamervragen_search"]

# A letter that cannot be parsed is reported and skipped; strict builds (CI) fail on it.
KAMERVRAGEN_STRICT = os.environ.get("KAMERVRAGEN_STRICT", "") not in ("", "0")
