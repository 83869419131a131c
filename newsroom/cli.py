"""The editor's command, `newsroom`: `uv run newsroom approve docs/<file>.md`, and `--check` for CI; `newsroom check`,
the publication's gate (newsroom.gate), and `newsroom road`, which road a push takes (newsroom.road).

Every page is held to its article's approved text, one paragraph a line, in the
folder the plugin's `approved_texts` setting names (published/<address>.txt), which the
build also reads as the record of published addresses. `approve` writes that file
from the article as it stands, after saying what changed since the last approval
(paragraphs added, removed or altered, the altered ones word by word), so that the
editor reads the change before signing it off and the reviewer reads it again in
the commit. It reads the project as the build does (newsroom.articles), so it
refuses a file the build would refuse, naming it.

A scheduled article is approved before its time (the build that publishes it is run by
the workflow, not by an editor); a draft is not approved at all. `approve --check` writes
nothing: it names every article but a draft whose text is not approved (no approved text,
or a different one), every approved text that no article has or that a draft has, and
exits 1 if there is any.
"""

from __future__ import annotations

import argparse
import difflib
import logging
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException, PluginError

from newsroom.articles import Article, project_articles, project_root
from newsroom.authors import read_authors
from newsroom.front_matter import read_article
from newsroom.moments import time_zone
from newsroom.publisher import PolicyPage, read_publisher

# MkDocs' configuration loader is not thread-safe: two projects loaded at once can each get the
# other's paths (the tests prepare copies side by side), so every load in this process takes this.
CONFIG_LOADING = threading.Lock()


@dataclass(frozen=True)
class Project:
    """A project's articles as its build reads them, and where their approved texts live."""

    root: Path
    docs: Path
    approved_texts: Path
    articles: list[Article]
    # The publisher's pages (newsroom.publisher), approved as articles are.
    policies: tuple[PolicyPage, ...] = ()

    def approved_file(self, article: Article | PolicyPage) -> Path:
        """Where an article's approved text is: published/<address>.txt."""
        return self.approved_texts / f"{article.name}.txt"

    def shown(self, path: Path) -> str:
        """A file as the maintainer names it: relative to the project."""
        return str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)


@contextmanager
def quiet_loader() -> Iterator[None]:
    """Keep MkDocs' loader's notes out of the output (the command's, the tests'): a refusal is what counts."""
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def read_project(config_file: Path) -> Project:
    """Read the project whose mkdocs.yml is `config_file` as its build does; refuse what the build would refuse."""
    with CONFIG_LOADING, quiet_loader():
        config = load_config(str(config_file))
        # Read the plugin's settings at once: MkDocs gives its one instance the settings of the latest load.
        settings = config.plugins["newsroom"].config
        approved_texts, authors_file = Path(settings.approved_texts), Path(settings.authors)
        zone, default_type = time_zone(settings.time_zone), settings.default_type
        publisher_file = Path(settings.publisher)
    root = project_root(config)
    publisher = read_publisher(publisher_file, root, config.site_name)
    articles = project_articles(config, read_authors(authors_file, root), zone, default_type,
                                [page.name for page in publisher.pages])
    return Project(root, Path(config.docs_dir).resolve(), approved_texts, articles, publisher.pages)


def paragraphs_of(article: Article | PolicyPage, project: Project) -> list[str]:
    """The article's (or publisher's page's) paragraphs as its Markdown file holds them: its text to approve."""
    if isinstance(article, PolicyPage):
        return list(article.paragraphs)
    return read_article(project.root / article.where).paragraphs


def approved_paragraphs(article: Article | PolicyPage, project: Project) -> list[str] | None:
    """The article's approved text, paragraph by paragraph; None if it has none."""
    path = project.approved_file(article)
    return path.read_text(encoding="utf-8").split("\n") if path.is_file() else None


# --- What changed since the last approval ----------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One paragraph added, removed or altered: its number (in the new text; in the old one when removed)."""

    kind: str  # "added", "removed" or "altered"
    number: int
    old: str = ""
    new: str = ""

    def lines(self) -> list[str]:
        """The change as an editor reads it: + added, - removed, ~ altered with [-words out-]{+words in+}."""
        if self.kind == "added":
            return [f"+ paragraph {self.number} added:", f"+   {self.new}"]
        if self.kind == "removed":
            return [f"- paragraph {self.number} removed:", f"-   {self.old}"]
        return [f"~ paragraph {self.number} altered:", f"    {word_diff(self.old, self.new)}"]


# Words of an altered paragraph shown around each change; the rest of an unchanged run is "…".
CONTEXT_WORDS = 6


def word_diff(old: str, new: str) -> str:
    """The altered paragraph with its changes marked word by word, as git's --word-diff does: [-words taken out-]
    {+words put in+}, each change with the few words around it."""
    before, after = old.split(" "), new.split(" ")
    opcodes = difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes()
    shown: list[str] = []
    for number, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            kept = after[j1:j2]
            head = kept[:CONTEXT_WORDS] if number else []
            tail = kept[-CONTEXT_WORDS:] if number < len(opcodes) - 1 else []
            shown.append(" ".join(kept) if len(head) + len(tail) >= len(kept) else " ".join([*head, "…", *tail]))
            continue
        taken = "[-" + " ".join(before[i1:i2]) + "-]" if i2 > i1 else ""
        put = "{+" + " ".join(after[j1:j2]) + "+}" if j2 > j1 else ""
        shown.append(taken + put)
    return " ".join(part for part in shown if part)


def changes(old: Sequence[str], new: Sequence[str]) -> list[Change]:
    """What changed from the approved paragraphs `old` to `new`, in the order of the text.

    Paragraphs are matched whole (difflib); where a run of paragraphs was replaced
    by another, they are paired in order as altered, and the rest are added or removed.
    """
    found: list[Change] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        found += [Change("altered", j1 + k + 1, old[i1 + k], new[j1 + k]) for k in range(paired)]
        found += [Change("removed", i + 1, old=old[i]) for i in range(i1 + paired, i2)]
        found += [Change("added", j + 1, new=new[j]) for j in range(j1 + paired, j2)]
    return found


def summary(found: list[Change]) -> str:
    """How many paragraphs changed, and how: "3 paragraphs changed (1 added, 2 altered)"."""
    said = [f"{count} {kind}" for kind in ("added", "removed", "altered")
            if (count := sum(change.kind == kind for change in found))]
    return f"{len(found)} paragraph{'' if len(found) == 1 else 's'} changed ({', '.join(said)})"


# --- The command -----------------------------------------------------------------------------


def find_article(path: Path, project: Project) -> Article | PolicyPage:
    """The article (or publisher's page) whose file is `path`; refuse anything else, naming it."""
    source = path.resolve()
    for policy in project.policies:
        if (project.root / policy.where).resolve() == source:
            return policy
    if path.suffix != ".md" or source.parent != project.docs or not source.is_file():
        raise PluginError(f"{path}: not an article (an .md file directly in {project.shown(project.docs)}/)")
    for article in project.articles:
        if (project.root / article.where).resolve() == source:
            # A scheduled article is approved before its time, so that the build that publishes it needs no one; a
            # draft is not for publication, and the build refuses an approved text for one.
            if article.meta.draft:
                raise PluginError(f"{article.where}: front matter 'draft' is true: a draft is not approved for "
                                  "publication; remove 'draft' first")
            return article
    raise PluginError(f"{path}: not an article of {project.root}")


def approve(path: Path, config_file: Path) -> Path:
    """Write the approved text of the article at `path` in the project of `config_file`; return the file written."""
    project = read_project(config_file)
    return _approve(find_article(path, project), project)


def _approve(article: Article | PolicyPage, project: Project) -> Path:
    """Write the article's paragraphs, one a line and no final newline, as its approved text; return the file."""
    target = project.approved_file(article)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(paragraphs_of(article, project)), encoding="utf-8")
    return target


def approve_files(paths: list[Path], project: Project) -> int:
    """Say what changed in each article since its last approval, then record its text as approved."""
    articles = [find_article(path, project) for path in paths]  # every file checked before anything is written
    for article in articles:
        old, new = approved_paragraphs(article, project), paragraphs_of(article, project)
        target = project.shown(project.approved_file(article))
        if old == new:
            print(f"{article.where}: unchanged since its last approval ({target})")
            continue
        found = changes(old or [], new)
        print(f"{article.where}: {'no approved text yet' if old is None else 'since its last approval'}, {summary(found)}:")
        for change in found:
            print("\n".join(f"  {line}" for line in change.lines()))
        _approve(article, project)
        print(f"{article.where}: approved as {target}")
    return 0


def check(project: Project) -> int:
    """Name every article whose text is not approved and every approved text without an article; write nothing."""
    problems: list[str] = []
    texts: list[Article | PolicyPage] = [*sorted(project.articles, key=lambda a: a.where), *project.policies]
    for article in texts:
        old, target = approved_paragraphs(article, project), project.shown(project.approved_file(article))
        if isinstance(article, Article) and article.meta.draft:
            if old is not None:
                problems.append(f"{target}: an approved text for a draft ({article.where} has 'draft: true'); delete it "
                                "until the article is ready, then approve it")
            continue
        if old is None:
            problems.append(f"{article.where}: not approved: {target} is missing")
        elif old != paragraphs_of(article, project):
            found = changes(old, paragraphs_of(article, project))
            problems.append(f"{article.where}: not approved: its text differs from {target}: {summary(found)}")
    names = {article.name for article in project.articles} | {page.name for page in project.policies}
    moved = {old: article for article in project.articles for old in article.meta.redirect_from}
    for approved in sorted(project.approved_texts.glob("*.txt")) if project.approved_texts.is_dir() else []:
        if approved.stem in moved:
            problems.append(f"{project.shown(approved)}: {approved.stem}/ now sends readers to {moved[approved.stem].address}; "
                            f"approve {moved[approved.stem].where} and delete this approved text")
        elif approved.stem not in names:
            problems.append(f"{project.shown(approved)}: an approved text with no article at {approved.stem}/ (if you "
                            f"renamed its file, add 'redirect_from: [{approved.stem}]' to it, or give it 'slug: "
                            f"{approved.stem}'; to take it down, give it 'withdrawn' and keep its file)")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("approve each article you have read: uv run newsroom approve docs/<file>.md", file=sys.stderr)
        return 1
    to_publish = [article for article in project.articles if not article.meta.draft]
    pages = f" and {len(project.policies)} of the publisher's pages" if project.policies else ""
    print(f"every article's text is approved ({len(to_publish)}{pages} in {project.shown(project.approved_texts)}/)")
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line: `newsroom approve FILE …`, `newsroom approve --check`, `newsroom check`, `newsroom road`."""
    command = argparse.ArgumentParser(prog="newsroom", description="The newsroom's editorial commands.")
    commands = command.add_subparsers(dest="command", required=True, metavar="COMMAND")
    approve_command = commands.add_parser(
        "approve", help="record articles' text as approved (published/<address>.txt), showing what changed",
        description="Say what changed in each article since its last approval (paragraphs added, removed or "
                    "altered, word by word), then record its text as approved in published/<address>.txt. "
                    "Refuses a file the build would refuse, naming it.")
    approve_command.add_argument("files", nargs="*", type=Path, metavar="docs/FILE.md", help="the articles to approve")
    approve_command.add_argument("--check", action="store_true",
                                 help="write nothing; exit 1 naming every article whose text is not approved "
                                      "and every approved text without an article (for CI)")
    approve_command.set_defaults(misused=approve_command.error)
    check_command = commands.add_parser(
        "check", help="the publication's gate: approved texts, the strict build, and every changed page read back",
        description="The gate nothing is deployed without: every article's text approved, the strict build into "
                    "--site-dir, then every page whose bytes changed since the last clean gate read back in the "
                    "browser, in every layout, from the DOM and from the pixels, and held to its approved text and "
                    "front matter (or its own HTML). Exits 1 naming each page and file that fails.")
    check_command.add_argument("--site-dir", type=Path, default=Path("site"), metavar="DIR",
                               help="where the site is built (default: site)")
    check_command.add_argument("--after-tests", action="store_true",
                               help="the test suite has passed on this commit: after a change of code, read back one "
                                    "page of each kind and every page whose words changed, not every page")
    check_command.add_argument("--every-page", action="store_true", help="read back every page, changed or not")
    check_command.add_argument("--screenshots", type=Path, metavar="DIR", help="keep the screenshots read here")
    road_command = commands.add_parser(
        "road", help="which road this commit takes to readers: content (the gate) or code (the tests, then the gate)",
        description="Print 'content' if every file changed since COMMIT is an article, a photo, an approved text, the "
                    "authors file or the sections file, else 'code', and why.")
    road_command.add_argument("--since", metavar="COMMIT",
                              help="the commit to compare with (default: that of the last clean gate, from the "
                                   "verification record)")
    for each in (approve_command, check_command, road_command):
        each.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), metavar="FILE",
                          help="the project's mkdocs.yml (default: ./mkdocs.yml)")
    return command


def main(arguments: Sequence[str] | None = None) -> int:
    """Run the command; return its exit status (0 done, 1 refused, not approved or failed, 2 misused)."""
    command = parser()
    options = command.parse_args(arguments)
    if options.command == "approve" and options.check == bool(options.files):
        options.misused("give the articles to approve (docs/FILE.md …), or --check alone")
    try:
        if options.command == "road":
            from newsroom.road import road_command

            return road_command(options.config_file, options.since)
        project = read_project(options.config_file)
        if options.command == "check":
            from newsroom import gate  # the browser and OCR: only for the gate

            return gate.run(project, options.config_file, options.site_dir, options.after_tests, options.every_page,
                            options.screenshots)
        return check(project) if options.check else approve_files(options.files, project)
    except MkDocsException as error:  # a refusal (PluginError) or a bad mkdocs.yml
        print(f"newsroom {options.command}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
