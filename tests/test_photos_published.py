"""Photos as published: never an original, nothing the camera recorded, responsive markup, and shared at full size.

Checked on every build of `article_site`: the corpus, whose articles lead with a photo of each shape a reporter
may bring (the least size, a wide camera frame, a portrait, a square) and carry photos and a chart in their text,
then the legitimate edits that add a lead photo, change it, and add photos in the text; what each page must show comes
from the front matter, the approved text and the files themselves: the crops' limits are
the rule newsroom.photos declares (CROP_WIDTH, MIN_CROP_PIXELS), checked against the
published files' real sizes and the photo the reporter added.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageOps

from article_text import photo_line
from conftest import Site, _edited_site, meta_content
from legit_edits import EDITS
from newsroom.figures import PHOTO_FOLDER, RASTER
from newsroom.photos import CROP_WIDTH, MIN_CROP_PIXELS

# The least og:image size Facebook and X ask for, and the most either takes.
SHARE_SIZE, SHARE_BYTES = (1200, 630), 1024 * 1024


@pytest.fixture(scope="session", params=["the corpus", *EDITS])
def photo_site(request: pytest.FixtureRequest, site: Site) -> Site:
    """`article_site`'s builds."""
    if request.param == "the corpus":
        return site
    return _edited_site(request.getfixturevalue("edited"), request.param)


def _site_files(site: Site) -> dict[str, bytes]:
    return {path.relative_to(site.dir).as_posix(): path.read_bytes() for path in site.dir.rglob("*") if path.is_file()}


def test_no_original_is_published(photo_site: Site) -> None:
    """Should publish no photo file as it came from the camera: neither at its own path nor under another name."""
    published = {hashlib.sha256(data).hexdigest(): name for name, data in _site_files(photo_site).items()}
    for original in (photo_site.project / "docs").rglob("*"):
        if original.suffix.lower() in RASTER:
            digest = hashlib.sha256(original.read_bytes()).hexdigest()
            assert digest not in published, f"{original.name} is published as it is, at {published.get(digest)}"


def test_published_photos_carry_nothing_recorded(photo_site: Site) -> None:
    """Should publish pixels only: no EXIF (GPS, serial numbers), XMP, IPTC, comment or thumbnail; at most sRGB."""
    folder = photo_site.dir / PHOTO_FOLDER
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.suffix == ".svg":
            continue
        with Image.open(path) as image:
            assert not image.getexif(), f"{path.name} carries EXIF: {dict(image.getexif())}"
            recorded = {key for key in image.info if key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop",
                                                            "iptc", "thumbnail")}
            assert not recorded, f"{path.name} carries {recorded}"
            profile = image.info.get("icc_profile")
            if profile:
                description = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(profile)))
                assert "srgb" in description.lower(), f"{path.name} carries a {description!r} profile"


def test_photos_are_responsive_figures(photo_site: Site) -> None:
    """Should give every photo width and height, AVIF and WebP sources with the column's sizes, and a JPEG <img>;
    load the lead photo first and every other one lazily; and point only at files the site holds."""
    site = photo_site
    for page in site.pages:
        soup = site.soup(page.name)
        figures = soup.select(".md-content figure")
        lead = page.article.meta.image
        inline = [photo_line(p) for p in page.article.approved_paragraphs() if photo_line(p)]
        assert len(figures) == (lead is not None) + len(inline), f"{page}: {len(figures)} figures"
        for number, figure in enumerate(figures):
            img = figure.find("img")
            assert img.get("width") and img.get("height") and img.get("alt"), f"{page}: figure {number + 1}: {img}"
            is_lead = lead is not None and number == 0
            if is_lead:
                assert img.get("fetchpriority") == "high" and not img.get("loading"), f"{page}: the lead photo waits"
                assert img["alt"] == lead.alt
            else:
                assert (img.get("loading"), img.get("decoding")) == ("lazy", "async"), f"{page}: figure {number + 1}"
            picture = figure.find("picture")
            addresses = [img["src"]]
            if picture is not None:
                sources = {source["type"]: source for source in picture.find_all("source")}
                assert list(sources) == ["image/avif", "image/webp"], f"{page}: figure {number + 1}: {list(sources)}"
                sizes = {source.get("sizes") for source in sources.values()} | {img.get("sizes")}
                assert len(sizes) == 1 and None not in sizes, f"{page}: figure {number + 1} sizes: {sizes}"
                for element in [*sources.values(), img]:
                    addresses += [candidate.split()[0] for candidate in element["srcset"].split(",")]
            for address in addresses:
                target = site.dir / page.name.rsplit("index.html", 1)[0] / address
                assert target.resolve().is_file(), f"{page}: {address} is not in the site"


def _upright_size(path: Path) -> tuple[int, int]:
    """The size of the photo a reporter added, as a reader sees it (turned by its EXIF orientation)."""
    with Image.open(path) as image:
        return ImageOps.exif_transpose(image).size


def test_lead_photo_is_shared_at_full_size(photo_site: Site) -> None:
    """Should share an article with a lead photo by a JPEG of at least 1200x630 and under 1 MB, with its alt text,
    and list it to search engines at 16:9, 4:3 and 1:1: the 16:9 one CROP_WIDTH px wide, each of at least
    MIN_CROP_PIXELS and as large as the photo allows up to CROP_WIDTH wide (the photo's full height otherwise)."""
    site = photo_site
    for page in site.pages:
        image_meta = page.article.meta.image
        if image_meta is None:
            continue
        soup = site.soup(page.name)
        shared = site.dir / meta_content(soup, "og:image")[len(site.url):]
        with Image.open(shared) as image:
            assert image.format == "JPEG" and image.size >= SHARE_SIZE and image.width >= SHARE_SIZE[0] \
                and image.height >= SHARE_SIZE[1], f"{page}: og:image is {image.format} {image.size}"
            assert (meta_content(soup, "og:image:width"), meta_content(soup, "og:image:height")) == tuple(map(str, image.size))
        assert shared.stat().st_size < SHARE_BYTES
        data = json.loads(soup.find("script", type="application/ld+json").string)
        if page.front:
            continue
        source_width, source_height = _upright_size(page.article.path.parent / image_meta.src)
        sizes = []
        for url in data["image"]:
            with Image.open(site.dir / url[len(site.url):]) as image:
                assert image.format == "JPEG", f"{page}: {url} is {image.format}"
                sizes.append(image.size)
        ratios = [round(width / height, 2) for width, height in sizes]
        assert ratios == [round(16 / 9, 2), round(4 / 3, 2), 1.0], f"{page}: the structured data's images: {sizes}"
        assert sizes[0][0] >= CROP_WIDTH, f"{page}: the 16:9 image is {sizes[0]}, under {CROP_WIDTH} px wide"
        for width, height in sizes:
            assert width * height >= MIN_CROP_PIXELS, f"{page}: a {width}x{height} image is under {MIN_CROP_PIXELS} px"
            # Scaling to a whole number of pixels at the exact ratio may lose one row.
            assert width >= CROP_WIDTH or height >= source_height - 1, \
                f"{page}: a {width}x{height} crop of a {source_width}x{source_height} photo could be larger"
