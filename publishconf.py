"""Pelican settings for publishing: pelicanconf.py plus absolute URLs, feeds and sitemap.

Use: `.venv/bin/pelican content -s publishconf.py -o output` with SITEURL set to where the
site will live (here or through the KAMERVRAGEN_SITEURL environment variable).
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("KAMERVRAGEN_SITEURL", "https://kamervragen.example.org").rstrip("/")
RELATIVE_URLS = False

# Atom feeds (archive, per ministry, per party) and sitemap.xml need absolute URLs.
KAMERVRAGEN_FEEDS = True
FEED_DOMAIN = SITEURL

DELETE_OUTPUT_DIRECTORY = True
