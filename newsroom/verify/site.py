"""A built site as the publication's gate reads it: each page, what makes its bytes, and what it must show.

For every HTML file of the site: its kind (an article, the front page, a withdrawn
article, a listing…) and its key (the digest of its bytes and of every file of the
site it loads: the script, the favicon, the photos), cheap to make for thousands of
pages; and, only for a page whose bytes changed, the digest of the words it carries
(`words`: for an article's page, its approved text and front matter; for any other
page, its blocks of text) and what a reader must get from it (`expected`).

An article's page, and the front page that leads with one, must show the article's
approved text and its front matter's words (headline, standfirst, points, the lead
photo's caption and credit, the withdrawal notice); the editor's additions the build
writes from the front matter (the date line, the byline, the dateline, the printed corrections)
are held to the page's own HTML, their wording being the build's, which the test
suite pins. Any other page is held to its own HTML, block by block
(newsroom.verify.dom.Shown).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from newsroom.articles import LISTINGS, Article
from newsroom.authors import Author
from newsroom.publisher import PolicyPage
from newsroom.verify.dom import Expected, Shown

# The elements that load a file into the page, and the url() of its inline styles: what paints it. A link to another
# page, or to the feed (`<link rel="alternate">`, `<a href>`), loads nothing into it.
ELEMENT = re.compile(r"<(link|script|img|source|video|audio|track|iframe|embed|object|image|use)\b([^>]*)>", re.I)
ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
# What each element loads from, and the link relations that load a file (an icon, a stylesheet, a preload).
LOADS = {"link": ("href",), "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"),
         "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "iframe": ("src",), "embed": ("src",),
         "object": ("data",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href")}
LOADING_LINKS = {"icon", "stylesheet", "preload", "modulepreload", "manifest", "apple-touch-icon", "mask-icon"}

# The kind of page in each of the site's own folders (newsroom.articles.LISTINGS, the archive, search, corrections).
FOLDER_KINDS = {**{folder: folder for folder in LISTINGS}, "archive": "archive", "search": "search",
                "corrections": "corrections"}


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class BuiltPage:
    """One HTML file of a built site, as the gate judges it."""

    # Its file in the site: index.html, alaska-summit/index.html, section/world/2/index.html, 404.html.
    name: str
    # The kind of page it is: after a change of code the gate reads back one page of each kind again.
    kind: str
    # The digest of its bytes and of every file of the site it loads.
    key: str
    # The file a failure names: the article it shows (docs/<file>.md), else the page itself.
    source: str
    # The article it shows, if it shows one; or the publisher's page it is (newsroom.publisher).
    article: Article | None = None
    policy: PolicyPage | None = None


class BuiltSite:
    """The pages of the site built in `folder` for `site_url`, and the project's articles they show."""

    def __init__(self, folder: Path, site_url: str, articles: list[Article], approved_texts: Path,
                 authors: dict[str, Author], policies: tuple[PolicyPage, ...] = ()) -> None:
        self.folder = folder
        self.site_url = site_url
        self.articles = {article.address: article for article in articles}
        self.policies = {policy.address: policy for policy in policies}
        # An old address (redirect_from) answers with a page that sends the reader on.
        self.old_addresses = {f"{old}/" for article in articles for old in article.meta.redirect_from}
        self.approved_texts = approved_texts
        self.authors = authors
        self._files: dict[str, str | None] = {}

    def names(self) -> list[str]:
        """Every HTML file of the site, by its name in it (a build's hidden staging folders left out)."""
        return sorted(path.relative_to(self.folder).as_posix() for path in self.folder.rglob("*.html")
                      if not any(part.startswith(".") for part in path.relative_to(self.folder).parts))

    def url(self, name: str) -> str:
        """The page's address: its folder's, for an index.html."""
        return self.site_url + name.removesuffix("index.html")

    def html(self, name: str) -> str:
        return (self.folder / name).read_text(encoding="utf-8")

    def page(self, name: str) -> BuiltPage:
        """One page: its kind, its key and the digest of its words."""
        data = (self.folder / name).read_bytes()
        html = data.decode("utf-8")
        loaded = sorted({found for value in self._loaded(html) if (found := self._file_digest(name, value))})
        key = digest(data + "\n".join(loaded).encode())
        address = name.removesuffix("index.html")
        article = self.articles.get(address) if name.endswith("/index.html") else None
        if name == "index.html":
            article = self._lead(html)
        if article is not None:
            kind = "front page" if name == "index.html" else (
                "withdrawn article" if article.meta.withdrawn is not None else
                "article with a lead photo" if article.meta.image is not None else "article")
            return BuiltPage(name, kind, key, article.where, article)
        policy = self.policies.get(address) if name.endswith("/index.html") else None
        if policy is not None:
            return BuiltPage(name, "the publisher's page", key, policy.where, policy=policy)
        first = name.split("/", 1)[0]
        kind = ("old address" if address in self.old_addresses else "not found" if name == "404.html"
                else FOLDER_KINDS.get(first, "page") if "/" in name else "page")
        return BuiltPage(name, kind, key, name)

    def words(self, page: BuiltPage) -> str:
        """The digest of the words the page must show: its article's approved text and front matter, or its blocks of
        text. Made only for a page whose bytes changed (a listing's means parsing it)."""
        if page.article is not None:
            return self._article_words(page.article)
        if page.policy is not None:
            policy = page.policy
            return digest(json.dumps([self.approved(policy), policy.title, policy.description, str(policy.updated),
                                      self.people(policy)]).encode())
        return digest(json.dumps(Shown.of(self.html(page.name)).blocks).encode())

    def expected(self, page: BuiltPage) -> Expected | Shown:
        """What a reader must get from the page."""
        html = self.html(page.name)
        if page.policy is not None:
            # The editor's text, approved as an article's is; the day it was last updated as the page's HTML has it.
            found = BeautifulSoup(html, "html.parser").select_one(".article-meta")
            return Expected(paragraphs=self.approved(page.policy), headline=page.policy.title,
                            standfirst=page.policy.description, glance=[],
                            date_line=" ".join(found.get_text().split()) if found else "",
                            people=tuple(self.people(page.policy)))
        if page.article is None:
            return Shown.of(html)
        return self._article_expected(page.article, BeautifulSoup(html, "html.parser"))

    def _lead(self, html: str) -> Article | None:
        """The article the front page leads with, by its headline's link."""
        link = BeautifulSoup(html, "html.parser").select_one("#headline a[href]")
        if link is None:
            return None
        return self.articles.get(urljoin(self.site_url, str(link["href"])).removeprefix(self.site_url))

    def _loaded(self, html: str) -> list[str]:
        """Every address the page's markup loads a file from (a srcset lists several), and its styles' url()s."""
        values: list[str] = [found.group(1) for found in URL.finditer(html)]
        for element in ELEMENT.finditer(html):
            tag = element.group(1).lower()
            attributes = {found.group(1).lower(): found.group(2) if found.group(2) is not None else found.group(3)
                          for found in ATTRIBUTE.finditer(element.group(2))}
            if tag == "link" and not LOADING_LINKS & set(attributes.get("rel", "").lower().split()):
                continue
            for name in LOADS[tag]:
                value = attributes.get(name)
                if value:
                    values += [part.split()[0] for part in value.split(",") if part.split()] if "srcset" in name else [value]
        return values

    def _file_digest(self, name: str, value: str) -> str | None:
        """The site's file at `value` (relative to page `name`) with its digest, if it is one and not a page."""
        address = urljoin(self.url(name), value.strip())
        if not address.startswith(self.site_url):
            return None
        path = unquote(urlsplit(address).path).removeprefix(urlsplit(self.site_url).path)
        if not path or path.endswith("/") or path.endswith(".html"):
            return None
        if path not in self._files:
            file = self.folder / PurePosixPath(path)
            self._files[path] = f"{path} {digest(file.read_bytes())}" if file.is_file() else None
        return self._files[path]

    def people(self, policy: PolicyPage) -> list[str]:
        """On the masthead, each person of the authors file as the reader reads them: their name, then their role."""
        if policy.kind.key != "masthead":
            return []
        return [f"{author.name}, {author.role}" if author.role else author.name for author in self.authors.values()]

    def approved(self, article: Article | PolicyPage) -> list[str]:
        """The article's approved text, a paragraph a line (none if it has none: `approve --check` names it)."""
        path = self.approved_texts / f"{article.name}.txt"
        return path.read_text(encoding="utf-8").split("\n") if path.is_file() else []

    def _article_words(self, article: Article) -> str:
        """The digest of what an article's page shows of it: its approved text and everything its front matter puts
        on the page in words (the date line's dates and the byline's names included)."""
        meta = article.meta
        words = {
            "text": self.approved(article), "title": meta.title, "description": meta.description,
            "date": str(meta.date), "updated": str(meta.updated), "glance": list(meta.glance),
            "image": [meta.image.caption, meta.image.credit] if meta.image else None,
            "corrections": [[str(c.date), c.text] for c in meta.corrections],
            "withdrawn": [str(meta.withdrawn.date), meta.withdrawn.notice] if meta.withdrawn else None,
            "authors": [self.authors[key].name if key in self.authors else key for key in meta.authors],
            # Only when given, so that the words of an article without one read as they did before it could have one.
            **({"dateline": meta.dateline} if meta.dateline else {}),
        }
        return digest(json.dumps(words, sort_keys=True).encode())

    def _article_expected(self, article: Article, soup: BeautifulSoup) -> Expected:
        """What the page must show of `article`: its approved text and front matter's words, and the editor's
        additions as the page's HTML holds them."""
        meta = article.meta

        def text(selector: str) -> str | None:
            found = soup.select_one(selector)
            return " ".join(found.get_text().split()) if found is not None else None

        date_line = text(".article-meta") or ""
        if meta.withdrawn is not None:
            return Expected(paragraphs=[], headline=meta.title, standfirst=None, glance=[], date_line=date_line,
                            withdrawn=meta.withdrawn.notice)
        corrections = [" ".join(p.get_text().split()) for p in soup.select(".article-corrections > p")
                       if "article-corrections__all" not in (p.get("class") or [])]
        return Expected(
            paragraphs=self.approved(article),
            headline=meta.title,
            standfirst=meta.description,
            date_line=date_line,
            glance=list(meta.glance),
            lead_photo=" ".join(filter(None, [meta.image.caption, meta.image.credit])) if meta.image else None,
            byline=text(".article-byline"),
            corrections=tuple(corrections),
            # Its wording the page's, whether there is one the front matter's.
            dateline=(text(".article-place") or meta.dateline) if meta.dateline else None,
        )
