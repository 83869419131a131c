"""Legitimate edits: the changes a maintainer may make, which the suite must accept.

The other half of the bad-input catalogue. conftest.py's `article_site` fixture
builds a copy of the project after each edit, made the way the README says (the
article and its approved text together where the text changes), and every check that
depends on the article's content (its text, headline, dates, points, metadata,
feed, card, policy, and what the browser renders) runs on each of those builds
as on the committed article. A check that held the project to today's text
instead of its rules fails on one of them.
"""

from __future__ import annotations

import datetime
import shutil
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageOps

from article_edit import ArticleEditor, set_setting, today, words
from newsroom.cli import approve


def earlier_date(article: ArticleEditor) -> None:
    """The publication date corrected to an earlier day."""
    date = article.front_matter()["date"]
    article.set_key("date", date - datetime.timedelta(days=40))


def word_changed(article: ArticleEditor) -> None:
    """One word of the first paragraph replaced by another."""
    paragraphs = article.paragraphs()
    word = words(paragraphs[0])[0]
    paragraphs[0] = paragraphs[0].replace(word, "reportedly", 1)
    article.write(paragraphs=paragraphs)


def sentence_added(article: ArticleEditor) -> None:
    """A sentence added at the end of the last paragraph."""
    paragraphs = article.paragraphs()
    paragraphs[-1] += " Officials on both sides declined to comment on the agenda."
    article.write(paragraphs=paragraphs)


def paragraph_added(article: ArticleEditor) -> None:
    """A new paragraph after the first."""
    paragraphs = article.paragraphs()
    paragraphs.insert(1, "Neither delegation has published an agenda, and no joint statement is planned.")
    article.write(paragraphs=paragraphs)


def headline_and_standfirst_changed(article: ArticleEditor) -> None:
    """A different headline and standfirst (the social card and the metadata must follow)."""
    article.set_key("title", "What Trump and Putin each want from Anchorage")
    article.set_key("description", "Two leaders arrive in Alaska with aims that barely overlap.")


def headline_with_ampersand_and_quotes(article: ArticleEditor) -> None:
    """A headline with an ampersand and quotation marks, shown as typed everywhere."""
    article.set_key("title", 'Trump & Putin: "a feel-out" in Anchorage')


def correction_dated(article: ArticleEditor) -> None:
    """A correction dated with `updated` (the day after publication, or today if that is sooner)."""
    published = article.front_matter()["date"]
    article.set_key("updated", min(published + datetime.timedelta(days=1), today(article.project)))


def corrections_printed(article: ArticleEditor) -> None:
    """Two corrections printed on the article (newsroom.desk), the first with emphasis and a link to the article itself
    by its file, dated a day and two after publication (or today if that is sooner)."""
    published, today = article.front_matter()["date"], datetime.date.today()
    article.set_key("corrections", [
        {"date": min(published + datetime.timedelta(days=1), today),
         "text": f"An earlier version of [this article]({article.markdown.name}) misstated *the venue* of the talks."},
        {"date": min(published + datetime.timedelta(days=2), today),
         "text": "An earlier version gave the wrong day for the second round of talks."},
    ])


def three_points(article: ArticleEditor) -> None:
    """Three "At a glance" points instead of four (or one fewer than today, whatever the count)."""
    points = article.front_matter()["glance"]
    article.set_key("glance", points[:3] if len(points) > 3 else points[:2] + points[-1:])


def _add_article(article: ArticleEditor, name: str, published: datetime.date, paragraphs: list[str],
                 title: str = "A second look at what Anchorage can settle") -> None:
    """A new article, docs/<name>.md: the front matter keys the README lists, approved with the documented command."""
    path = article.project / "docs" / f"{name}.md"
    path.write_text(article.markdown.read_text(encoding="utf-8"), encoding="utf-8")
    added = ArticleEditor(article.project, path)
    added.set_key("title", title)
    added.set_key("description", "What each side can still give, and what neither will.")
    added.set_key("date", published)
    added.write(paragraphs=paragraphs)
    approve(path, article.project / "mkdocs.yml")


def newer_article_added(article: ArticleEditor) -> None:
    """A second article, newer than the first: the front page leads with it and lists both."""
    published = max(article.front_matter()["date"], today(article.project))
    _add_article(article, "second-look", published, list(reversed(article.paragraphs())))


def older_article_added(article: ArticleEditor) -> None:
    """A second article, older than the first: the front page keeps its lead and lists both."""
    published = article.front_matter()["date"] - datetime.timedelta(days=30)
    _add_article(article, "earlier-look", published, article.paragraphs()[:2])


def renamed_keeping_its_address(article: ArticleEditor) -> None:
    """The article's file renamed, its address kept with a `slug` (as the suite's message says to)."""
    name = article.markdown.stem
    renamed = article.markdown.with_name(f"{name}-renamed.md")
    article.markdown.rename(renamed)
    ArticleEditor(article.project, renamed).set_key("slug", name)


# Real photographs with a clear licence (fixtures/photos/LICENCES.md): one wide enough to lead an article.
PHOTOS = Path(__file__).parent / "fixtures" / "photos"


def _photo(article: ArticleEditor, fixture: str, name: str) -> str:
    """Copy a fixture photo to docs/images/<name> of the copy, as a reporter adds one; its src from the article."""
    target = article.project / "docs" / "images" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PHOTOS / fixture, target)
    return f"images/{name}"


def lead_photo_added(article: ArticleEditor) -> None:
    """A lead photo with its alt text, credit and caption."""
    src = _photo(article, "retina.jpg", "summit-lead.jpg")
    article.set_key("image", {"src": src, "alt": "A photograph of the back of a healthy left eye",
                              "credit": "Mikael Häggström (CC0)", "caption": "The photo the desk chose to lead with."})


def mirrored_lead_photo(target: Path) -> None:
    """Write the fixture lead photo's mirror image at `target`: other bytes, the same every time (a test that needs
    another lead photo writes this one, which the suite's shared cache then holds encoded once)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    ImageOps.mirror(Image.open(PHOTOS / "retina.jpg")).save(target, quality=90)


def lead_photo_changed(article: ArticleEditor) -> None:
    """Another lead photo (a different file), with other alt text and credit and no caption."""
    mirrored_lead_photo(article.project / "docs" / "images" / "summit-lead-mirrored.jpg")
    article.set_key("image", {"src": "images/summit-lead-mirrored.jpg", "alt": "The same eye, seen as in a mirror",
                              "credit": "After Mikael Häggström (CC0)"})


# Lead photos of each shape a reporter may bring, cut (not scaled) from real photographs: the least size the build
# accepts, a camera's 2000x1072 (a 1:1 crop cannot be 1200 px wide, as with a 1920x1080 frame), a portrait phone photo
# and a square one. Four, as each costs a build a full ladder of encodings; test_photos.py pins the crops of these
# and more shapes (a video frame, 3:2) without a build.
LEAD_SHAPES: dict[str, tuple[str, tuple[int, int]]] = {
    "the least size": ("ladybird.jpg", (1200, 675)),
    "a wide camera photo": ("ladybird.jpg", (2000, 1072)),
    "a portrait phone photo": ("ladybird.jpg", (1200, 1600)),
    "a square photo": ("storm.jpg", (1280, 1280)),
}

# As fixtures/photos/LICENCES.md names them.
CREDITS = {"ladybird.jpg": "Charles Barbin (GPL-2+)", "storm.jpg": "Sergey Nazarov (GPL-2+)"}


def cut(fixture: str, size: tuple[int, int]) -> Image.Image:
    """The centre of a fixture photo at exactly `size`, its pixels as they are."""
    image = Image.open(PHOTOS / fixture)
    left, top = (image.width - size[0]) // 2, (image.height - size[1]) // 2
    assert left >= 0 and top >= 0, f"{fixture} is {image.size}, smaller than {size}"
    return image.crop((left, top, left + size[0], top + size[1]))


def lead_photos_of_every_shape(article: ArticleEditor) -> None:
    """An article for each of LEAD_SHAPES, each leading with its photo (a JPEG as a camera or phone writes it)."""
    published = article.front_matter()["date"]
    for number, (shape, (fixture, size)) in enumerate(LEAD_SHAPES.items(), start=1):
        name = f"shape-{number}"
        target = article.project / "docs" / "images" / f"{name}.jpg"
        target.parent.mkdir(parents=True, exist_ok=True)
        cut(fixture, size).save(target, quality=90)
        _add_article(article, name, published - datetime.timedelta(days=number), article.paragraphs()[:1],
                     title=f"A lead photo of {shape}")
        ArticleEditor(article.project, article.project / "docs" / f"{name}.md").set_key(
            "image", {"src": f"images/{name}.jpg", "alt": f"A photograph cut to {size[0]}x{size[1]}",
                      "credit": CREDITS[fixture]})


def photos_added_in_the_text(article: ArticleEditor) -> None:
    """A photo with a caption after the first paragraph and a chart (SVG) without one at the end, approved."""
    photo = _photo(article, "coffee.jpg", "coffee.jpg")
    chart = article.project / "docs" / "images" / "chart.svg"
    chart.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="320" height="160" viewBox="0 0 320 160">'
                     '<title>Talks by year</title><rect x="10" y="60" width="60" height="100" fill="#1b2a41"/>'
                     '<rect x="90" y="20" width="60" height="140" fill="#b3261e"/></svg>\n', encoding="utf-8")
    paragraphs = article.paragraphs()
    paragraphs.insert(1, f'![A cup of coffee on a saucer]({photo} "Coffee before the talks began.")')
    paragraphs.append("![A bar chart of two bars, the second taller](images/chart.svg)")
    article.write(paragraphs=paragraphs)


def bylines_added(article: ArticleEditor) -> None:
    """Two authors in the authors file, one with a page, named by the newest article (the others keep none)."""
    (article.project / "authors.yml").write_text(
        "authors:\n"
        "  mlind:\n    name: Maria Lindqvist\n    url: https://example.org/staff/maria-lindqvist\n"
        "    description: Covers Russia and the Arctic.\n"
        "  okane:\n    name: Oisín Kane\n", encoding="utf-8")
    article.set_key("authors", ["mlind", "okane"])


def many_articles_and_shorter_lists(article: ArticleEditor) -> None:
    """Twelve more articles, a day apart, and the front page, the feed, an archive page and a search index set to
    hold fewer than there are: the front page lists 3 after its lead, the feed carries 5, a year of more than 10
    articles is split by month, and search is indexed in sections of 5 (which the search page merges)."""
    published = article.front_matter()["date"]
    for number in range(1, 13):
        _add_article(article, f"dispatch-{number:02}", published - datetime.timedelta(days=3 * number),
                     article.paragraphs()[:1], title=f"Dispatch {number} from Anchorage")
    set_setting(article.project, "front_page_articles", 3)
    set_setting(article.project, "feed_articles", 5)
    set_setting(article.project, "archive_page_articles", 10)
    set_setting(article.project, "search_index_articles", 5)


EDITS: dict[str, Callable[[ArticleEditor], None]] = {
    "an earlier publication date": earlier_date,
    "a word changed": word_changed,
    "a sentence added": sentence_added,
    "a paragraph added": paragraph_added,
    "a new headline and standfirst": headline_and_standfirst_changed,
    "a headline with an ampersand and quotes": headline_with_ampersand_and_quotes,
    "a correction dated": correction_dated,
    "corrections printed": corrections_printed,
    "three points at a glance": three_points,
    "a newer article added": newer_article_added,
    "an older article added": older_article_added,
    "a file renamed, its address kept": renamed_keeping_its_address,
    "a lead photo added": lead_photo_added,
    "another lead photo, alt text and credit": lead_photo_changed,
    "photos added in the text": photos_added_in_the_text,
    "bylines added": bylines_added,
    "many articles and shorter lists": many_articles_and_shorter_lists,
}
