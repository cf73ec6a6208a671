"""Session-wide builds of the fixture site (see site_fixture.py) shared by the site tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from site_fixture import build, make_content


@pytest.fixture(scope="session")
def builder() -> Callable[..., None]:
    return build


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Development build (relative URLs) of the fixture site, search page included (so the
    page checks see its scripts); returns output/."""
    root = tmp_path_factory.mktemp("site")
    content = make_content(root)
    plugins = ["kamervragen", "kamervragen_search"]
    build(content, root / "output", root / "cache", DEFAULT_PAGINATION=2, PLUGINS=plugins)
    return root / "output"


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Publishing build (absolute URLs, feeds, sitemap) of the fixture site."""
    root = tmp_path_factory.mktemp("published")
    content = make_content(root)
    build(
        content,
        root / "output",
        root / "cache",
        settings_file="publishconf.py",
        SITEURL="https://archief.example.org",
        FEED_DOMAIN="https://archief.example.org",
    )
    return root / "output"
