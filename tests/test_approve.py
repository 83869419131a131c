"""The approve command: one command records an article's approved text, and refuses what is not an article."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from article_edit import Article
from conftest import copy_project, plugin_settings, site_config
from harness import approve
from harness.project import lead_article
from newsroom import clock


def test_records_the_paragraphs_one_a_line(tmp_path: Path) -> None:
    """Should write the article's paragraphs, one a line and no final newline, under its address."""
    project = copy_project(tmp_path / "project")
    article = Article(project)
    article.write(paragraphs=[*article.paragraphs(), "A paragraph added after approval."])
    lead = lead_article(project)
    written = approve.approve(lead.path, project)
    # In the folder the plugin's `published` setting names, inside the project.
    assert written == Path(plugin_settings(site_config(project)).published) / f"{lead.name}.txt"
    assert written.is_relative_to(project)
    assert written.read_text(encoding="utf-8") == "\n".join(lead.paragraphs)


@pytest.mark.parametrize("argument", ["README.md", "docs/stylesheets/extra.css", "docs/no-such-article.md"])
def test_refuses_what_is_not_an_article(argument: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Should exit 1 naming the argument when it is not a Markdown file directly in docs/."""
    assert approve.main([argument]) == 1
    assert argument in capsys.readouterr().err


def test_says_how_to_use_it(capsys: pytest.CaptureFixture[str]) -> None:
    """Should print its usage and exit 2 when given no file."""
    assert approve.main([]) == 2
    assert "harness.approve docs/" in capsys.readouterr().err


def test_refuses_a_draft_and_approves_a_scheduled_article(tmp_path: Path) -> None:
    """Should refuse to approve a draft, naming the file and the key, and approve an article scheduled for later (so that
    the build that publishes it, which nobody runs by hand, finds its approved text)."""
    project = copy_project(tmp_path / "project")
    article = Article(project)
    draft = project / "docs" / "a-draft.md"
    draft.write_text(article.markdown.read_text(encoding="utf-8"), encoding="utf-8")
    Article(project, draft).set_key("draft", True)
    with pytest.raises(PluginError, match=r"docs/a-draft\.md: front matter 'draft' is true"):
        approve.approve(draft, project)
    scheduled = project / "docs" / "later.md"
    scheduled.write_text(article.markdown.read_text(encoding="utf-8"), encoding="utf-8")
    Article(project, scheduled).set_key_text("date", (clock.now() + datetime.timedelta(days=2)).isoformat())
    assert approve.approve(scheduled, project).name == "later.txt"
