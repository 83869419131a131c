"""The post-build pipeline: every change made to the built site after MkDocs has written it.

MkDocs and Material render the pages (and the minify plugin shrinks extra.css);
then `on_post_build` below runs these steps, in this order, each explained where
it is defined:

1. refuse_foreign_resources      nothing a page loads may come from another site
2. refuse_inline_attributes      no event-handler or style attributes, which the policy (7) would block
3. drop_navigation_drawer        the menu button and overlay of a drawer a one-page site does not have
4. inline_reduced_stylesheets    Material's stylesheets and extra.css, cut to what each page can use, in the page
5. drop_source_map_comment       bundle.js names a source map that is not published
6. drop_dead_files               source maps, search assets, inlined stylesheets, Material's PNG favicon, sitemap.xml.gz
7. add_content_security_policy   a per-page policy allowing exactly the scripts and styles the page ships
8. check_published_files         the site holds exactly the files mkdocs.yml's extra.publish declares

Every step checks that it found what it expects and otherwise stops the build
naming the page and the step: a Material upgrade that changes its markup gets a
second look instead of a silently different site.
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from css_reduction import Names, names_in_html, reduce_stylesheet
from html_elements import elements, replace

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
    """One built HTML file: where it is, its name in the site, and its address."""

    path: Path
    name: str
    url: str


def _fail(page: Page | str, step: str, problem: str) -> PluginError:
    """An error naming the step and the page (by its name in the site, not the staging folder)."""
    where = page.name if isinstance(page, Page) else page
    return PluginError(f"hooks/post_build.py, {step}: {where}: {problem}")


# 1. ------------------------------------------------------------------------------------------

# Elements that make the browser fetch something, and the attributes that say what.
FETCHING = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "embed": ("src",), "object": ("data",),
    "input": ("src",), "link": ("href",),
}
# <link> relations that fetch or connect: everything but plain links to other documents.
FETCHING_LINKS = {"stylesheet", "icon", "apple-touch-icon", "manifest", "preload", "modulepreload",
                  "prefetch", "preconnect", "dns-prefetch", "prerender"}


def refuse_foreign_resources(html: str, page: Page, site_url: str) -> None:
    """Stop the build if the page would load anything from another site.

    Every request to another host tells it who is reading what: the site makes
    none, and this is checked where the HTML is written, before the browser's
    Content-Security-Policy (step 7) would block it anyway. A script added
    through extra_javascript from a CDN, a font, an analytics snippet or a
    preconnect hint all stop the build here. Links a reader follows are fine.
    """
    for element in elements(html):
        if element.tag == "link" and not FETCHING_LINKS & set(element.attrs.get("rel", "").lower().split()):
            continue
        for attribute in FETCHING.get(element.tag, ()):
            for reference in filter(None, re.split(r"\s*,\s*", element.attrs.get(attribute, ""))):
                address = urljoin(page.url, reference.split()[0])
                if not address.startswith(site_url) and not address.startswith("data:"):
                    raise _fail(page, "refuse_foreign_resources",
                                f"<{element.tag} {attribute}={reference!r}> loads from another site; "
                                "the site makes no third-party requests")


# 2. ------------------------------------------------------------------------------------------


def refuse_inline_attributes(html: str, page: Page) -> None:
    """Stop the build on an event-handler (onclick=…) or style attribute.

    The Content-Security-Policy (step 7) allows no inline handlers or style
    attributes, so the browser would silently ignore them: better to say so here.
    """
    for element in elements(html):
        for name in element.attrs:
            if name.startswith("on") or name == "style":
                raise _fail(page, "refuse_inline_attributes",
                            f"<{element.tag} {name}=…>: the page's security policy would block it")


# 3. ------------------------------------------------------------------------------------------


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


# 4. ------------------------------------------------------------------------------------------


def runtime_names(bundle: str, bundle_path: Path) -> Names:
    """The classes and attributes bundle.js sets at run time, each checked to still be in it."""
    names = Names()
    for name in [*RUNTIME_CLASSES, *RUNTIME_ATTRIBUTES]:
        if f'"{name}"' not in bundle:
            raise _fail(bundle_path.name, "runtime_names", f"Material's bundle no longer names {name!r}; review RUNTIME_CLASSES")
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
    missing = [str(file.relative_to(site)) for file in files if not file.is_file()]
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


# 5. ------------------------------------------------------------------------------------------


def drop_source_map_comment(bundle: str) -> str:
    """Remove the `sourceMappingURL` comment: source maps are not published (step 6)."""
    return re.sub(r"\n?//# sourceMappingURL=\S+\s*\Z", "\n", bundle)


# 6. ------------------------------------------------------------------------------------------


def drop_dead_files(site: Path, config: MkDocsConfig, inlined: set[Path]) -> None:
    """Delete what no reader or crawler ever requests, so that no deploy uploads it.

    Material copies its whole asset folder into every site: 1.3 MB of source maps,
    0.9 MB of search-engine language files, the search worker (no search here),
    and a PNG favicon replaced by ours. The stylesheets are inlined by step 4.
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


# 7. ------------------------------------------------------------------------------------------

# JavaScript, as opposed to data blocks (JSON, JSON-LD), which no policy governs.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def add_content_security_policy(html: str, page: Page, site_url: str) -> str:
    """Put a Content-Security-Policy in the page that allows exactly what the site ships.

    Pages cannot send headers, so the policy is a <meta> element, first in <head>
    so that it covers everything after it (a <meta> policy cannot carry
    frame-ancestors, report-uri or sandbox). What it allows, and why:
    - script-src: the hashes of this page's inline scripts (Material's differ from
      page to page, so they are computed here, from the final HTML) and the exact
      address of each script file the page loads; not 'self', which on github.io
      would admit every other project site of the same owner, and no
      'unsafe-inline' or 'unsafe-eval';
    - style-src: the hash of the one inlined <style> (step 4); no style attributes;
    - img-src: the site's own address (the favicon);
    - connect-src: only the host's /robots.txt, which auditors such as Lighthouse
      fetch from within the page to check it; the page itself fetches nothing;
    - everything else (fonts, frames, workers, objects, manifests): nothing,
      through default-src 'none'; base-uri and form-action: nothing.
    A script injected into the page, inline or from anywhere else, is not run.
    """
    found = elements(html)
    scripts = [e for e in found if e.tag == "script"]
    hashes = [_sha256(html[e.inner_start:e.inner_end]) for e in scripts
              if "src" not in e.attrs and e.attrs.get("type", "").lower() in SCRIPT_TYPES]
    files = [urljoin(page.url, e.attrs["src"]) for e in scripts if "src" in e.attrs]
    styles = [_sha256(html[e.inner_start:e.inner_end]) for e in found if e.tag == "style"]
    policy = "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(dict.fromkeys([*hashes, *files])),
        "style-src " + (" ".join(styles) or "'none'"),
        f"img-src {site_url}",
        f"connect-src {urljoin(site_url, '/robots.txt')}",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    charset = next((e for e in found if e.tag == "meta" and "charset" in e.attrs), None)
    if charset is None:
        raise _fail(page, "add_content_security_policy", "found no <meta charset> to put the policy after")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html[: charset.end] + meta + html[charset.end :]


# 8. ------------------------------------------------------------------------------------------


def check_published_files(site: Path, patterns: list[str]) -> None:
    """Stop the build unless the site holds exactly what mkdocs.yml's extra.publish declares.

    Whatever else reached the site (a stray file, a new asset of Material's)
    would be uploaded with every deploy; a declared file that is missing means a
    step that should have written it did not.
    """
    files = sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()
                   and not any(part.startswith(".") for part in path.relative_to(site).parts))
    undeclared = [name for name in files if not any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)]
    if undeclared:
        raise _fail("the site", "check_published_files",
                    f"{undeclared} would be published but mkdocs.yml's extra.publish does not declare them")
    unmatched = [pattern for pattern in patterns if not any(fnmatch.fnmatchcase(name, pattern) for name in files)]
    if unmatched:
        raise _fail("the site", "check_published_files",
                    f"mkdocs.yml's extra.publish declares {unmatched}, which the build did not write")


# ---------------------------------------------------------------------------------------------


def _pages(site: Path, site_url: str) -> list[Page]:
    names = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    return [Page(site / name, name, urljoin(site_url, name)) for name in names]


def _bundle(site: Path) -> Path:
    bundles = sorted((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(bundles) != 1:
        raise _fail("assets/javascripts/", "on_post_build", f"expected Material's one bundle.js, found {bundles}")
    return bundles[0]


# Which command runs: `mkdocs serve` injects its live-reload script into every page it
# serves, which a policy (step 7) would block, so the preview goes without one.
_command: dict[str, str] = {}


def on_startup(command: str, dirty: bool) -> None:
    """Remember the command."""
    _command["name"] = command


@event_priority(-50)  # after the other hooks and plugins have written their files (the minify plugin among them)
def on_post_build(config: MkDocsConfig) -> None:
    """Run the steps above over the whole site, in order."""
    site = Path(config.site_dir)
    site_url = config.site_url or ""  # checked by hooks/inputs.py
    reduce = config.extra["stylesheet_reduction"]
    bundle_path = _bundle(site)
    bundle = bundle_path.read_text(encoding="utf-8")
    runtime = runtime_names(bundle, bundle_path)
    inlined: set[Path] = set()
    for page in _pages(site, site_url):
        html = page.path.read_text(encoding="utf-8")
        refuse_foreign_resources(html, page, site_url)
        refuse_inline_attributes(html, page)
        html = drop_navigation_drawer(html, page)
        html, stylesheets = inline_reduced_stylesheets(html, page, site, site_url, runtime, reduce)
        inlined |= stylesheets
        if _command.get("name") != "serve":
            html = add_content_security_policy(html, page, site_url)
        page.path.write_text(html, encoding="utf-8")
    bundle_path.write_text(drop_source_map_comment(bundle), encoding="utf-8")
    drop_dead_files(site, config, inlined)
    check_published_files(site, config.extra["publish"])
