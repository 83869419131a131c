"""The post-build pipeline: every change made to the built site after MkDocs has written it.

MkDocs and Material render the pages and the minify plugin shrinks them; then
`on_post_build` below runs these steps, in this order, each explained where it
is defined:

1. drop_navigation_drawer       the menu button and overlay of a drawer a one-page site does not have
2. inline_reduced_stylesheets   Material's stylesheets and extra.css, cut to what each page can use, in the page
3. drop_source_map_comment      bundle.js names a source map that is not published
4. drop_dead_files              source maps, search assets, inlined stylesheets, Material's PNG favicon, sitemap.xml.gz

Every step checks that it found what it expects and otherwise stops the build
naming the page and the step: a Material upgrade that changes its markup gets a
second look instead of a silently different site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from css_reduction import Names, names_in_html, reduce_stylesheet
from html_elements import Element, elements, replace

# What Material's JavaScript sets at run time on the elements this page has, which
# no built HTML shows: the stylesheet reduction keeps the rules that need them.
# Read off the bundle's source (src/templates/assets/javascripts/ in
# squidfunk/mkdocs-material, 9.8) and checked against bundle.js on every build:
# if Material stops using a name, the build fails and this list gets a second look.
# Names the HTML already carries (data-md-color-* on the palette inputs, which the
# palette copies onto <body>; `hidden` on the toggle labels) need no entry.
RUNTIME_CLASSES = {
    "js": "bundle.ts, on <html> once the script runs (replacing no-js)",
    "js-focus-visible": "the focus-visible polyfill, on <html>",
    "focus-visible": "the focus-visible polyfill, on an element focused from the keyboard",
    "md-header--shadow": "components/header: toggled on the header as the page scrolls",
    "md-header__title--active": "components/header/title: the headline replaces the site name once scrolled past",
}
RUNTIME_ATTRIBUTES = {
    "data-js-focus-visible": "the focus-visible polyfill, on <html>",
    "data-focus-visible-added": "the focus-visible polyfill, beside the focus-visible class",
    "data-md-color-switching": "components/palette: on <body> while the colours switch (no transitions)",
}


@dataclass(frozen=True)
class Page:
    """One built HTML file: where it is, and its address."""

    path: Path
    url: str


def _fail(page: Page | Path | str, step: str, problem: str) -> PluginError:
    where = page.path if isinstance(page, Page) else page
    return PluginError(f"hooks/post_build.py, {step}: {where}: {problem}")


# 1. ------------------------------------------------------------------------------------------


def drop_navigation_drawer(html: str, page: Page) -> str:
    """Remove the menu button and the overlay of the navigation drawer.

    A one-page site has nothing to navigate: the article layout renders no
    navigation sidebar (overrides/layouts/article.html), so the button would open
    an empty drawer. Material puts both labels outside every template block. The
    hidden #__drawer checkbox stays: bundle.js looks it up when it starts.
    """
    labels = [e for e in elements(html) if e.tag == "label" and e.attrs.get("for") == "__drawer"]
    if len(labels) != 2:
        raise _fail(page, "drop_navigation_drawer", f"expected Material's two drawer labels, found {len(labels)}")
    return replace(html, [(label, "") for label in labels])


# 2. ------------------------------------------------------------------------------------------


def runtime_names(bundle: str, bundle_path: Path) -> Names:
    """The classes and attributes bundle.js sets at run time, each checked to still be in it."""
    names = Names()
    for name in [*RUNTIME_CLASSES, *RUNTIME_ATTRIBUTES]:
        if f'"{name}"' not in bundle:
            raise _fail(bundle_path, "runtime_names", f"Material's bundle no longer names {name!r}; review RUNTIME_CLASSES")
    names.classes.update(RUNTIME_CLASSES)
    for attribute in RUNTIME_ATTRIBUTES:
        names.add_attribute(attribute, "")
    return names


def _site_file(page: Page, href: str, site: Path, site_url: str) -> Path:
    """The built file an href of `page` points at; an error if it lies outside the site."""
    address = urljoin(page.url, href)
    if not address.startswith(site_url):
        raise _fail(page, "inline_reduced_stylesheets", f"{href} is not a file of this site")
    return site / urlsplit(address[len(site_url):]).path


def inline_reduced_stylesheets(html: str, page: Page, site: Path, site_url: str, runtime: Names,
                               reduce: bool) -> tuple[str, set[Path]]:
    """Replace the stylesheet links with one <style> holding the rules this page can use.

    Material's main.css is 138 KB for a page that uses a fifth of it, and every
    linked stylesheet is a request the first paint waits for. Reduced to the
    rules this page's HTML and Material's run-time classes can match (palette.css
    contributes the dark scheme, extra.css our colours and layout), the CSS is
    about 5 KB gzipped and arrives with the page itself. `reduce: false`
    (`extra.stylesheet_reduction` in mkdocs.yml) inlines the stylesheets whole.
    Returns the page and the stylesheet files it no longer needs.
    """
    links = [e for e in elements(html) if e.tag == "link" and e.attrs.get("rel") == "stylesheet"]
    if not links:
        raise _fail(page, "inline_reduced_stylesheets", "found no stylesheet link")
    files = [_site_file(page, link.attrs["href"], site, site_url) for link in links]
    missing = [str(file) for file in files if not file.is_file()]
    if missing:
        raise _fail(page, "inline_reduced_stylesheets", f"linked stylesheets are not in the site: {missing}")
    # Concatenated in link order, the cascade is the same as with the links.
    css = "\n".join(file.read_text(encoding="utf-8") for file in files)
    if reduce:
        names = names_in_html(html)
        names.update(runtime)
        css = reduce_stylesheet(css, names)
    if "</style" in css.lower():
        raise _fail(page, "inline_reduced_stylesheets", "a stylesheet contains '</style', which would end the element")
    changes = [(links[0], f"<style>{css}</style>")] + [(link, "") for link in links[1:]]
    return replace(html, changes), set(files)


# 3. ------------------------------------------------------------------------------------------


def drop_source_map_comment(bundle: str) -> str:
    """Remove the `sourceMappingURL` comment: source maps are not published (step 4)."""
    return re.sub(r"\n?//# sourceMappingURL=\S+\s*\Z", "\n", bundle)


# 4. ------------------------------------------------------------------------------------------


def drop_dead_files(site: Path, config: MkDocsConfig, inlined: set[Path]) -> None:
    """Delete what no reader or crawler ever requests, so that no deploy uploads it.

    Material copies its whole asset folder into every site: 1.3 MB of source maps,
    0.9 MB of search-engine language files, the search worker (no search here),
    and a PNG favicon replaced by ours. The stylesheets are inlined by step 2.
    MkDocs also writes sitemap.xml.gz, which nothing links (robots.txt names
    sitemap.xml). What is left is checked by the tests against what pages reference.
    """
    dead = set(inlined) | set(site.rglob("*.map")) | {site / "sitemap.xml.gz"}
    for folder in ("assets/javascripts/lunr", "assets/javascripts/workers"):
        dead |= {path for path in (site / folder).rglob("*") if path.is_file()}
    if config.theme["favicon"] != "assets/images/favicon.png":
        dead.add(site / "assets" / "images" / "favicon.png")
    for path in dead:
        path.unlink(missing_ok=True)
    # Folders the deletions emptied.
    for folder in sorted((p for p in site.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(folder.iterdir()):
            folder.rmdir()


# ---------------------------------------------------------------------------------------------


def _pages(site: Path, site_url: str) -> list[Page]:
    return [Page(path, urljoin(site_url, path.relative_to(site).as_posix())) for path in sorted(site.rglob("*.html"))]


def _bundle(site: Path) -> Path:
    bundles = sorted((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(bundles) != 1:
        raise _fail(site, "on_post_build", f"expected Material's one bundle.js, found {bundles}")
    return bundles[0]


def _option(config: MkDocsConfig, key: str, kind: type, default: object) -> object:
    """A value from `extra` in mkdocs.yml, of the right type, or a clear error."""
    value = config.extra.get(key, default)
    if not isinstance(value, kind):
        raise PluginError(f"mkdocs.yml: extra.{key} must be {kind.__name__}, got {value!r}")
    return value


@event_priority(-50)  # after the other hooks and plugins have written their files (the minify plugin among them)
def on_post_build(config: MkDocsConfig) -> None:
    """Run the steps above over the whole site, in order."""
    site = Path(config.site_dir)
    site_url = config.site_url or ""
    reduce = bool(_option(config, "stylesheet_reduction", bool, True))
    bundle_path = _bundle(site)
    bundle = bundle_path.read_text(encoding="utf-8")
    runtime = runtime_names(bundle, bundle_path)
    inlined: set[Path] = set()
    for page in _pages(site, site_url):
        html = page.path.read_text(encoding="utf-8")
        html = drop_navigation_drawer(html, page)
        html, stylesheets = inline_reduced_stylesheets(html, page, site, site_url, runtime, reduce)
        inlined |= stylesheets
        page.path.write_text(html, encoding="utf-8")
    bundle_path.write_text(drop_source_map_comment(bundle), encoding="utf-8")
    drop_dead_files(site, config, inlined)
