"""The desk's clock: times, drafts, scheduled articles, permanent feed ids and the Google News sitemap.

One copy of the project gets three articles beside the committed one: one published a few
hours before the build's clock with a time in another offset, a draft and a scheduled article
(each with a lead photo of its own). It is built twice with its own photo cache: at the clock,
when nothing of the draft or the scheduled article may reach any file of the site (their
addresses, headlines and a made-up word of their text are looked for in every file, the search
index's compressed files included) and neither photo may even be encoded; and a few hours
later, when the scheduled article is published with its photo and the draft still is not.
`mkdocs serve` shows both, each marked on its page. The news sitemap is also checked on every
legitimately edited site. Every time and word here comes from the copy's front matter.
"""

from __future__ import annotations

import datetime
import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import feedparser
import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError

from article_edit import ArticleEditor
from conftest import Site, copy_project, mkdocs_build, node_tool, project_settings, site_config
from harness.project import NEWSROOM_NOW, REPO_ROOT, Build
from legit_edits import mirrored_lead_photo
from newsroom import clock, schedule
from newsroom.articles import Article as BuiltArticle
from newsroom.articles import first_address
from newsroom.cli import approve
from newsroom.feed import entry_id

PHOTO = Path(__file__).parent / "fixtures" / "photos" / "retina.jpg"
SITE_URL = "https://desk.example/news/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
# Made-up words, one in each unpublished article's text, which nothing else on the site has.
DRAFT_WORD, SCHEDULED_WORD = "Quillobrandt", "Vortemplary"


@dataclass(frozen=True)
class Desk:
    """The copy, its three added articles' names, the build's clock, and the two builds."""

    project: Path
    # The committed article's file name without .md.
    committed: str
    zone: ZoneInfo
    now: datetime.datetime
    timed: str
    draft: str
    scheduled: str
    scheduled_at: datetime.datetime
    before: Build
    after: Build
    # The photo cache's files after the first build.
    cached_before: list[str]


def _add(committed: ArticleEditor, name: str, title: str, date: str, words: str, extra: dict[str, object]) -> Path:
    """docs/<name>.md: the committed article's file with another headline, date and first paragraph, and `extra` keys."""
    project = committed.project
    path = project / "docs" / f"{name}.md"
    path.write_text(committed.markdown.read_text(encoding="utf-8"), encoding="utf-8")
    added = ArticleEditor(project, path)
    added.set_key("title", title)
    added.set_key_text("date", date)
    for key, value in extra.items():
        added.set_key(key, value)
    paragraphs = committed.paragraphs()
    added.write(paragraphs=[f"{words} {paragraphs[0]}", *paragraphs[1:2]])
    return path


def _lead(project: Path, name: str, mirrored: bool) -> dict[str, str]:
    """A lead photo of its own under docs/images/: the fixture, or its mirror image (other bytes). The same bytes as
    the legitimate edits' two lead photos (legit_edits.py), which the suite's shared cache then holds encoded."""
    target = project / "docs" / "images" / f"{name}.jpg"
    if mirrored:
        mirrored_lead_photo(target)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PHOTO, target)
    return {"src": f"images/{name}.jpg", "alt": f"The lead photo of {name}", "credit": "Mikael Häggström (CC0)"}


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Desk:
    workdir = tmp_path_factory.mktemp("desk")
    project = copy_project(workdir / "project")
    settings = project_settings(project)
    # A cache of its own, to tell what the first build encoded.
    (project / settings.cache_dir).unlink()
    (project / settings.cache_dir).mkdir()
    zone = ZoneInfo(settings.time_zone)
    committed = ArticleEditor(project)
    published = committed.front_matter()["date"]
    # A day and a half after the committed article's day began in the publication's zone.
    now = datetime.datetime(published.year, published.month, published.day, tzinfo=zone) + datetime.timedelta(hours=36)
    timed_at = (now - datetime.timedelta(hours=3)).astimezone(datetime.UTC)
    scheduled_at = now + datetime.timedelta(hours=2)
    timed = _add(committed, "desk-timed-report", "A report filed with its time", timed_at.isoformat(),
                 "Filed this morning.", {})
    approve(timed, project / "mkdocs.yml")
    _add(committed, "desk-draft-preview", "A draft the desk is still editing", str(published),
         DRAFT_WORD, {"draft": True, "image": _lead(project, "desk-draft-preview", mirrored=False)})
    scheduled = _add(committed, "desk-scheduled-story", "A story scheduled for later", scheduled_at.isoformat(),
                     SCHEDULED_WORD, {"image": _lead(project, "desk-scheduled-story", mirrored=True)})
    # A scheduled article is approved before its time, so that the build that publishes it needs no one.
    approve(scheduled, project / "mkdocs.yml")
    before = mkdocs_build(project, workdir / "before", site_url=SITE_URL, now=now)
    cache = project / settings.cache_dir
    cached = sorted(path.relative_to(cache).as_posix() for path in cache.rglob("*") if path.is_file())
    # From here on, the suite's shared cache (harness.project.copy_project): what the first build encoded is known, and
    # the photos are not encoded again for this copy.
    shutil.rmtree(cache)
    cache.symlink_to(REPO_ROOT / settings.cache_dir, target_is_directory=True)
    after = mkdocs_build(project, workdir / "after", site_url=SITE_URL, now=scheduled_at + datetime.timedelta(minutes=1))
    for build in (before, after):
        assert build.returncode == 0, build.output
    return Desk(project, committed.markdown.stem, zone, now, timed.stem, "desk-draft-preview", scheduled.stem,
                scheduled_at, before, after, cached)


def _article(desk: Desk, name: str) -> ArticleEditor:
    """One of the copy's articles, by its file name without .md."""
    return ArticleEditor(desk.project, desk.project / "docs" / f"{name}.md")


def _every_text(site: Path) -> dict[str, str]:
    """Every file of a built site as text, by its name in the site; Pagefind's compressed index files decompressed."""
    texts = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        texts[path.relative_to(site).as_posix()] = data.decode("utf-8", errors="replace")
    return texts


def _traces(desk: Desk, name: str) -> list[str]:
    """What would betray an unpublished article: its address, its headline and its made-up word."""
    meta = _article(desk, name).front_matter()
    return [f"{name}/", name, meta.title, DRAFT_WORD if name == desk.draft else SCHEDULED_WORD]


def test_nothing_of_a_draft_or_a_scheduled_article_is_published(desk: Desk) -> None:
    """Should leave the draft and the scheduled article out of every file: no page, card, photo, feed entry, sitemap or
    news sitemap entry, search index entry, archive or front-page listing, nor a link from any page."""
    site = desk.before.site_dir
    texts = _every_text(site)
    assert any(name.startswith("pagefind/") for name in texts), "the search index was not built"
    for name in (desk.draft, desk.scheduled):
        assert not (site / name).exists(), f"{name}/ was published before its time"
        assert not list(site.rglob(f"{name}*")), f"a file named after {name} was published"
        for trace in _traces(desk, name):
            leaks = [file for file, text in texts.items() if trace in text]
            assert not leaks, f"{trace!r}, of the unpublished {name}, is in {leaks}"
    # The published articles are there: the committed one and the timed one, the timed one leading.
    front = BeautifulSoup(texts["index.html"], "html.parser")
    assert front.select_one("h1 a")["href"] == f"{desk.timed}/"
    assert (site / desk.timed / "index.html").is_file()


def test_their_photos_are_neither_published_nor_encoded(desk: Desk) -> None:
    """Should publish no rendition of an unpublished article's lead photo, nor encode one, until its time."""
    site = desk.before.site_dir
    assert not (site / "assets" / "photos").exists(), sorted((site / "assets" / "photos").iterdir())
    assert not [name for name in desk.cached_before if name.startswith("photos/")], desk.cached_before


def test_the_scheduled_article_is_published_by_the_first_build_after_its_time(desk: Desk) -> None:
    """Should publish the scheduled article, with its lead photo, in its feed entry and both sitemaps, once its time has
    come, and still nothing of the draft."""
    site = desk.after.site_dir
    texts = _every_text(site)
    page = BeautifulSoup(texts[f"{desk.scheduled}/index.html"], "html.parser")
    assert page.select_one("figure picture img") is not None
    assert list((site / "assets" / "photos").iterdir()), "its lead photo's renditions are not published"
    assert SITE_URL + desk.scheduled + "/" in texts["sitemap.xml"]
    assert SITE_URL + desk.scheduled + "/" in texts["news-sitemap.xml"]
    newest = feedparser.parse(texts["feed.xml"]).entries[0]
    assert newest.link == SITE_URL + desk.scheduled + "/"
    assert not page.select(".article-preview"), "a published article is marked as a preview"
    for trace in _traces(desk, desk.draft):
        assert not [file for file, text in texts.items() if trace in text], trace


def test_times_show_in_the_publication_zone(desk: Desk) -> None:
    """Should show a time given in another offset in the publication's zone, with the zone's abbreviation, and carry the
    full moment with the publication's offset in <time datetime>, the metadata and the feed."""
    meta = _article(desk, desk.timed).front_matter()
    local = meta.date.astimezone(desk.zone)
    label = f"{local.day} {local:%B %Y}, {local:%H:%M} {local:%Z}"
    stamp = local.isoformat()
    site = desk.before.site_dir
    page = BeautifulSoup((site / desk.timed / "index.html").read_text(encoding="utf-8"), "html.parser")
    first = page.select_one(".article-meta time")
    assert (first.get_text(), first["datetime"]) == (f"Published on this site {label}", stamp)
    assert page.find("meta", property="article:published_time")["content"] == stamp
    entry = feedparser.parse((site / "feed.xml").read_bytes()).entries[0]
    assert (entry.link, entry.published) == (SITE_URL + desk.timed + "/", stamp)
    # The front page leads with it; the committed article, a day alone, is listed under it as the day alone.
    front = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    committed = _article(desk, desk.committed).front_matter()["date"]
    listed = front.select_one(".article-list li time")
    assert listed.get_text() == f"{committed.day} {committed:%B %Y}"
    assert listed["datetime"] == datetime.datetime(committed.year, committed.month, committed.day, tzinfo=desk.zone).isoformat()


def test_news_sitemap_lists_the_last_two_days(desk: Desk) -> None:
    """Should list, in Google's news schema, the articles published in the two days before the build's clock, newest
    first, with the publication's name and language, the full publication time and the headline."""
    site = desk.before.site_dir
    tree = ElementTree.parse(site / "news-sitemap.xml")
    urls = tree.getroot().findall(f"{SITEMAP}url")
    expected = [(name, _article(desk, name).front_matter()) for name in (desk.timed, desk.committed)]
    assert [url.findtext(f"{SITEMAP}loc") for url in urls] == [SITE_URL + name + "/" for name, _ in expected]
    config = site_config(desk.project)
    for url, (_, meta) in zip(urls, expected, strict=True):
        news = url.find(f"{NEWS}news")
        assert news.findtext(f"{NEWS}publication/{NEWS}name") == config["site_name"]
        assert news.findtext(f"{NEWS}publication/{NEWS}language") == config["theme"]["language"]
        assert news.findtext(f"{NEWS}title") == meta.title
        moment = meta.date if isinstance(meta.date, datetime.datetime) else \
            datetime.datetime(meta.date.year, meta.date.month, meta.date.day, tzinfo=desk.zone)
        assert datetime.datetime.fromisoformat(news.findtext(f"{NEWS}publication_date")) == moment
    robots = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {SITE_URL}news-sitemap.xml" in robots and f"Sitemap: {SITE_URL}sitemap.xml" in robots


def test_news_sitemap_on_every_site(article_site: Site) -> None:
    """Should be valid XML on every legitimately edited site, listing exactly its articles of the two days up to its
    clock (none at all is an empty urlset)."""
    now = article_site.now or clock.now()
    root = ElementTree.parse(article_site.dir / "news-sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    listed = [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]
    moment = {a.name: datetime.datetime.fromisoformat(article_site.machine_date(a.meta.date)) for a in article_site.articles}
    recent = [a for a in article_site.articles if now - datetime.timedelta(days=2) < moment[a.name] <= now]
    assert listed == [article_site.url + a.address for a in recent][:1000]


def test_a_feed_id_survives_a_new_domain(desk: Desk, tmp_path: Path) -> None:
    """Should give each entry and the feed the same ids whatever the site's address (and not the address)."""
    elsewhere = mkdocs_build(desk.project, tmp_path / "site", site_url="https://moved.example/", now=desk.now)
    assert elsewhere.returncode == 0, elsewhere.output
    ids = [feedparser.parse((build.site_dir / "feed.xml").read_bytes()) for build in (desk.before, elsewhere)]
    assert [entry.id for entry in ids[0].entries] == [entry.id for entry in ids[1].entries]
    assert ids[0].feed.id == ids[1].feed.id
    assert all(entry.id.startswith("tag:") and "example/" not in entry.id for entry in ids[0].entries)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def preview(desk: Desk) -> Iterator[tuple[str, dict[str, str]]]:
    """`mkdocs serve` on the copy at the first build's clock: its address, and the draft's and the scheduled article's
    pages as it serves them."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                               cwd=desk.project, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1", NEWSROOM_NOW: desk.now.isoformat()})
    pages: dict[str, str] = {}
    try:
        for name in (desk.draft, desk.scheduled):
            for _ in range(600):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{name}/") as response:
                        pages[name] = response.read().decode("utf-8")
                        break
                except OSError:
                    time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/", pages
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(desk.project / "site", ignore_errors=True)


def test_serve_shows_drafts_and_scheduled_articles_marked(desk: Desk, preview: tuple[str, dict[str, str]]) -> None:
    """Should show the draft and the scheduled article under `mkdocs serve`, each marked above its headline: a draft as
    not published, a scheduled article with when it will be, in the publication's zone."""
    _, pages = preview
    local = desk.scheduled_at.astimezone(desk.zone)
    expected = {desk.draft: "Draft: not published",
                desk.scheduled: f"Scheduled: published {local.day} {local:%B %Y}, {local:%H:%M} {local:%Z}"}
    for name, notice in expected.items():
        assert name in pages, f"mkdocs serve did not serve {name}/"
        header = BeautifulSoup(pages[name], "html.parser").select_one(".article-header")
        marked = header.select_one(".article-preview")
        assert marked is not None and marked.get_text(strip=True) == notice, f"{name}: {marked}"
        assert header.find(True) == marked, f"{name}: the notice should come first, above the headline"


def test_serve_shows_a_drafts_topics_and_related_articles(desk: Desk, preview: tuple[str, dict[str, str]]) -> None:
    """Should show a draft as it will look once published: the topics it shares with published articles (here all of
    its own, copied from the committed article) and related articles, of which the committed one, sharing them all."""
    _, pages = preview
    page = BeautifulSoup(pages[desk.draft], "html.parser")
    committed = _article(desk, desk.committed)
    topics = [link.get_text(strip=True).casefold() for link in page.select(".article-tags a[rel=tag]")]
    assert topics == [str(tag).casefold() for tag in committed.front_matter()["tags"]], topics
    related = [link["href"] for link in page.select(".article-related a")]
    assert any(desk.committed in href for href in related), related


@pytest.mark.browser
def test_the_notice_is_seen_in_the_browser(desk: Desk, preview: tuple[str, dict[str, str]], browser: object) -> None:
    """Should paint the notice above the headline, visible in both schemes, and show a reader the timed article's time
    in the publication's zone."""
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    address, _ = preview
    local = _article(desk, desk.timed).front_matter()["date"].astimezone(desk.zone)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{address}{desk.timed}/")
        shown = page.locator(".article-meta time").first.inner_text().strip()
        assert shown == f"Published on this site {local.day} {local:%B %Y}, {local:%H:%M} {local:%Z}", shown
    finally:
        context.close()
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        try:
            page = context.new_page()
            for name, notice_text in ((desk.draft, "Draft: not published"), (desk.scheduled, "Scheduled: published")):
                page.goto(f"{address}{name}/")
                notice, headline = page.locator(".article-preview"), page.locator("h1#headline")
                assert notice.is_visible() and notice.inner_text().strip().startswith(notice_text)
                above, below = notice.bounding_box(), headline.bounding_box()
                assert above is not None and below is not None and above["y"] + above["height"] <= below["y"]
                # WCAG A and AA, colour contrast included, as test_browser.py checks every published page.
                page.evaluate(node_tool("axe-core", "axe.min.js").read_text(encoding="utf-8"))
                violations = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                                           ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"])["violations"]
                assert not violations, f"{scheme}, {name}: {[(v['id'], v['nodes'][0]['target']) for v in violations]}"
        finally:
            context.close()


def test_the_preview_pages_are_valid_html(desk: Desk, preview: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    """Should pass the Nu Html Checker on the pages `mkdocs serve` shows with a notice."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is needed to run the Nu Html Checker: install Java 17+ (Debian: openjdk-17-jre-headless)")
    _, pages = preview
    files = []
    for name, html in pages.items():
        files.append(tmp_path / f"{name}.html")
        files[-1].write_text(html, encoding="utf-8")
    result = subprocess.run([java, "-jar", str(node_tool("vnu-jar", "build", "dist", "vnu.jar")), "--format", "json",
                             "--errors-only", *map(str, files)], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [(m["url"].rsplit("/", 1)[-1], m["message"]) for m in messages if m.get("type") == "error"]
    assert not errors, errors


def test_due_compares_what_is_published_now_with_the_live_site(desk: Desk, monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    """Should find nothing due while the live site (the first build) lists every article published by now, the scheduled
    article due once its time has come, and everything due when the live sitemap cannot be read; and say so to the
    workflow's next jobs in $GITHUB_OUTPUT."""
    live = schedule.live_addresses(desk.before.site_dir.as_uri() + "/")
    assert live is not None and SITE_URL + desk.timed + "/" in live
    output = tmp_path / "github-output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    arguments = ["--config-file", str(desk.project / "mkdocs.yml"), "--site-url", SITE_URL]
    monkeypatch.setattr(schedule, "live_addresses", lambda site_url: live)
    for moment, due in ((desk.now, "false"), (desk.scheduled_at, "true")):
        monkeypatch.setenv(NEWSROOM_NOW, moment.isoformat())
        assert schedule.main(arguments) == 0
        assert output.read_text(encoding="utf-8").splitlines()[-1] == f"due={due}", moment
    monkeypatch.setattr(schedule, "live_addresses", lambda site_url: None)
    monkeypatch.setenv(NEWSROOM_NOW, desk.now.isoformat())
    assert schedule.main(arguments) == 0
    assert output.read_text(encoding="utf-8").splitlines()[-1] == "due=true"


@pytest.mark.parametrize(("given", "says"), [("2026-11-26T06:00:00", "has no offset"), ("next Tuesday", "not an ISO date-time")])
def test_the_clock_refuses_an_ambiguous_moment(given: str, says: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should refuse a NEWSROOM_NOW without an offset or that is no date-time, naming the variable."""
    monkeypatch.setenv(NEWSROOM_NOW, given)
    with pytest.raises(PluginError, match=f"{NEWSROOM_NOW}: .*{says}"):
        clock.now()


def test_the_clock_reads_the_moment_given(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should take NEWSROOM_NOW as the moment it names, with its offset, and the real time without it."""
    monkeypatch.setenv(NEWSROOM_NOW, "2026-11-26T06:00:00-09:00")
    assert clock.now() == datetime.datetime(2026, 11, 26, 15, 0, tzinfo=datetime.UTC)
    monkeypatch.delenv(NEWSROOM_NOW)
    before = datetime.datetime.now(datetime.UTC)
    assert before <= clock.now() <= datetime.datetime.now(datetime.UTC)


def test_an_entry_id_keeps_the_first_address() -> None:
    """Should make an entry's id from the address the article had when first published: the oldest of the old addresses
    a renamed article keeps (`redirect_from`, oldest last), else the one it has."""
    meta = SimpleNamespace(date=datetime.date(2026, 11, 25), redirect_from=["renamed/", "first-name/"])
    renamed = BuiltArticle("docs/latest.md", "latest.md", "latest/", meta, "")  # type: ignore[arg-type]
    assert first_address(renamed) == "first-name"
    assert entry_id("example.org,2026", renamed) == "tag:example.org,2026-11-25:first-name"
    never = BuiltArticle("docs/latest.md", "latest.md", "latest/", SimpleNamespace(date=meta.date, redirect_from=[]), "")  # type: ignore[arg-type]
    assert first_address(never) == "latest"
