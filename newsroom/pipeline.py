"""Every change the build makes to what MkDocs and Material produce, in order, in one file.

The templates emit what they can (overrides/: no drawer, no search, valid
checkboxes); what only the finished HTML can tell is done here. The plugin
calls the three stages at the MkDocs events named:

Before any page is rendered (on_files), on the list of files to publish:
1. keep_photo_originals_out     a photo is published only as what newsroom.photos makes of it, never as it came
   drop_unpublished_files       source maps, search assets, stylesheets (inlined), Material's PNG favicon
2. publish_bundle_without_map   bundle.js names a source map that is not published

Each page, in memory, before it is written (on_post_page, on_post_template), parsed once:
3. refuse_foreign_resources     nothing a page loads may come from another site
4. refuse_inline_attributes     no event-handler or style attributes, which the policy (6) would block
5. inline_stylesheets           Material's stylesheets and extra.css, cut to what the page can use, in the page
6. content_security_policy      a per-page policy allowing exactly the scripts and styles the page ships

The whole site, once it is written (on_post_build):
7. write_social_cards, write_photos, write_feed  the cards (drawn here, on every core when many), and the photos
                                                 encoded and feed entries collected while pages rendered; each
                                                 section's feed (write_section_feeds)
   write_news_sitemap           the Google News sitemap of the last two days' articles
   write_redirects              a page at each old address (front matter `redirect_from`), under steps 3, 4 and 6
8. drop_sitemap_gz              MkDocs writes sitemap.xml.gz, which nothing links
   index_for_search             Pagefind's index of the finished pages, for the search page alone: only the files
                                a search can fetch (no WebAssembly for a language no page has)
9. check_published_files        the site holds exactly what the plugin's `publish` setting declares, and what it wrote

Every step checks that it found what it expects and otherwise stops the build
naming the page and the step: a Material upgrade that changes its markup gets a
second look instead of a silently different site.
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import logging
import os
import re
import shutil
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import log as page_log

from newsroom.css_reduction import Names
from newsroom.desk import redirect_page
from newsroom.feed import atom_feed
from newsroom.figures import PHOTO_FOLDER, RASTER, VECTOR
from newsroom.html_elements import Element, elements, replace
from newsroom.news_sitemap import PATH as NEWS_SITEMAP
from newsroom.news_sitemap import news_sitemap
from newsroom.search import BUNDLE, index_site
from newsroom.search import SCRIPT as SEARCH_SCRIPT
from newsroom.social_card import card_files
from newsroom.state import BuildState, PageAddress


def _fail(where: str, step: str, problem: str) -> PluginError:
    """An error naming the step and the page or file (by its name in the site, not the staging folder)."""
    return PluginError(f"newsroom pipeline, {step}: {where}: {problem}")


# --- Files, before rendering -----------------------------------------------------------------

def keep_photo_originals_out(files: Files, config: MkDocsConfig, build: BuildState) -> None:
    """1. Never publish a photo's original file: mark every image under docs/ that `publish` does not declare excluded.

    A camera's file carries the GPS position where it was taken, the camera's
    serial number and more; a phone would download all of it at full size. An
    article's photo is published only as its renditions (newsroom.figures), under
    names of their own; MkDocs still knows the original, so that a link to a
    missing image is still reported, but never copies it.
    """
    for file in files:
        if PurePosixPath(file.src_uri).suffix.lower() in (*RASTER, VECTOR) and file.abs_src_path \
                and Path(file.abs_src_path).is_relative_to(Path(config.docs_dir).resolve()) \
                and not any(fnmatch.fnmatchcase(file.dest_uri, pattern) for pattern in build.settings.publish):
            file.inclusion = InclusionLevel.EXCLUDED
    if _ORIGINAL_LINKS not in page_log.filters:
        page_log.addFilter(_ORIGINAL_LINKS)


class _OriginalLinks(logging.Filter):
    """Logs a page's link to a photo's original at INFO, as MkDocs 1.6.1 logs every link to an excluded file.

    MkDocs NG 1.8 logs such a link as a broken one (`validation.links.not_found`, a warning), so that strict mode
    would refuse every article with a photo in its text; but the original is excluded on purpose (above), and the
    figure processor (newsroom.figures) replaces the image's link with the published renditions. Under MkDocs 1.6.1
    and ProperDocs the record is INFO already and this changes nothing (tests/test_forks.py).
    """

    EXCLUDED = re.compile(r"Doc file '.*' contains a link to '(?P<target>.*)' which is excluded from the built site\.")

    def filter(self, record: logging.LogRecord) -> bool:
        link = self.EXCLUDED.fullmatch(str(record.msg))
        if link and record.levelno > logging.INFO and PurePosixPath(link["target"]).suffix.lower() in (*RASTER, VECTOR):
            record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
        return True


_ORIGINAL_LINKS = _OriginalLinks()


# Material's assets that no page of this site requests.
UNPUBLISHED = ("*.map", "assets/javascripts/lunr/*", "assets/javascripts/workers/*")


def drop_unpublished_files(files: Files, config: MkDocsConfig, build: BuildState) -> None:
    """Take out of the site what no reader or crawler requests, so that it is never written.

    Material copies its whole asset folder into every site: 1.3 MB of source maps,
    0.9 MB of search-engine language files, the search worker (no search here), and
    a PNG favicon replaced by ours. The stylesheets are inlined into each page
    (step 5): they are kept as the build's sources, not published.
    """
    stylesheets = {*(f"assets/stylesheets/{name}" for name in ("main.*.min.css", "palette.*.min.css")),
                   *config.extra_css}
    for file in list(files):
        name = file.src_uri
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in stylesheets):
            build.stylesheet_sources[file.dest_uri] = Path(file.abs_src_path or "")
        elif not (any(fnmatch.fnmatchcase(name, pattern) for pattern in UNPUBLISHED)
                  or (name == "assets/images/favicon.png" and config.theme["favicon"] != name)):
            continue
        files.remove(file)


def publish_bundle_without_map(files: Files, config: MkDocsConfig, build: BuildState) -> None:
    """Publish Material's bundle.js without its `sourceMappingURL` comment: the map is not published (1).

    Also checks, once per build, that the bundle still sets each run-time name the
    stylesheet reduction keeps rules for (`RUNTIME_CLASSES`).
    """
    bundles = [file for file in files if fnmatch.fnmatchcase(file.src_uri, "assets/javascripts/bundle.*.min.js")]
    if len(bundles) != 1:
        raise _fail("assets/javascripts/", "publish_bundle_without_map",
                    f"expected Material's one bundle.js, found {[b.src_uri for b in bundles]}")
    bundle = bundles[0]
    text = Path(bundle.abs_src_path or "").read_text(encoding="utf-8")
    build.check_runtime_names(text, bundle.src_uri)
    files.remove(bundle)
    files.append(File.generated(config, bundle.src_uri,
                                content=re.sub(r"\n?//# sourceMappingURL=\S+\s*\Z", "\n", text)))


# --- Each page, in memory --------------------------------------------------------------------

# Elements that make the browser fetch something, and the attributes that say what.
FETCHING = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "embed": ("src",), "object": ("data",),
    "input": ("src",), "link": ("href",),
}
# <link> relations that fetch or connect: everything but plain links to other documents.
FETCHING_LINKS = {"stylesheet", "icon", "apple-touch-icon", "manifest", "preload", "modulepreload",
                  "prefetch", "preconnect", "dns-prefetch", "prerender"}


def finish_page(html: str, page: PageAddress, build: BuildState) -> str:
    """Run steps 3 to 6 on one rendered page, parsing it once, and return what is written."""
    found = elements(html)
    refuse_foreign_resources(found, page, build.site_url)
    refuse_inline_attributes(found, page)
    css, changes = inline_stylesheets(found, page, build)
    if build.with_policy:
        changes.append(content_security_policy(html, found, css, page, build.site_url))
    return replace(html, changes)


def refuse_foreign_resources(found: list[Element], page: PageAddress, site_url: str) -> None:
    """3. Stop the build if the page would load anything from another site.

    Every request to another host tells it who is reading what: the site makes
    none, and this is checked where the HTML is made, before the browser's
    Content-Security-Policy (6) would block it anyway. A script added through
    extra_javascript from a CDN, a font, an analytics snippet or a preconnect
    hint all stop the build here. Links a reader follows are fine.
    """
    for element in found:
        if element.tag == "link" and not FETCHING_LINKS & set(element.attrs.get("rel", "").lower().split()):
            continue
        for attribute in FETCHING.get(element.tag, ()):
            for reference in filter(None, re.split(r"\s*,\s*", element.attrs.get(attribute, ""))):
                address = urljoin(page.url, reference.split()[0])
                if not address.startswith(site_url) and not address.startswith("data:"):
                    raise _fail(page.name, "refuse_foreign_resources",
                                f"<{element.tag} {attribute}={reference!r}> loads from another site; "
                                "the site makes no third-party requests")


def refuse_inline_attributes(found: list[Element], page: PageAddress) -> None:
    """4. Stop the build on an event-handler (onclick=…) or style attribute.

    The Content-Security-Policy (6) allows no inline handlers or style attributes,
    so the browser would silently ignore them: better to say so here.
    """
    for element in found:
        for name in element.attrs:
            if name.startswith("on") or name == "style":
                raise _fail(page.name, "refuse_inline_attributes",
                            f"<{element.tag} {name}=…>: the page's security policy would block it")


def inline_stylesheets(found: list[Element], page: PageAddress, build: BuildState) -> tuple[str, list[tuple[Element, str]]]:
    """5. Replace the stylesheet links with one <style> holding the rules this page can use.

    Material's main.css is 138 KB for a page that uses a fifth of it, and every
    linked stylesheet is a request the first paint waits for. Cut to the rules
    this page's HTML and Material's run-time classes can match (palette.css
    contributes the dark scheme, extra.css our colours and layout), the CSS is
    about 5 KB gzipped and arrives with the page itself. The stylesheets were
    parsed once for the whole build (`BuildState.stylesheet`); `stylesheet_reduction:
    false` inlines them whole. Returns the CSS and the changes to the page.
    """
    links = [e for e in found if e.tag == "link" and e.attrs.get("rel") == "stylesheet"]
    if not links:
        raise _fail(page.name, "inline_stylesheets", "found no stylesheet link")
    names = []
    for link in links:
        address = urljoin(page.url, link.attrs["href"])
        name = urlsplit(address[len(build.site_url):]).path
        if not address.startswith(build.site_url) or name not in build.stylesheet_sources:
            raise _fail(page.name, "inline_stylesheets", f"{link.attrs['href']} is not one of the site's stylesheets")
        names.append(name)
    if build.settings.stylesheet_reduction:
        page_names = Names()
        for element in found:
            page_names.add_element(element.tag, element.attrs)
        page_names.update(build.runtime_names)
        css = build.stylesheet(tuple(names)).select(page_names)
    else:
        css = "\n".join(build.stylesheet_text(name) for name in names)
    if "</style" in css.lower():
        raise _fail(page.name, "inline_stylesheets", "a stylesheet contains '</style', which would end the element")
    return css, [(links[0], f"<style>{css}</style>")] + [(link, "") for link in links[1:]]


# JavaScript, as opposed to data blocks (JSON, JSON-LD), which no policy governs.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(html: str, found: list[Element], css: str, page: PageAddress,
                            site_url: str) -> tuple[Element, str]:
    """6. Put a Content-Security-Policy in the page that allows exactly what the site ships.

    Pages cannot send headers, so the policy is a <meta> element, right after
    <meta charset> so that it covers everything after it (a <meta> policy cannot
    carry frame-ancestors, report-uri or sandbox). What it allows, and why:
    - script-src: the hashes of this page's inline scripts (Material's differ from
      page to page, so they are computed per page) and the exact address of each
      script file the page loads; not 'self', which on github.io would admit every
      other project site of the same owner, and no 'unsafe-inline' or 'unsafe-eval';
    - style-src: the hash of the one inlined <style> (5); no style attributes;
    - img-src: the site's own address (the favicon);
    - connect-src: only the host's /robots.txt, which auditors such as Lighthouse
      fetch from within the page to check it; the page itself fetches nothing;
    - on the search page alone: Pagefind's script, imported when the reader searches,
      the fetches of its index (its folder) and the WebAssembly it searches with
      ('wasm-unsafe-eval', which allows compiling WebAssembly, not JavaScript's eval);
    - everything else (fonts, frames, workers, objects, manifests): nothing,
      through default-src 'none'; base-uri and form-action: nothing.
    A script injected into the page, inline or from anywhere else, is not run.
    `mkdocs serve` goes without: its live reload injects a script of its own.
    """
    scripts = [e for e in found if e.tag == "script"]
    hashes = [_sha256(html[e.inner_start:e.inner_end]) for e in scripts
              if "src" not in e.attrs and e.attrs.get("type", "").lower() in SCRIPT_TYPES]
    files = [urljoin(page.url, e.attrs["src"]) for e in scripts if "src" in e.attrs]
    searching = {"script": [site_url + SEARCH_SCRIPT, "'wasm-unsafe-eval'"], "connect": [site_url + BUNDLE]} \
        if page.search else {"script": [], "connect": []}
    policy = "; ".join([
        "default-src 'none'",
        # A page without a script (an old address's, write_redirects) allows none.
        "script-src " + (" ".join(dict.fromkeys([*hashes, *files, *searching["script"]])) or "'none'"),
        "style-src " + (_sha256(css) if css else "'none'"),
        f"img-src {site_url}",
        " ".join(["connect-src", urljoin(site_url, "/robots.txt"), *searching["connect"]]),
        "base-uri 'none'",
        "form-action 'none'",
    ])
    charset = next((e for e in found if e.tag == "meta" and "charset" in e.attrs), None)
    if charset is None:
        raise _fail(page.name, "content_security_policy", "found no <meta charset> to put the policy after")
    return charset, html[charset.start:charset.end] + f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


# --- The whole site, once written ------------------------------------------------------------


def finish_site(site: Path, config: MkDocsConfig, build: BuildState) -> None:
    """Run steps 7 to 9 on the written site."""
    written = write_social_cards(site, config, build) | write_photos(site, build)
    write_feed(site, config, build)
    write_news_sitemap(site, config, build)
    written |= write_redirects(site, config, build)
    written |= write_section_feeds(site, config, build)
    drop_sitemap_gz(site)
    written |= index_for_search(site, build)
    if not build.dirty:
        # A --dirty build (mkdocs serve --dirty) writes over an earlier site, which still holds what this build did
        # not write again; it is never deployed, and a full build checks the same pages.
        check_published_files(site, build.settings.publish, written)


def write_social_cards(site: Path, config: MkDocsConfig, build: BuildState) -> set[str]:
    """7. Write the card of each article without a lead photo, drawn from its headline, where its og:image points;
    return their paths. Drawn here, all at once, so that a fresh clone of a large publication draws them on every
    core (newsroom.social_card); a card drawn before is read from the cache."""
    folder = site / build.settings.social_cards
    if build.cards:
        folder.mkdir(parents=True, exist_ok=True)
    drawn = card_files(build.cards, config.site_name, build.theme_color["light"], build.card_cache)
    for name, card in drawn.items():
        _place(card, folder / f"{name}.png", build)
    return {f"{build.settings.social_cards}{name}.png" for name in build.cards}


def write_photos(site: Path, build: BuildState) -> set[str]:
    """7. Write every rendition the pages show (from the cache, where each was encoded once); return their paths."""
    folder = site / PHOTO_FOLDER
    if build.photos.renditions:
        folder.mkdir(parents=True, exist_ok=True)
    for name, source in build.photos.renditions.items():
        _place(source, folder / name, build)
    return {PHOTO_FOLDER + name for name in build.photos.renditions}


def _place(source: Path, target: Path, build: BuildState) -> None:
    """Put a file into the site: a file of the cache linked where both are on one file system (copying 9,000 cards
    was a tenth of a build of 10,000 articles), anything else copied. The cache never rewrites a file: a card or a
    photo's renditions are written under a new name and renamed into place, so a link never changes after it is made.
    A file of docs/ (an SVG, published as it is) is copied: an editor saving it in place would change the site."""
    target.unlink(missing_ok=True)
    if source.resolve().is_relative_to(build.cache_dir.resolve()):
        try:
            os.link(source, target)
            return
        except OSError:
            pass  # another file system, or one without links
    shutil.copyfile(source, target)


def write_feed(site: Path, config: MkDocsConfig, build: BuildState) -> None:
    """7. Write the Atom feed where every page's <link rel="alternate feed"> points: the newest articles, as many as
    the `feed_articles` setting says, in the front page's order. A feed of every article would grow with the site,
    and every subscriber's reader downloads it whole on every poll."""
    if not build.feed:
        raise _fail("the site", "write_feed", "the site has no article to make a feed of")
    target = site / build.settings.feed
    target.parent.mkdir(parents=True, exist_ok=True)
    newest = [article for article in build.articles[:build.settings.feed_articles] if article.src_uri in build.feed]
    target.write_bytes(atom_feed(config, build.settings.feed, [build.feed[article.src_uri] for article in newest],
                                 build.settings.feed_id_authority))


def write_news_sitemap(site: Path, config: MkDocsConfig, build: BuildState) -> None:
    """7. Write the Google News sitemap (newsroom.news_sitemap) that robots.txt names: the published articles of the two
    days up to the build's clock."""
    (site / NEWS_SITEMAP).write_bytes(news_sitemap(build.articles, build.now, build.site_url, config.site_name,
                                                   config.theme["language"]))


def write_redirects(site: Path, config: MkDocsConfig, build: BuildState) -> set[str]:
    """7. Write a page at each address an article was published at before (front matter `redirect_from`), which
    sends the reader to its address now (newsroom.desk.redirect_page); return their paths.

    Written here, not as pages of MkDocs', so that they are in no sitemap, feed, search index or listing. Each is
    checked and given its policy as every page is (steps 3, 4 and 6): it has no script and no style, so its policy
    allows none; the browser's refresh is a navigation, which no policy governs.
    """
    pages: set[str] = set()
    for article in [*build.articles, *build.withdrawn]:
        target = build.site_url + article.address
        for old in article.meta.redirect_from:
            name = f"{old}/index.html"
            html = redirect_page(target, article.meta.title, config.site_name, config.theme["language"])
            page = PageAddress(name, build.site_url + old + "/")
            found = elements(html)
            refuse_foreign_resources(found, page, build.site_url)
            refuse_inline_attributes(found, page)
            if build.with_policy:
                html = replace(html, [content_security_policy(html, found, "", page, build.site_url)])
            (site / old).mkdir(parents=True, exist_ok=True)
            (site / name).write_text(html, encoding="utf-8")
            pages.add(name)
    return pages


def write_section_feeds(site: Path, config: MkDocsConfig, build: BuildState) -> set[str]:
    """7. Write each section's Atom feed where its page links it (newsroom.taxonomy): its newest articles, as many
    as the `feed_articles` setting says, as the site's feed carries them; return their paths. A section with no
    article yet has none (and its page links none): like the cards, they are exactly the files the pages link."""
    written = set()
    for section in build.taxonomy.sections.values():
        newest = [article for article in build.taxonomy.by_section[section.key] if article.src_uri in build.feed]
        if not newest:
            continue
        path = section.address + "feed.xml"
        (site / section.address).mkdir(parents=True, exist_ok=True)
        entries = [build.feed[article.src_uri] for article in newest[:build.settings.feed_articles]]
        (site / path).write_bytes(atom_feed(config, path, entries, build.settings.feed_id_authority,
                                            f"{config.site_name}: {section.name}"))
        written.add(path)
    return written


def drop_sitemap_gz(site: Path) -> None:
    """8. Delete sitemap.xml.gz: nothing links it (pages and robots.txt name sitemap.xml)."""
    (site / "sitemap.xml.gz").unlink(missing_ok=True)


def index_for_search(site: Path, build: BuildState) -> set[str]:
    """8. Index the finished article pages for the search page (newsroom.search), in sections of at most the
    `search_index_articles` setting: only now is every page written as readers get it. Returns the search
    bundles' files: those a search can fetch, which step 9 then counts as written (Pagefind's others are dropped)."""
    # The articles, newest first, then the publisher's pages (newsroom.publisher), which search lists after them.
    pages = [article.page_file for article in build.articles]
    pages += [f"{page.address}index.html" for page in build.publisher.pages] if build.publisher else []
    return index_site(site, pages, build.search_folders, build.search_sections)


def check_published_files(site: Path, patterns: list[str], written: set[str]) -> None:
    """9. Stop the build unless the site holds exactly what the plugin's `publish` setting declares, and what it wrote.

    Whatever else reached the site (a stray file, a new asset of Material's)
    would be uploaded with every deploy; a declared file that is missing means a
    step that should have written it did not. The cards, the photos' renditions and the sections' feeds need no
    line: they are exactly the files the pages show or link (`written`).
    """
    files = sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()
                   and not any(part.startswith(".") for part in path.relative_to(site).parts)
                   and path.relative_to(site).as_posix() not in written)
    undeclared = [name for name in files if not any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)]
    if undeclared:
        raise _fail("the site", "check_published_files",
                    f"{undeclared} would be published but the newsroom plugin's `publish` setting does not declare them")
    unmatched = [pattern for pattern in patterns if not any(fnmatch.fnmatchcase(name, pattern) for name in files)]
    if unmatched:
        raise _fail("the site", "check_published_files",
                    f"the newsroom plugin's `publish` setting declares {unmatched}, which the build did not write")
