"""The editor's command, `newsroom approve`: it records an article's approved text after saying what changed,
`--check` names every text not approved, and it refuses what the build would refuse (no browser)."""

from __future__ import annotations

import contextlib
import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from article_edit import ArticleEditor, words
from conftest import POLICIES, copy_project, plugin_settings, site_config, snapshot
from harness.project import lead_article
from newsroom import cli, clock


def run(project: Path, *arguments: str) -> int:
    """Run `newsroom approve …` on a project, as the editor runs it: from the project's folder."""
    with contextlib.chdir(project):
        return cli.main(["approve", *arguments])


def test_installed_with_its_help() -> None:
    """Should be installed by `uv sync` as the `newsroom` command, and explain approve and --check."""
    command = shutil.which("newsroom", path=str(Path(sys.executable).parent))
    assert command, f"no `newsroom` command beside {sys.executable}: [project.scripts] in pyproject.toml installs it"
    result = subprocess.run([command, "approve", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: newsroom approve"), result.stdout
    assert "--check" in result.stdout and "docs/FILE.md" in result.stdout, result.stdout


def test_records_the_paragraphs_one_a_line(tmp_path: Path) -> None:
    """Should write the article's paragraphs, one a line and no final newline, under its address."""
    project = copy_project(tmp_path / "project")
    lead = lead_article(project)
    ArticleEditor(project, lead.path).write(paragraphs=[*lead.paragraphs, "A paragraph added after approval."])
    written = cli.approve(lead.path, project / "mkdocs.yml")
    # In the folder the plugin's `approved_texts` setting names, inside the project.
    assert written == Path(plugin_settings(site_config(project)).approved_texts) / f"{lead.name}.txt"
    assert written.is_relative_to(project)
    assert written.read_text(encoding="utf-8") == "\n".join(lead_article(project).paragraphs)


def test_says_what_changed_since_the_last_approval(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Should show a paragraph added, one removed and one altered word by word, then approve the new text."""
    project = copy_project(tmp_path / "project")
    lead = lead_article(project)
    old = lead.approved_paragraphs()
    word = words(old[0])[0]
    added = "Neither delegation has published an agenda, and no joint statement is planned."
    new = [old[0].replace(word, "reportedly", 1), added, *old[1:-1]]
    ArticleEditor(project, lead.path).write(paragraphs=new)

    assert run(project, lead.where) == 0
    said = capsys.readouterr().out
    assert f"{lead.where}: since its last approval, 3 paragraphs changed (1 added, 1 removed, 1 altered):" in said, said
    assert "~ paragraph 1 altered:" in said and f"[-{word}-]{{+reportedly+}}" in said, said
    assert f"  + paragraph 2 added:\n  +   {added}" in said, said
    assert f"  - paragraph {len(old)} removed:\n  -   {old[-1]}" in said, said
    assert said.rstrip().endswith(f"{lead.where}: approved as {lead.approved_file.relative_to(project)}"), said
    assert lead.approved_paragraphs() == new

    assert run(project, lead.where) == 0
    assert f"{lead.where}: unchanged since its last approval" in capsys.readouterr().out


def test_shows_a_new_article_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Should show every paragraph of an article never approved as added."""
    project = copy_project(tmp_path / "project")
    lead = lead_article(project)
    lead.approved_file.unlink()
    assert run(project, lead.where) == 0
    said = capsys.readouterr().out
    count = len(lead.paragraphs)
    assert f"no approved text yet, {count} paragraph{'s' if count > 1 else ''} changed ({count} added)" in said, said
    assert all(f"+   {paragraph}" in said for paragraph in lead.paragraphs), said


def test_check_passes_on_the_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Should find every article of the test corpus approved but its draft (the publication's own articles are the
    gate's to check: `newsroom check`, test_gate.py)."""
    assert run(copy_project(tmp_path / "project", corpus=True), "--check") == 0, capsys.readouterr().err
    assert capsys.readouterr().out.startswith("every article's text is approved")


def test_check_names_every_text_not_approved(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Should exit 1 naming an altered article, one never approved and an approved text without an article,
    and write nothing."""
    project = copy_project(tmp_path / "project")
    lead = lead_article(project)
    ArticleEditor(project, lead.path).write(paragraphs=lead.paragraphs[1:])
    unapproved = project / "docs" / "never-approved.md"
    shutil.copyfile(lead.path, unapproved)
    orphan = lead.approved_texts / "withdrawn-article.txt"
    shutil.copyfile(lead.approved_file, orphan)
    before = snapshot(project)

    assert run(project, "--check") == 1
    said = capsys.readouterr().err
    assert f"{lead.where}: not approved: its text differs from {lead.approved_file.relative_to(project)}" in said, said
    assert "docs/never-approved.md: not approved: " in said and "never-approved.txt is missing" in said, said
    assert f"{orphan.relative_to(project)}: an approved text with no article" in said, said
    assert snapshot(project) == before, "--check wrote something"

    assert run(project, lead.where, "docs/never-approved.md") == 0
    orphan.unlink()
    capsys.readouterr()
    assert run(project, "--check") == 0, capsys.readouterr().err


def test_refuses_a_file_the_build_would_refuse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Should exit 1 naming the file and the key when its front matter would stop the build, and write nothing."""
    project = copy_project(tmp_path / "project")
    lead = lead_article(project)
    ArticleEditor(project, lead.path).set_key_text("date", "the day after tomorrow")
    before = lead.approved_file.read_bytes()
    assert run(project, lead.where) == 1
    said = capsys.readouterr().err
    assert lead.where in said and "'date'" in said, said
    assert lead.approved_file.read_bytes() == before


@pytest.mark.parametrize("argument", ["README.md", "docs/stylesheets/extra.css", "docs/no-such-article.md"])
def test_refuses_what_is_not_an_article(argument: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Should exit 1 naming the argument when it is not a Markdown file directly in docs/."""
    project = copy_project(tmp_path / "project")
    (project / "README.md").write_text("Not an article.\n", encoding="utf-8")
    assert run(project, argument) == 1
    assert argument in capsys.readouterr().err


@pytest.mark.parametrize("arguments", [[], ["--check", "docs/x.md"]], ids=["nothing", "check-and-a-file"])
def test_says_how_to_use_it(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Should print its usage and exit 2 when given no file, or a file with --check."""
    with pytest.raises(SystemExit) as exit_:
        cli.main(["approve", *arguments])
    assert exit_.value.code == 2
    assert "usage: newsroom approve" in capsys.readouterr().err


def test_refuses_a_draft_and_approves_a_scheduled_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Should refuse to approve a draft, naming the file and the key, and approve an article scheduled for later (so that
    the build that publishes it, which nobody runs by hand, finds its approved text)."""
    project = copy_project(tmp_path / "project")
    published = Path(plugin_settings(site_config(project)).approved_texts)
    article = ArticleEditor(project)
    draft = project / "docs" / "a-draft.md"
    draft.write_text(article.markdown.read_text(encoding="utf-8"), encoding="utf-8")
    ArticleEditor(project, draft).set_key("draft", True)
    assert run(project, "docs/a-draft.md") == 1
    assert "docs/a-draft.md: front matter 'draft' is true" in capsys.readouterr().err
    assert not (published / "a-draft.txt").exists()
    scheduled = project / "docs" / "later.md"
    scheduled.write_text(article.markdown.read_text(encoding="utf-8"), encoding="utf-8")
    ArticleEditor(project, scheduled).set_key_text("date", (clock.now() + datetime.timedelta(days=2)).isoformat())
    assert run(project, "docs/later.md") == 0, capsys.readouterr().err
    assert (published / "later.txt").is_file()


def test_approves_the_publishers_pages_as_articles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Should record a publisher's page's text under its kind's address (newsroom.publisher), and name it in --check
    when its text is not approved."""
    project = copy_project(tmp_path / "project", corpus=True)
    policy = sorted((project / "policies").glob("*.md"))[0]
    approved = {path.name: path.read_text(encoding="utf-8") for path in (project / "published").glob("*.txt")}
    policy.write_text(policy.read_text(encoding="utf-8") + "\nA paragraph the editor has not approved.\n", encoding="utf-8")
    assert run(project, "--check") == 1
    assert f"policies/{policy.name}: not approved" in capsys.readouterr().err
    assert run(project, f"policies/{policy.name}") == 0
    said = capsys.readouterr().out
    assert "+   A paragraph the editor has not approved." in said, said
    # Its approved text is at its kind's address (the README's table), whatever its file is called.
    pages = yaml.safe_load((project / "publisher.yml").read_text(encoding="utf-8"))["publisher"]["pages"]
    kind = next(kind for kind, file in pages.items() if file == f"policies/{policy.name}")
    changed = [name for name, text in approved.items()
               if (project / "published" / name).read_text(encoding="utf-8") != text]
    assert changed == [POLICIES[kind][0].rstrip("/") + ".txt"], changed
    assert run(project, "--check") == 0, capsys.readouterr().err
