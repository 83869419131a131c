"""Record an article's text as approved: `uv run python -m harness.approve docs/<file>.md …`.

The verbatim checks hold every page to its article's approved text, one paragraph a
line, in the folder the newsroom plugin's `published` setting names (published/<address>.txt),
which the build also reads as the record of published addresses. This writes that
file from the article as it stands (a scheduled one too, before its time; never a draft), so that
adding an article or approving a correction is one command, and the change to the
approved text shows in the commit for a reviewer to read. It refuses a file the
build would refuse.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

from harness.project import REPO_ROOT, articles


def approve(path: Path, project: Path = REPO_ROOT) -> Path:
    """Write the approved text of the article at `path`; return the file written."""
    found = [article for article in articles(project, unpublished=True) if article.path.resolve() == path.resolve()]
    if not found:
        raise PluginError(f"{path}: not an article of {project}")
    article = found[0]
    # A scheduled article is approved before its time, so that the build that publishes it needs no one; a draft is
    # not approved for publication (newsroom.schedule.check_drafts_unapproved refuses its approved text).
    if article.meta.draft:
        raise PluginError(f"{article.where}: front matter 'draft' is true: a draft is not approved for publication; "
                          "remove 'draft' first")
    article.approved_file.parent.mkdir(parents=True, exist_ok=True)
    article.approved_file.write_text("\n".join(article.paragraphs), encoding="utf-8")
    return article.approved_file


def main(arguments: list[str]) -> int:
    if not arguments:
        print("usage: uv run python -m harness.approve docs/<article>.md …", file=sys.stderr)
        return 2
    for argument in arguments:
        path = Path(argument)
        if path.suffix != ".md" or not path.is_file() or path.resolve().parent != (REPO_ROOT / "docs").resolve():
            print(f"{argument}: not an article (a .md file directly in docs/)", file=sys.stderr)
            return 1
        try:
            written = approve(path)
        except PluginError as error:
            print(error, file=sys.stderr)
            return 1
        print(f"{argument}: approved as {written.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
