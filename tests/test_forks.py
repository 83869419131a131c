"""The road off MkDocs 1.6: the same site from a maintained continuation of it, ProperDocs or MkDocs NG.

MkDocs 1.x is unmaintained. Two continuations of MkDocs 1.6 run its plugins and read mkdocs.yml, and Material 9.8
runs on both unchanged. ProperDocs has its own module and command (`properdocs`), so it shares the project's
environment with MkDocs 1.6.1 (the `properdocs` dependency group). MkDocs NG installs a module named `mkdocs` over
MkDocs 1.6.1's files, so it gets a folder of its own, first on the import path: its wheel, pinned by its hash, from
uv's cache (under half a second; the first run on a machine downloads it, 5 MB, from PyPI).

Each builds the corpus as the session's site was built (the same copy, address and build clock), once per session,
side by side; every file must be byte for byte the MkDocs 1.6.1 build's but for the differences named here, each with
its reason. Where the plugin leaned on a detail of MkDocs 1.6.1 that a fork changed, a test here builds with the fork:
ProperDocs renames MkDocs' loggers (newsroom.strict_when_quiet, newsroom.articles), MkDocs NG warns of a link to an
excluded file, which every photo's original is (newsroom.pipeline).
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pytest

from article_edit import ArticleEditor
from conftest import REPO_ROOT, Site, copy_project
from harness.project import Build

# What a fork may change in a page, and why. The generator line names the program that built the page (Material
# writes MkDocs' version there, which each fork reports as its own): naming the fork is its job, no reader sees it, and
# nothing of the site reads it. Nothing else may differ.
NAMED_DIFFERENCES = {
    "the generator line names the fork": re.compile(rb'<meta name="generator" content="[^"]*">'),
}

# MkDocs NG's wheel, pinned by its hash as uv.lock pins every other package (it cannot join the lock: it would install
# over MkDocs 1.6.1).
NG_VERSION = "1.8.0"
NG_REQUIREMENT = f"mkdocs-ng=={NG_VERSION} --hash=sha256:6f8e2c76b6e8bff2222a322ee4805f35aa51b0810c41b12f907693b13ab0bad8"


@dataclass(frozen=True)
class Fork:
    """A continuation of MkDocs 1.6: how to run its command line, and how its pages name it."""

    name: str
    command: tuple[str, ...]
    environment: dict[str, str]
    # What it reports as MkDocs' version, which Material writes in the generator line.
    reports: str

    def run(self, project: Path, *arguments: str, site_url: str = "https://example.github.io/anchorage-summit/",
            ) -> subprocess.CompletedProcess[str]:
        """Run the fork's command line in `project`, with the environment a suite build has (harness.project)."""
        environment = {key: value for key, value in os.environ.items() if key not in ("SOURCE_DATE_EPOCH", "SITE_URL")}
        return subprocess.run([*self.command, *arguments], cwd=project, capture_output=True, text=True, timeout=300,
                              env={**environment, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url, **self.environment})

    def python(self, script: str, *arguments: str) -> subprocess.CompletedProcess[str]:
        """Run a Python script with the fork's `mkdocs` module in place of MkDocs 1.6.1's."""
        # ProperDocs' command installs its `mkdocs` alias first (properdocs.replacement), as this does.
        prelude = "import properdocs.replacement\n" if self.name == "ProperDocs" else ""
        return subprocess.run([sys.executable, "-c", prelude + script, *arguments], cwd=REPO_ROOT, capture_output=True,
                              text=True, timeout=120, env={**os.environ, **self.environment})


def _mkdocs_ng(folder: Path) -> Path:
    """MkDocs NG alone in `folder`, installed by uv from its cache (from PyPI only if the cache lacks it)."""
    requirement = folder.parent / "mkdocs-ng.txt"
    requirement.write_text(NG_REQUIREMENT + "\n", encoding="utf-8")
    uv = os.environ.get("UV", "uv")  # `uv run` names itself in UV
    # Its dependencies are MkDocs 1.6.1's, which the project's environment has.
    install = [uv, "pip", "install", "--quiet", "--no-deps", "--require-hashes", "--python", sys.executable,
               "--target", str(folder), "-r", str(requirement)]
    if subprocess.run([*install, "--offline"], capture_output=True, timeout=120).returncode != 0:
        result = subprocess.run(install, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, f"MkDocs NG could not be installed (uv fetches it from PyPI once):\n{result.stderr}"
    return folder


@pytest.fixture(scope="module")
def forks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Fork]:
    """ProperDocs from the project's environment, and MkDocs NG from a folder of its own before it on the import path."""
    ng = _mkdocs_ng(tmp_path_factory.mktemp("mkdocs-ng") / "site-packages")
    import_path = os.pathsep.join(filter(None, [str(ng), os.environ.get("PYTHONPATH")]))
    return {
        "ProperDocs": Fork("ProperDocs", (str(Path(sys.executable).parent / "properdocs"),), {},
                           f"ProperDocs {version('properdocs')}"),
        "MkDocs NG": Fork("MkDocs NG", (sys.executable, "-m", "mkdocs"), {"PYTHONPATH": import_path}, NG_VERSION),
    }


@pytest.fixture(scope="module")
def builds(site: Site, forks: dict[str, Fork], tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Build]:
    """The forks' builds, all side by side (a process each), by fork and copy: "the corpus", the session's copy at its
    address and clock, with each fork; "a broken link", a copy whose article (the front page's too) links a page that
    does not exist, built with `--strict --quiet --dirty` by ProperDocs, which renamed the loggers strict mode counts on
    (MkDocs NG keeps MkDocs' own, which the suite's MkDocs builds hold the plugin to: test_bad_input.py, test_preview.py).
    """
    folder = tmp_path_factory.mktemp("fork-builds")
    broken = copy_project(folder / "broken-link")
    ArticleEditor(broken).append_paragraph("See [the background](background.md).")
    copies = {"the corpus": (site.project, ()), "a broken link": (broken, ("--quiet", "--dirty"))}
    runs = {(name, copy): (forks[name], *copies[copy], folder / f"{name}, {copy}".replace(" ", "-"))
            for name, copy in (("ProperDocs", "the corpus"), ("MkDocs NG", "the corpus"), ("ProperDocs", "a broken link"))}

    def build(run: tuple[Fork, Path, tuple[str, ...], Path]) -> Build:
        fork, project, options, site_dir = run
        # `-f`: ProperDocs looks for properdocs.yml, and otherwise says that it fell back to mkdocs.yml.
        result = fork.run(project, "build", "--strict", *options, "-f", "mkdocs.yml", "--site-dir", str(site_dir),
                          site_url=site.url)
        return Build(result.returncode, result.stdout + result.stderr, site_dir)

    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        return dict(zip(runs, pool.map(build, runs.values()), strict=True))


def _files(site_dir: Path) -> dict[str, bytes]:
    return {path.relative_to(site_dir).as_posix(): path.read_bytes() for path in sorted(site_dir.rglob("*")) if path.is_file()}


def _without_named_differences(data: bytes) -> bytes:
    for reason, pattern in NAMED_DIFFERENCES.items():
        data = pattern.sub(f"[{reason}]".encode(), data)
    return data


@pytest.mark.parametrize("fork", ["ProperDocs", "MkDocs NG"])
def test_same_site_as_mkdocs(fork: str, builds: dict[tuple[str, str], Build], site: Site) -> None:
    """Should build the corpus in strict mode into the same files as MkDocs 1.6.1, byte for byte but the named
    differences."""
    build = builds[fork, "the corpus"]
    # Under MkDocs NG the corpus's photos in the text failed strict mode until newsroom.pipeline logged the links to
    # their originals as MkDocs 1.6.1 does.
    assert build.returncode == 0, f"{fork} could not build the corpus:\n{build.output}"
    ours, theirs = _files(site.dir), _files(build.site_dir)
    assert ours.keys() == theirs.keys(), f"{fork} publishes other files: {sorted(ours.keys() ^ theirs.keys())}"
    differing = [name for name in ours if _without_named_differences(ours[name]) != _without_named_differences(theirs[name])]
    assert not differing, f"{fork}'s build differs from MkDocs 1.6.1's beyond the named differences in {differing}"


@pytest.mark.parametrize("fork", ["ProperDocs", "MkDocs NG"])
def test_generator_line_names_the_fork(fork: str, forks: dict[str, Fork], builds: dict[tuple[str, str], Build]) -> None:
    """Should name the fork in every page's generator line: the one difference, and proof that the fork built it."""
    build = builds[fork, "the corpus"]
    assert build.returncode == 0, build.output
    pattern = NAMED_DIFFERENCES["the generator line names the fork"]
    # Every page Material lays out has one (an old address's page, the plugin's own, has none).
    lines = {path.relative_to(build.site_dir).as_posix(): pattern.findall(path.read_bytes())
             for path in build.site_dir.rglob("*.html")}
    assert lines["index.html"], "the front page has no generator line"
    named = f'content="mkdocs-{forks[fork].reports}, '.encode()
    wrong = {page: found for page, found in lines.items() if any(named not in line for line in found)}
    assert not wrong, f"these generator lines do not name {fork} {forks[fork].reports}: {wrong}"


def test_strict_mode_stays_strict_under_properdocs(builds: dict[tuple[str, str], Build]) -> None:
    """Should refuse a broken link under ProperDocs with --quiet, counting it once (not the front page's echo of it,
    nor --dirty's notice), and publish nothing."""
    build = builds["ProperDocs", "a broken link"]
    # With the loggers found by MkDocs' names, this build succeeded (--quiet hid the warning from strict mode), and
    # without --quiet it counted three warnings.
    assert build.returncode != 0 and "Aborted with 1 warnings in strict mode" in build.output, build.output
    assert not (build.site_dir / "index.html").exists(), "the refused build published a site"


def _mkdocs_imports() -> dict[str, set[str]]:
    """Each MkDocs module newsroom/ imports, with the names it imports from it."""
    imported: dict[str, set[str]] = {}
    for path in sorted((REPO_ROOT / "newsroom").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "mkdocs":
                imported.setdefault(node.module, set()).update(alias.name for alias in node.names)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "mkdocs":
                        imported.setdefault(alias.name, set())
    return imported


# Imports each module and name given as JSON, and prints which are missing and where `mkdocs` comes from.
IMPORT_CHECK = """
import importlib, json, sys
import mkdocs
missing = []
for module, names in json.loads(sys.argv[1]).items():
    try:
        found = importlib.import_module(module)
    except ImportError as error:
        missing.append(f"{module} ({error})")
        continue
    missing += [f"{module}.{name}" for name in names if not hasattr(found, name)]
print(json.dumps({"missing": missing, "mkdocs": mkdocs.__file__, "version": mkdocs.__version__}))
"""


@pytest.mark.parametrize("fork", ["ProperDocs", "MkDocs NG"])
def test_every_mkdocs_name_the_plugin_imports_exists(fork: str, forks: dict[str, Fork]) -> None:
    """Should find, under the fork, every MkDocs module and name that newsroom/ imports (the build imports most, the
    editor's command and the gate the rest)."""
    imports = _mkdocs_imports()
    assert imports, "newsroom/ imports nothing from MkDocs: has the scan stopped seeing its imports?"
    result = forks[fork].python(IMPORT_CHECK, json.dumps({module: sorted(names) for module, names in imports.items()}))
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert forks[fork].reports.endswith(found["version"]), f"not {fork}'s mkdocs module: {found}"
    assert not found["missing"], f"{fork} lacks what newsroom/ imports: {found['missing']}"
