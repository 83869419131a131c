"""Photos in articles as readers get them: every image an article shows becomes a <figure>.

A reporter writes a lead photo in the front matter (`image:` with `src`, `alt`,
`credit`, optional `caption`) and inline photos as plain Markdown, alone in their
paragraph: `![alt text](images/harbour.jpg "Caption")`. The build never publishes
the original: `PhotoDesk` reads each file once per build (`newsroom.photos` strips
what the camera recorded and encodes AVIF, WebP and JPEG at several widths, cached),
and this module writes the one markup both kinds share: <picture> with a source per
modern format, `sizes` matching the content column, and a JPEG <img> with its width,
height and alt text. The lead photo loads at once and first; every other photo only
when the reader nears it. An SVG (a chart, a map) is checked for active content and
published as it is, under a content-hashed name.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as etree  # noqa: N813 (Python-Markdown's own name for it)

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from newsroom.photos import SIZES, Photo, PhotoError, check_svg, process_photo

# Where the renditions are published, in the site.
PHOTO_FOLDER = "assets/photos/"
# What a photo's file may be; an original in any of these is never published.
RASTER = (".jpg", ".jpeg", ".png", ".webp", ".avif")
VECTOR = ".svg"


@dataclass(frozen=True)
class Vector:
    """A checked SVG: its intrinsic size and its published name."""

    width: float
    height: float
    name: str
    path: Path


@dataclass
class PhotoDesk:
    """The photos of one build: each file read once, and what the site must publish for them."""

    docs_dir: Path
    cache_dir: Path
    root: Path
    # What the site publishes in PHOTO_FOLDER: each file's name, and where its bytes are.
    renditions: dict[str, Path] = field(default_factory=dict)
    _seen: dict[tuple[str, bool], Photo | Vector] = field(default_factory=dict)

    def where(self, src_uri: str) -> str:
        """A file under docs/ as the maintainer sees it."""
        path = (self.docs_dir / src_uri).resolve()
        return str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)

    def photo(self, src_uri: str, lead: bool = False) -> Photo | Vector:
        """The photo at `src_uri` (a path under docs/), processed once per build; refuse one that cannot be published."""
        key = (src_uri, lead)
        if key not in self._seen:
            self._seen[key] = self._process(src_uri, lead)
        return self._seen[key]

    def _process(self, src_uri: str, lead: bool) -> Photo | Vector:
        path = self.docs_dir / src_uri
        suffix = PurePosixPath(src_uri).suffix.lower()
        data = path.read_bytes()
        try:
            if suffix == VECTOR:
                if lead:
                    raise PhotoError("is an SVG: a lead photo is shared as a photograph (JPEG, PNG, WebP or AVIF)")
                width, height = check_svg(data)
                name = f"{hashlib.sha256(data).hexdigest()[:12]}.svg"
                self.renditions[name] = path
                return Vector(width, height, name, path)
            photo = process_photo(data, self.cache_dir, lead=lead)
        except PhotoError as error:
            raise PluginError(f"{self.where(src_uri)}: {error}") from None
        for rendition in [*(r for renditions in photo.sources.values() for r in renditions), *photo.crops.values()]:
            self.renditions[rendition.name] = rendition.path
        return photo


def figure(image: Photo | Vector, alt: str, base: str, *, lead: bool, caption: str | None = None,
           credit: str | None = None) -> etree.Element:
    """The <figure> for one photo, its addresses relative to `base` (the folder of photos, as the page links it)."""
    element = etree.Element("figure", {"class": "article-photo article-photo--lead" if lead else "article-photo"})
    loading = {"fetchpriority": "high"} if lead else {"loading": "lazy", "decoding": "async"}
    if isinstance(image, Vector):
        etree.SubElement(element, "img", {"src": base + image.name, "alt": alt, "width": f"{image.width:g}",
                                          "height": f"{image.height:g}", **loading})
    else:
        picture = etree.SubElement(element, "picture")
        for kind in ("avif", "webp"):
            etree.SubElement(picture, "source", {"type": f"image/{kind}", "srcset": image.srcset(kind, base), "sizes": SIZES})
        fallback = image.fallback
        etree.SubElement(picture, "img", {
            "src": base + fallback.name, "srcset": image.srcset("jpeg", base), "sizes": SIZES, "alt": alt,
            "width": str(fallback.width), "height": str(fallback.height), **loading,
        })
    if caption or credit:
        text = etree.SubElement(element, "figcaption")
        if caption:
            # A space between caption and credit, so that a reader's tool reads two sentences, not one word.
            text.text = caption + (" " if credit else "")
        if credit:
            small = etree.SubElement(text, "span", {"class": "article-photo__credit"})
            small.text = credit
    return element


def figure_html(element: etree.Element) -> str:
    """A figure as HTML (void elements without closing tags)."""
    return etree.tostring(element, encoding="unicode", method="html")


def photo_folder(page_url: str) -> str:
    """The folder of photos as a page at `page_url` (relative to the site) links it."""
    depth = len(PurePosixPath(page_url).parts) if page_url else 0
    return "../" * depth + PHOTO_FOLDER


class _FigureTreeprocessor(Treeprocessor):
    """Turn every image that stands alone in its paragraph into a <figure>; refuse one inside text."""

    def __init__(self, md: Markdown, extension: FigureExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        page, desk, files = self.extension.page, self.extension.desk, self.extension.files
        if page is None or desk is None or files is None:
            return
        parents = {child: parent for parent in root.iter() for child in parent}
        page_url = "https://site.invalid/" + page.url
        for image in list(root.iter("img")):
            source = urlsplit(urljoin(page_url, image.get("src", "")))
            if source.netloc != "site.invalid":
                continue  # another site's image: the page pipeline refuses it, naming the page
            src_uri = posixpath.normpath(source.path.lstrip("/"))
            if files.get_file_from_path(src_uri) is None or PurePosixPath(src_uri).suffix.lower() not in (*RASTER, VECTOR):
                continue  # MkDocs has already said the image is missing
            where = desk.where(page.file.src_uri) if page.file.abs_src_path else page.file.src_uri
            paragraph = parents.get(image)
            alone = paragraph is not None and paragraph.tag == "p" and len(paragraph) == 1 \
                and not (paragraph.text or "").strip() and not (image.tail or "").strip()
            if paragraph is None or not alone or paragraph not in parents:
                raise PluginError(f"{where}: the image {src_uri!r} is inside a paragraph of text or a link; put it in "
                                  "a paragraph of its own (a blank line before and after), where it becomes a figure")
            alt = (image.get("alt") or "").strip()
            if not alt:
                raise PluginError(f"{where}: the image {src_uri!r} has no alt text; write what it shows, "
                                  "![what the photo shows](...), for readers who cannot see it")
            element = figure(desk.photo(src_uri), alt, photo_folder(page.url), lead=False, caption=image.get("title"))
            container = parents[paragraph]
            container.insert(list(container).index(paragraph), element)
            container.remove(paragraph)


class FigureExtension(Extension):
    """The Markdown extension the plugin adds: it is told the page being rendered before each render."""

    def __init__(self) -> None:
        super().__init__()
        self.page: Page | None = None
        self.desk: PhotoDesk | None = None
        self.files: Files | None = None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After MkDocs' own link processor (priority 0), which has checked the file exists.
        md.treeprocessors.register(_FigureTreeprocessor(md, self), "newsroom_figures", -10)
