"""What kind of work each article is: news, analysis, opinion, background, a review, or sponsored content.

The Trust Project's "type of work" indicator, and Google's transparency guidance for news, ask every article to say
which it is, where readers see it and where machines read it. An article's front matter names it (`type:`), else the
publication's `default_type` setting does; it is the label above the headline and on every list of articles, the
article's schema.org type (a subtype of NewsArticle, or AdvertiserContentArticle for sponsored content, with its
`sponsor`), its feed entry's category and, where Open Graph has a tag for it, `article:opinion`. Sponsored content
names who paid for it (`sponsor:`), on the page and in the data.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WorkType:
    """One type of work: its key in the front matter, its label as readers read it, its schema.org type."""

    key: str
    label: str
    schema_type: str

    @property
    def sponsored(self) -> bool:
        return self.key == SPONSORED


SPONSORED = "sponsored"
# The types, in the order the README lists them; schema.org's types (https://schema.org/NewsArticle's subtypes).
TYPES: dict[str, WorkType] = {work.key: work for work in (
    WorkType("news", "News", "ReportageNewsArticle"),
    WorkType("analysis", "Analysis", "AnalysisNewsArticle"),
    WorkType("opinion", "Opinion", "OpinionNewsArticle"),
    WorkType("background", "Background", "BackgroundNewsArticle"),
    WorkType("review", "Review", "ReviewNewsArticle"),
    WorkType(SPONSORED, "Sponsored content", "AdvertiserContentArticle"),
)}


@dataclass(frozen=True)
class Sponsor:
    """Who paid for a sponsored article: a name, and their own address where the front matter gives one."""

    name: str
    url: str | None = None

    @property
    def data(self) -> dict[str, str]:
        """The sponsor as the structured data names it (schema.org `sponsor`)."""
        return {"@type": "Organization", "name": self.name, **({"url": self.url} if self.url else {})}
