"""The publisher: who stands behind the publication, and the pages that say by what rules it works.

One file declares them (the plugin's `publisher` setting, `publisher.yml` beside mkdocs.yml), in the shape of the
authors file: a top-level `publisher:` mapping with the publication's `name` (else `site_name`) and its `pages`, one
key per kind of page the Trust Project's "best practices" indicator and Google's news transparency guidance ask for,
each naming a Markdown file the editor writes (under `policies/`):

    publisher:
      pages:
        about: policies/about.md             # mission and coverage priorities
        masthead: policies/masthead.md       # who edits (the authors file's people, with their roles, follow)
        contact: policies/contact.md         # how to reach the newsroom, and what it does with feedback
        ownership: policies/ownership.md     # who owns and funds it
        ethics: policies/ethics.md
        corrections: policies/corrections-policy.md
        verification: policies/verification.md
        unnamed_sources: policies/unnamed-sources.md

Each page is published at a stable address of its kind (`about/`, `masthead/`…, whatever its file is called), linked
from every page's footer, and approved as an article is (`newsroom approve policies/about.md`, published/<address>.txt);
it is no article: not in the feed, the archive, the listings or the news sitemap, but in the sitemap and in search.
The publisher is a schema.org NewsMediaOrganization in every page's structured data, one per site (its `@id` the site's
address and `#publisher`), each page that exists linked by its property. A page's front matter holds its `title`, its
one-sentence `description` and the day it was last `updated` (shown under its title). A publisher file naming a kind
there is not, or a file that does not exist, an unknown key or a page without its front matter stops the build naming
the file and the key.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data

from newsroom.front_matter import Day, Text, paragraphs_of, validated


@dataclass(frozen=True)
class PolicyKind:
    """One kind of the publisher's pages: its key in the file, its address, its footer's label, its schema.org
    property on NewsMediaOrganization (and any other it answers), and what it is for."""

    key: str
    address: str
    label: str
    properties: tuple[str, ...]
    purpose: str


KINDS: dict[str, PolicyKind] = {kind.key: kind for kind in (
    PolicyKind("about", "about/", "About us", ("missionCoveragePrioritiesPolicy",),
               "the publication's mission and what it covers"),
    PolicyKind("masthead", "masthead/", "Masthead", ("masthead",), "who edits the publication"),
    PolicyKind("contact", "contact/", "Contact", ("actionableFeedbackPolicy",),
               "how to reach the newsroom, and what it does with what readers send"),
    PolicyKind("ownership", "ownership-and-funding/", "Ownership and funding", ("ownershipFundingInfo",),
               "who owns the publication and who pays for it"),
    PolicyKind("ethics", "ethics/", "Ethics", ("ethicsPolicy", "publishingPrinciples"),
               "the publication's standards and ethics"),
    PolicyKind("corrections", "corrections-policy/", "Corrections policy", ("correctionsPolicy",),
               "how the publication corrects what it got wrong"),
    PolicyKind("verification", "verification/", "Verification", ("verificationFactCheckingPolicy",),
               "how the publication checks what it publishes"),
    PolicyKind("unnamed_sources", "unnamed-sources/", "Unnamed sources", ("unnamedSourcesPolicy",),
               "when the publication relies on sources it does not name"),
)}


class PolicyMeta(Config):
    """A publisher's page's front matter."""

    title = Text("the page's title")
    description = Text("one sentence saying what the page is for")
    updated = Day("the day the page was last changed: YYYY-MM-DD")


@dataclass(frozen=True)
class PolicyPage:
    """One of the publisher's pages: its kind, its file, its front matter and its text."""

    kind: PolicyKind
    # The file as the maintainer sees it: policies/about.md.
    where: str
    source: str
    title: str
    description: str
    updated: datetime.date
    paragraphs: tuple[str, ...]

    @property
    def address(self) -> str:
        return self.kind.address

    @property
    def name(self) -> str:
        """The address without its slash: its approved text's name (published/<name>.txt)."""
        return self.kind.address.rstrip("/")


@dataclass(frozen=True)
class Publisher:
    """Who stands behind the publication, and the pages it has of KINDS, in KINDS' order."""

    name: str
    pages: tuple[PolicyPage, ...] = ()

    def page(self, key: str) -> PolicyPage | None:
        return next((page for page in self.pages if page.kind.key == key), None)

    def data(self, site_url: str) -> dict[str, object]:
        """The publisher as every page's structured data names it: a NewsMediaOrganization, its `@id` the same on every
        page, each page it has linked by its property."""
        organization: dict[str, object] = {"@type": "NewsMediaOrganization", "@id": f"{site_url}#publisher",
                                           "name": self.name, "url": site_url}
        for page in self.pages:
            for prop in page.kind.properties:
                organization[prop] = site_url + page.address
        return organization


def read_publisher(path: Path, root: Path, site_name: str) -> Publisher:
    """The publisher the file at `path` declares (the site's name and no pages, without a file); refuse one that is not
    valid, naming it and the key."""
    where = str(path.relative_to(root) if path.is_relative_to(root) else path)
    if not path.is_file():
        return Publisher(site_name)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise PluginError(f"{where}: is not valid YAML ({' '.join(str(error).split())})") from None
    if not isinstance(data, dict) or set(data) != {"publisher"} or not isinstance(data["publisher"], dict):
        raise PluginError(f"{where}: must hold one mapping, 'publisher:', with 'name' and 'pages'")
    fields = data["publisher"]
    for key in fields:
        if key not in ("name", "pages"):
            raise PluginError(f"{where}: 'publisher' has an unknown key {key!r} (the keys are: name, pages)")
    name = fields.get("name", site_name)
    if not isinstance(name, str) or not name.strip():
        raise PluginError(f"{where}: 'publisher' 'name' must be text (the publication's name; without it, site_name)")
    pages = fields.get("pages") or {}
    if not isinstance(pages, dict):
        raise PluginError(f"{where}: 'publisher' 'pages' must be a mapping of a kind of page to its file "
                          f"(the kinds: {', '.join(KINDS)})")
    read: dict[str, PolicyPage] = {}
    for key, file in pages.items():
        if key not in KINDS:
            raise PluginError(f"{where}: 'pages' names {key!r}, which is no kind of the publisher's pages "
                              f"(the kinds: {', '.join(KINDS)})")
        if not isinstance(file, str) or not file.strip():
            raise PluginError(f"{where}: 'pages' '{key}' must name the page's Markdown file, such as policies/{key}.md")
        read[key] = read_policy(root / file, root, KINDS[key], f"{where}: 'pages' '{key}'")
    return Publisher(name.strip(), tuple(read[key] for key in KINDS if key in read))


def read_policy(path: Path, root: Path, kind: PolicyKind, named: str) -> PolicyPage:
    """One publisher's page, its front matter checked; refuse a missing file (`named` says who names it) or bad front
    matter, naming the file and the key."""
    where = str(path.relative_to(root) if path.is_relative_to(root) else path)
    if path.suffix != ".md" or not path.is_file():
        raise PluginError(f"{named} names {where}, which does not exist (a Markdown file the editor writes, such as "
                          f"policies/{kind.key}.md)")
    source = path.read_text(encoding="utf-8-sig")
    body, meta = get_data(source)
    checked = validated(meta, where, PolicyMeta)
    text = paragraphs_of(body)
    if not text:
        raise PluginError(f"{where}: has no text below its front matter ({kind.purpose})")
    return PolicyPage(kind, where, source, checked.title, checked.description, checked.updated, tuple(text))
