"""Lighthouse (pinned in package-lock.json) scores the page 100 for accessibility, best practices and SEO.

Run against the served site in the system browser, on its mobile and desktop
settings. Performance is left to the benchmark: its score rests on timings,
which vary with the machine, and the tests assert no time.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urljoin

import pytest

from conftest import Site
from harness.lighthouse import failing_audits, lighthouse, scores

pytestmark = pytest.mark.browser

# The categories whose audits do not depend on how fast the machine is.
CATEGORIES = ("accessibility", "best-practices", "seo")


@pytest.mark.parametrize("form_factor", ["mobile", "desktop"])
def test_lighthouse_scores_100(site: Site, form_factor: str) -> None:
    """Should score 100 in accessibility, best practices and SEO on a page of each kind the corpus has (its front page,
    which lists articles, an article's page, one with a lead photo, one with photos in its text, a withdrawn one's), on
    an archive page, on the section's page of the article with a lead photo, which lists it with a small copy, on its
    first author's page and on a publisher's page (the masthead)."""
    pages = [(page.name, page.url) for page in site.kinds]
    pages.append((f"{site.archive[0].address} (archive)", site.url + site.archive[0].address))
    photographed = next(page for page in site.kinds if page.article.meta.image and not page.article.meta.withdrawn)
    section = site.soup(photographed.name).select_one(".article-section a")
    if section is not None:
        pages.append(("its section's page", urljoin(photographed.url, section["href"])))
    # Its first author's page: their profile (role, expertise, e-mail link…) where the authors file describes them.
    author = site.soup(photographed.name).select_one(".article-byline a")
    if author is not None:
        pages.append(("its first author's page", urljoin(photographed.url, author["href"])))
    # A publisher's page (newsroom.publisher): the masthead, with its people.
    pages += [(f"{policy.address} (the publisher's)", site.url + policy.address) for policy in site.policies
              if policy.kind == "masthead"]
    if form_factor == "desktop":
        # The same layouts at another width: the pages with the most on them (a list, a photo, the archive).
        pages = pages[2:]
    # Side by side: most of a run is Chromium starting and Lighthouse waiting, and these
    # categories are not timed, so running the pages together changes no score.
    with ThreadPoolExecutor(max_workers=len(pages)) as pool:
        reports = list(pool.map(lambda page: lighthouse(page[1], form_factor, CATEGORIES), pages))
    for (page, _), report in zip(pages, reports, strict=True):
        got = scores(report)
        short = {category: score for category, score in got.items() if score < 100}
        assert not short, (
            f"Lighthouse {report['lighthouseVersion']} ({form_factor}) scored {page} {got}; failing audits:\n"
            + "\n".join(f"- {category}: {audit}" for category in short for audit in failing_audits(report, category))
        )
