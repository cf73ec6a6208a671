"""Pelican settings for development builds (`make site`, `make serve`).

publishconf.py layers the publishing settings (absolute URLs, feeds) on top of these.
"""

import os
import sys

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
# Pelican's closing line counts articles and pages, of which this site has none; the
# kamervragen plugin's Pelican class prints what was built after it (letters, pairs, pages,
# skipped letters). Pelican imports PELICAN_CLASS before it loads plugins, so plugins/ must be
# importable from here.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "plugins"))
PELICAN_CLASS = "kamervragen.ArchivePelican"

# "Nog niet beantwoord, N dagen" and the open questions on /statistiek/ are counted to this
# day: KAMERVRAGEN_BUILD_DATE (YYYY-MM-DD), else SOURCE_DATE_EPOCH, else today. Set one of
# them for a reproducible build.
KAMERVRAGEN_BUILD_DATE = os.environ.get("KAMERVRAGEN_BUILD_DATE") or None

# A letter that cannot be parsed is reported and skipped; strict builds (CI) fail on it.
KAMERVRAGEN_STRICT = os.environ.get("KAMERVRAGEN_STRICT", "") not in ("", "0")
# Processes that parse letters and write pages (None: every usable core; 1: no pool).
KAMERVRAGEN_WORKERS = int(os.environ.get("KAMERVRAGEN_WORKERS", "0")) or None
# A rebuild trusts letter files by size/mtime/inode and kept output by its first and last
# files (README, "Rebuilds"); KAMERVRAGEN_VERIFY=1 hashes and checks every file instead.
KAMERVRAGEN_VERIFY = os.environ.get("KAMERVRAGEN_VERIFY", "") not in ("", "0")

# --- Site (plugins/kamervragen, theme/) -------------------------------------------------
# Letters are read only by the kamervragen plugin: it walks KAMERVRAGEN_PATHS (relative to
# content/) for files with KAMERVRAGEN_EXTENSIONS and feeds them through parsers/. Pelican's
# own article/page machinery reads nothing, so content/*.md letters never reach Pelican's
# Markdown reader and content/MANIFEST.tsv (no letter extension) is never read at all.
KAMERVRAGEN_PATHS = [""]
KAMERVRAGEN_EXTENSIONS = ["pdf", "txt", "md", "xml", "html", "docx"]
KAMERVRAGEN_EXCLUDES: list[str] = []
ARTICLE_PATHS: list[str] = []
PAGE_PATHS: list[str] = []
STATIC_PATHS: list[str] = []
DIRECT_TEMPLATES: list[str] = []

# Development: every URL relative, so output/ works from any static host or sub-folder.
RELATIVE_URLS = True
# Feeds and sitemap need absolute URLs: publishconf.py turns them on.
KAMERVRAGEN_FEEDS = False
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 50

# Index pages: 25 letters a page; page 1 at the index URL, then .../pagina/<n>/.
DEFAULT_PAGINATION = 25
PAGINATED_TEMPLATES = {"index": None, "period": None, "group": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/pagina/{number}/", "{base_name}/pagina/{number}/index.html"),
)

# Parse results are cached in cache/ and reused when the file's sha256 is unchanged
# (a hash, not mtime, so a fresh clone or a touched file does not force a re-parse). The
# kamervragen plugin keeps its letters in cache/kamervragen-letters-<parser>.sqlite and a
# record of what it wrote to output/ in cache/kamervragen-output.sqlite: a rebuild writes
# only what changed and removes what is gone (plugins/kamervragen/output.py).
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "sha256"
CACHE_PATH = "cache"
