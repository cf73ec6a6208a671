"""Pelican plugin: client-side full-text search over every question and answer (issue #4, #9).

At the end of a build it reads each letter's JSON export (``brief/<id>.json``, the contract
of ``parsers/letter.schema.json``, written by the site plugin), turns every question/answer
pair into a search document with its index terms (``analysis``, cached per letter in
``cache``) and writes a lunr index cut by term (``sharded``), which the browser loads piece
by piece and queries with lunr.js. It also renders the search page ``zoeken/index.html`` from
the theme's ``search.html``. It reads only the published JSON, not the site plugin's
internals, so either can change without the other.
"""

from kamervragen_search.plugin import register

__all__ = ["register"]
