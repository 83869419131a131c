"""The archive: every article on exactly one archive page at a permanent address, the pages linking each other.

Checked on every build of `article_site` (one of the legitimate edits adds a dozen articles
and lowers the settings, so that the front page, the feed and a year's page are full and
the year is split by month). What each page must list comes from the front matter and the
plugin's settings; which page an article belongs on, from its date.
"""

from __future__ import annotations

from conftest import Site


def _listed(site: Site, address: str) -> list[tuple[str, str, str, str]]:
    page = site.soup(f"{address}index.html")
    return [(li.find(["h2", "h3"]).a["href"], li.find(["h2", "h3"]).get_text(), li.p.get_text(), li.time["datetime"])
            for li in page.select(".article-list li") if li.time]


def test_every_article_on_its_years_or_months_page(article_site: Site) -> None:
    """Should list every article but a withdrawn one, newest first, on the page of its year (archive/YYYY/), or of its
    month (archive/YYYY/MM/) where its year has more articles than one page lists, with headline, standfirst and date."""
    site = article_site
    size = site.settings.archive_page_articles
    seen: list[str] = []
    day = {a.name: site.local_day(a.meta.date) for a in site.listed}
    for year in sorted({day[a.name].year for a in site.listed}, reverse=True):
        in_year = [a for a in site.listed if day[a.name].year == year]
        split = len(in_year) > size
        groups = sorted({day[a.name].month for a in in_year}, reverse=True) if split else [None]
        for month in groups:
            address = f"archive/{year}/" + (f"{month:02}/" if month else "")
            expected = [a for a in in_year if month is None or day[a.name].month == month]
            assert len(expected) <= size or month is not None
            assert (site.dir / address / "index.html").is_file(), f"no archive page at {address}"
            listed = _listed(site, address)
            prefix = "../" * address.count("/")
            assert listed == [(prefix + a.address, a.meta.title, a.meta.description, site.machine_date(a.meta.date))
                              for a in expected], (
                f"{address} should list its articles, newest first")
            seen += [a.name for a in expected]
        if split:
            months = [a["href"] for a in site.soup(f"archive/{year}/index.html").select(".article-list a")]
            assert months == [f"{month:02}/" for month in groups], f"archive/{year}/ should list its months: {months}"
    assert sorted(seen) == sorted(a.name for a in site.listed), "every article should be in the archive exactly once"


def test_archive_pages_link_each_other(article_site: Site) -> None:
    """Should link every year from every archive page, marking the year shown, and link the newest year from the
    front page."""
    site = article_site
    years = sorted({site.local_day(a.meta.date).year for a in site.listed}, reverse=True)
    for page in site.archive:
        soup = site.soup(f"{page.address}index.html")
        links = soup.select(".archive-years a")
        assert [a.get_text() for a in links] == [str(year) for year in years], f"{page.address}: {links}"
        assert [a.get_text() for a in links if a.get("aria-current") == "page"] == [str(page.year)]
        assert soup.h1.get_text() == f"Archive: {page.label}"
    assert site.soup().select_one(".article-list__archive a")["href"] == f"archive/{years[0]}/"


def test_front_page_and_feed_stay_one_size(article_site: Site) -> None:
    """Should list on the front page, beside its lead, and carry in the feed no more articles than the settings say."""
    site = article_site
    listed = site.soup().select(".article-list li")
    assert len(listed) == min(len(site.listed) - 1, site.settings.front_page_articles)
    feed = (site.dir / site.settings.feed).read_text(encoding="utf-8")
    assert feed.count("<entry>") == min(len(site.listed), site.settings.feed_articles)
