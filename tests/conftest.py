"""Shared fixtures: the site is built once per session, served once, checked by every test."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, sync_playwright

from harness import node_tools
from harness.browser import BrowserMissing, launch
from harness.node_tools import NODE_MODULES
from harness.pages_server import PagesServer
from harness.project import (  # noqa: F401 (re-exported for the tests)
    ARTICLE_MD,
    REPO_ROOT,
    Build,
    copy_project,
    front_matter,
    mkdocs_build,
    site_config,
)

ORIGINAL = Path(__file__).resolve().parent / "fixtures" / "original.txt"
WORKFLOW = REPO_ROOT / ".github" / "workflows" / "publish.yml"
README = REPO_ROOT / "README.md"
# The sub-path the site is served under, as on a project Pages site (OWNER.github.io/REPO/).
SUB_PATH = "/anchorage-summit/"


@dataclass(frozen=True)
class Site:
    """The session's built and served site."""

    dir: Path
    url: str

    def soup(self, name: str = "index.html") -> BeautifulSoup:
        """Parse one built HTML file."""
        return BeautifulSoup((self.dir / name).read_text(encoding="utf-8"), "html.parser")


# Git identity for the commits a test makes in a scratch copy (CI machines may have none).
GIT_IDENTITY = ["-c", "user.name=Test suite", "-c", "user.email=tests@localhost", "-c", "commit.gpgsign=false"]


def git(project: Path, *args: str) -> str:
    """Run git in `project` and return what it printed; a failure shows git's message."""
    if shutil.which("git") is None:
        pytest.fail("git is needed for the tests' scratch copies: install it (Debian: apt-get install git)")
    result = subprocess.run(["git", "-C", str(project), *GIT_IDENTITY, *args], capture_output=True, text=True)
    assert result.returncode == 0, f"git {' '.join(args)} failed in {project}:\n{result.stderr}"
    return result.stdout


def copy_repository(target: Path) -> Path:
    """Copy the whole working tree (what git tracks or would track) into a new git repository at `target`.

    The copy shares this checkout's node_modules (installed first if need be) and
    runs with this interpreter, so a test can run the suite in it with no install.
    """
    listed = git(REPO_ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source = REPO_ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    install_node_tools()
    (target / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "Copy of the project")
    return target


def original_paragraphs() -> list[str]:
    """The article's paragraphs, from the project's copy of the original."""
    return ORIGINAL.read_text(encoding="utf-8").split("\n")


def meta_content(page: BeautifulSoup, key: str) -> str | None:
    """The content of <meta property=key> (Open Graph) or <meta name=key>, if the page has one."""
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return tag.get("content") if tag else None


def readme_test_command() -> str:
    """The one test command the README gives (in a ```sh block, on a line of its own)."""
    commands = re.findall(r"^(uv run pytest\b.*)$", README.read_text(encoding="utf-8"), re.M)
    assert commands, "README.md gives no `uv run pytest` command"
    return commands[0].strip()


def install_node_tools() -> None:
    """Install the Node checkers from package-lock.json if need be (harness/node_tools.py); fail saying why not."""
    try:
        node_tools.install_node_tools()
    except node_tools.NodeToolsMissing as error:
        pytest.fail(str(error))


def node_tool(*parts: str) -> Path:
    """A file from the Node checkers, installed from package-lock.json if need be."""
    try:
        return node_tools.node_tool(*parts)
    except node_tools.NodeToolsMissing as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def server() -> Iterator[PagesServer]:
    """A loopback server bound before the build, so the build knows its address."""
    pages = PagesServer(SUB_PATH)
    yield pages
    pages.stop()


@pytest.fixture(scope="session")
def site(server: PagesServer, tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Build the project once with `mkdocs build --strict` and serve it like Pages."""
    site_dir = tmp_path_factory.mktemp("build") / "site"
    build = mkdocs_build(REPO_ROOT, site_dir, site_url=server.url)
    if build.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed (exit {build.returncode}):\n{build.output}")
    server.start(site_dir)
    return Site(site_dir, server.url)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless system Chromium for the whole session (never a downloaded one)."""
    with sync_playwright() as playwright:
        try:
            chromium = launch(playwright)
        except BrowserMissing as error:
            pytest.fail(f"{error} To leave the browser tests out on purpose: uv run pytest -m 'not browser'")
        yield chromium
        chromium.close()
