"""Photographs for articles: read camera files safely, strip what the camera recorded, encode responsive renditions.

`process_photo` turns the bytes of a JPEG, PNG, WebP or AVIF file into AVIF, WebP and JPEG renditions at a ladder of
widths (plus 16:9, 4:3 and 1:1 crops for a lead photo), cached on disk by a hash of everything that decides the output.
`check_svg` refuses SVG files (charts, maps) that could run code or fetch anything, and returns their intrinsic size.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import uuid
import warnings
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import PIL
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# --- Limits and settings (every value here is part of the cache key) -------------------------------------------------

# Declared pixels above which a file is refused before anything is decoded. 50 MP admits the full-resolution modes of
# 48 MP phone sensors (8064x6048 = 48.8 MP) and 45 MP full-frame cameras, while bounding a decode to ~150 MB of RGB.
MAX_PIXELS = 50_000_000

# Formats read. GIF (256 colours, usually animated), TIFF (scanner/RAW-adjacent, many codecs) and HEIC (no Pillow
# support without a plugin) are refused: a reporter exports a JPEG instead.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "AVIF")

# Widths (device px) for AVIF and WebP. The content column is calc(100vw - 40px) below 578 px, 538 px to 1599 px,
# 592 px from 1600 px and 646 px from 2000 px. Needs -> pick (smallest candidate >= need), extra pixels downloaded:
#   1280 @1 538 -> 560 (+8%) | 1920 @1 592 -> 600 (+3%) | 2560 @1 646 -> 680 (+11%) | 412 @1.75 651 -> 680 (+9%)
#   1536 @1.25 673 -> 680 (+2%) | 375 @2 670 -> 680 (+3%) | 412 @2 744 -> 860 (+34%) | 412 @2.625 976 -> 1100 (+27%)
#   390 @3 1050 -> 1100 (+10%) | 1440 @2 1076 -> 1100 (+5%) | 1920 @2 1184 -> 1320 (+24%) | 2560 @2 1292 -> 1320 (+4%)
# The desktop steps sit close together because desktop needs cluster at 538-673; each extra step costs ~0.3-0.6 s.
WIDTHS = (560, 600, 680, 860, 1100, 1320)
# Browsers without AVIF and WebP are old; they get two JPEG widths, the smaller one in <img src>.
JPEG_WIDTHS = (680, 1100)
FALLBACK_WIDTH = 680

# Tuned against sharp's AVIF defaults (quality 50, effort 4, 4:4:4), which Astro's <Picture> ships, on the photographs
# in tests/fixtures/photos (`uv run python -m bench.photos`, README "Speed and weight"). Both encode with libaom and its
# all-intra "iq" tuning (libavif's default here: the same bytes as advanced={"tune": "iq"}; sharp's files match it within
# ~2%, while tune=ssim, libheif's former default, came out 47% smaller to 19% larger). What decides is the speed and the
# YCbCr conversion. Pillow's rounds chroma down (every Cb and Cr half a level low), which cost up to 0.7 dB on the storm's
# flat sky and 0.012 SSIM on the fundus photo's near-black background; _for_avif nudges pixels so that the stored YCbCr
# is the correctly rounded one. Speed 3 was ~2-3% smaller than speed 4 for 2.4x the CPU (35 s for the 2-MP fundus
# photo's full ladder, against 18 s), which every cold-cache test run would pay; speed 6 (Pillow's default) was ~3%
# larger than sharp and up to 0.45 dB worse. Quality steps come in pairs (50 and 51 give the same file), ~5% of bytes
# and 0.2-0.3 dB apart, too coarse alone; libaom's own options (Pillow's advanced=) give the finer steps. At quality 51
# and speed 4 with libavif's defaults: 4 of 23 renditions at least sharp's PSNR and SSIM for no more bytes, 0.9% more
# bytes in all. "sharpness" 0 (the loop filter's; the default here is not 0) makes files ~6% smaller, ~0.05-0.2 dB;
# quality 53 buys that back and more; "deltaq-strength" 92 (%, of the variance-boost delta-q that "iq" turns on; 100
# by default, 0 for deltaq-mode 0 was 46% smaller and far worse) trims the surplus. Measured on the 7 photos x widths
# (one run, 2 cores): 13 of 23 renditions hold, 3.0% fewer bytes than sharp in all, and the CPU for the fundus
# photo's six AVIF widths +6% (14.8 s against 14.0 s, encoded one after another). Still short: the fundus photo at
# every width (5-6.5% smaller but 0.0003-0.0008 SSIM and up to 0.1 dB lower) and astronaut, chelsea, coffee and the
# storm at 680 px (0.3-2.8% larger, 0.15-0.7 dB sharper). Tried and no better: deltaq-strength 70/85/96/108-130,
# sharpness 1/2/4, quality 55, enable-cdef 1 (nothing with these), enable-chroma-deltaq 1 (already on), enable-qm 0 (+14% bytes),
# qm-min 3. 4:2:0 saved 7% of bytes on the fundus photo for 0.6 dB less. Sharpening after the downscale was not tried: it can
# only lower PSNR against the Lanczos reference, and sharp does not sharpen by default.
AVIF_OPTIONS: dict[str, Any] = {
    "quality": 53,
    "speed": 4,
    "subsampling": "4:4:4",
    "advanced": {"sharpness": "0", "deltaq-strength": "92"},
}
# A lead photo loads with its page, so it has a budget: at most LEAD_PHONE_BYTES for each AVIF width up to the phone's
# (680 px: 412 CSS px at 1.75 dppx, the README's phone; a 1280-px desktop's 560 px is below it, and its own budget of 60 KB
# above). Ordinary news photos are far under it (the fundus photo's 680 px is 13.5 KB, a 2000x1072 camera photo's ~34 KB);
# a dense one (a stop sign among gum leaves: 49.6 KB, sharp's 48.0 KB) is encoded again at that width two quality steps
# lower at a time until it fits, no lower than LEAD_FLOOR_QUALITY. Photos in the text load lazily and have no budget.
LEAD_PHONE_WIDTH = 680
LEAD_PHONE_BYTES = 45_000
LEAD_FLOOR_QUALITY = 35
WEBP_OPTIONS: dict[str, Any] = {"quality": 80, "method": 5}
JPEG_OPTIONS: dict[str, Any] = {"quality": 82, "optimize": True, "progressive": True, "subsampling": "4:2:0"}

# A lead photo's crops for sharing and search, and so the least lead photo the build accepts. The rule, in one place:
# - the 16:9 crop is og:image and the first image of the structured data: always CROP_WIDTH px wide (1200x675), which
#   is what Google Discover asks for a large preview (>= 1200 px wide) and covers og:image's 1200x630;
# - the 4:3 and 1:1 crops (Google's Article guidelines: the three ratios, each >= MIN_CROP_PIXELS, "high resolution")
#   are the largest centred crops the photo holds, scaled down to CROP_WIDTH wide at most: a 1920x1080 frame gives
#   1200x900 and 1080x1080, a photo of the least size 900x675 and 675x675 (607,500 px, twelve times Google's minimum).
# So a lead photo must be at least LEAD_MIN_WIDTH x LEAD_MIN_HEIGHT once upright. The suite checks the published
# crops against these limits (tests/test_photos_published.py), not against this module's arithmetic.
CROPS: dict[str, tuple[int, int]] = {"16x9": (16, 9), "4x3": (4, 3), "1x1": (1, 1)}
SHARE_CROP = "16x9"
CROP_WIDTH = 1200
MIN_CROP_PIXELS = 50_000
LEAD_MIN_WIDTH = CROP_WIDTH
LEAD_MIN_HEIGHT = CROP_WIDTH * 9 // 16

# The `sizes` attribute matching the content column (for the <picture> markup the caller writes).
SIZES = "(min-width: 2000px) 646px, (min-width: 1600px) 592px, (min-width: 578px) 538px, calc(100vw - 40px)"

MANIFEST = "manifest.json"
HASH_LENGTH = 12
EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}


class PhotoError(ValueError):
    """A photo or SVG that cannot be published; the message is one line and names no file (the caller adds it)."""


@dataclass(frozen=True)
class Rendition:
    """One encoded file in the cache."""

    format: str
    width: int
    height: int
    name: str
    path: Path


@dataclass(frozen=True)
class Photo:
    """The renditions of one source photo."""

    width: int
    height: int
    sources: dict[str, list[Rendition]] = field(default_factory=dict)
    crops: dict[str, Rendition] = field(default_factory=dict)

    def srcset(self, format: str, prefix: str) -> str:
        """The srcset attribute for one format, each file name behind `prefix` (a URL folder ending in '/')."""
        return ", ".join(f"{prefix}{r.name} {r.width}w" for r in self.sources[format])

    @property
    def fallback(self) -> Rendition:
        """The JPEG for <img src>: the smallest one at least FALLBACK_WIDTH wide, else the widest there is."""
        jpegs = self.sources["jpeg"]
        return next((r for r in jpegs if r.width >= FALLBACK_WIDTH), jpegs[-1])


# --- Reading -------------------------------------------------------------------------------------------------------------

_ORIENTATION = 0x0112
_SWAPPING_ORIENTATIONS = {5, 6, 7, 8}


@dataclass(frozen=True)
class _Header:
    """What the file declares, read without decoding pixels."""

    image: Image.Image
    upright: tuple[int, int]


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.0f} MP" if pixels >= 10_000_000 else f"{pixels / 1_000_000:.1f} MP"


def _format_of(source: bytes) -> str | None:
    """The format Pillow recognises in any of its plugins, only to name it in a refusal."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(source)) as im:
                return im.format
    except Exception:
        return None


def _open(source: bytes) -> _Header:
    """Open the header and refuse before decoding: wrong format, too many declared pixels, animation."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(source), formats=list(ACCEPTED_FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            # Pillow's own limits (89 MP warns, 178 MP fails) are above ours, so only the size is news here.
            declared = re.search(r"\((\d+) pixels\)", str(error))
            pixels = f" {_megapixels(int(declared.group(1)))}" if declared else " too many pixels"
            raise PhotoError(f"declares{pixels}; the limit is {_megapixels(MAX_PIXELS)} (a decompression bomb?)") from None
        except UnidentifiedImageError:
            found = _format_of(source)
            what = f"a {found} image" if found else "not an image Pillow can read"
            raise PhotoError(f"is {what}; photos must be JPEG, PNG, WebP or AVIF") from None
        except Exception as error:  # untrusted input: whatever a plugin raises is a refusal, not a traceback
            raise PhotoError(f"cannot be read: {_one_line(error)}") from None
    width, height = image.size
    if width <= 0 or height <= 0:
        raise PhotoError(f"declares an empty size {width}x{height}")
    if width * height > MAX_PIXELS:
        raise PhotoError(
            f"declares {width}x{height} pixels ({_megapixels(width * height)}); the limit is {_megapixels(MAX_PIXELS)}"
        )
    frames = getattr(image, "n_frames", 1)
    # Phones and cameras write MPO: a JPEG whose extra "frames" are a preview, a depth or gain map. The first is the photo.
    if image.format != "MPO" and (getattr(image, "is_animated", False) or frames > 1):
        raise PhotoError(f"is animated ({frames} frames); publish a still photo (or a video)")
    try:
        orientation = image.getexif().get(_ORIENTATION, 1)
    except Exception:  # a broken EXIF block is dropped anyway; read as upright
        orientation = 1
    upright = (height, width) if orientation in _SWAPPING_ORIENTATIONS else (width, height)
    return _Header(image, upright)


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or error.__class__.__name__
    return text[:200]


def _decode(header: _Header) -> Image.Image:
    """Decode the pixels (JPEG at a reduced DCT scale when much larger than needed), turned upright."""
    image = header.image
    if image.format == "JPEG":
        # Decode at 1/2, 1/4 or 1/8 scale where both sides stay >= the widest output: much faster for 24-48 MP cameras.
        need = max(*WIDTHS, CROP_WIDTH)
        image.draft(image.mode, (need, need))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image.load()
        except Image.DecompressionBombError:
            raise PhotoError("is a decompression bomb") from None
        except Image.DecompressionBombWarning:
            raise PhotoError("declares too many pixels to decode safely") from None
        except OSError as error:
            if "truncated" in str(error):
                raise PhotoError("is truncated (the file ends before the image data does)") from None
            raise PhotoError(f"is corrupt: {_one_line(error)}") from None
        except Exception as error:  # untrusted input: whatever a decoder raises is a refusal, not a traceback
            raise PhotoError(f"is corrupt: {_one_line(error)}") from None
    try:
        return ImageOps.exif_transpose(image)
    except Exception as error:  # publishing a photo sideways is worse than refusing it
        raise PhotoError(f"has EXIF orientation data that cannot be applied: {_one_line(error)}") from None


# --- Colour ----------------------------------------------------------------------------------------------------------------

_SRGB = ImageCms.createProfile("sRGB")


def _is_srgb(profile: ImageCms.ImageCmsProfile) -> bool:
    description = ImageCms.getProfileDescription(profile) or ""
    return "srgb" in description.lower().replace(" ", "")


def _to_srgb(image: Image.Image) -> Image.Image:
    """Plain 8-bit RGB in sRGB: ICC-converted when tagged otherwise, alpha flattened on white, palette/grey/CMYK expanded."""
    icc = image.info.get("icc_profile")
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")  # 16-bit grey: keep the top 8 bits
    elif image.mode == "F":
        image = image.convert("L")
    if image.mode in ("P", "PA", "1"):
        image = image.convert("RGBA" if image.mode == "PA" or "transparency" in image.info else "RGB")
    if image.mode in ("RGBA", "LA", "RGBa", "La"):
        image = image.convert("RGBA")
        flat = Image.new("RGBA", image.size, (255, 255, 255, 255))
        flat.alpha_composite(image)
        image = flat.convert("RGB")
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            space = profile.profile.xcolor_space.strip()  # "RGB", "CMYK" or "GRAY": the pixels must be in the same space
            mode = {"RGB": "RGB", "GRAY": "L", "CMYK": "CMYK"}.get(space)
            if mode and not _is_srgb(profile) and (mode != "CMYK" or image.mode == "CMYK"):
                converted = ImageCms.profileToProfile(
                    image.convert(mode),
                    profile,
                    _SRGB,
                    renderingIntent=ImageCms.Intent.PERCEPTUAL,
                    outputMode="RGB",
                )
                if converted is not None:
                    image = converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # an unusable profile: read the pixels as sRGB, which is what browsers would do
    if image.mode != "RGB":
        image = image.convert("RGB")
    return _bare(image)


def _bare(image: Image.Image) -> Image.Image:
    """A copy with pixels only: Pillow's encoders copy some of `info` (comment, ICC, EXIF) into the file otherwise."""
    bare = Image.frombytes("RGB", image.size, image.tobytes())
    bare.info = {}
    return bare


# --- Encoding -----------------------------------------------------------------------------------------------------------


def _encode(image: Image.Image, format: str, avif: dict[str, Any] | None = None) -> bytes:
    """The bytes of one rendition, with no metadata at all (AVIF with `avif`'s settings, else AVIF_OPTIONS)."""
    out = io.BytesIO()
    if format == "avif":
        _for_avif(image).save(out, "AVIF", **(avif or AVIF_OPTIONS))
    elif format == "webp":
        image.save(out, "WEBP", **WEBP_OPTIONS)
    else:
        image.save(out, "JPEG", **JPEG_OPTIONS)
    return out.getvalue()


# BT.601 full range, the YCbCr that Pillow's AVIF files declare (matrix 6, full range): rows Y, Cb, Cr of RGB 0-255.
_KR, _KB = 0.299, 0.114
_YCBCR = np.array([
    [_KR, 1 - _KR - _KB, _KB],
    [-_KR / (2 - 2 * _KB), -(1 - _KR - _KB) / (2 - 2 * _KB), 0.5],
    [0.5, -(1 - _KR - _KB) / (2 - 2 * _KR), -_KB / (2 - 2 * _KR)],
])
# Nudges of at most one level per channel, the smallest first (no nudge at all first).
_NUDGES = sorted(((r, g, b) for r in (0, -1, 1) for g in (0, -1, 1) for b in (0, -1, 1)), key=lambda d: sum(map(abs, d)))


def _for_avif(image: Image.Image) -> Image.Image:
    """The RGB pixels to hand Pillow's AVIF encoder so that the YCbCr it stores is the correctly rounded one.

    Pillow's AVIF plugin (libavif 1.4.2 in Pillow 13's wheels) converts 8-bit RGB to BT.601 full-range YCbCr with
    libyuv's integer luma, Y = (77R + 150G + 29B + 128) >> 8, and chroma rounded down, not to nearest: every Cb and Cr
    half a level low on average, which decodes to red and blue about 0.7-0.9 level low and green 0.5 high (measured on
    lossless files; tests/test_photos.py checks that the nudge still brings them closer to the source). On flat skies
    and near-black backgrounds that shift was most of the difference from sharp, whose files show none. So each pixel
    is replaced by the nearest RGB (at most one level off per channel) that this conversion maps to round(exact Y),
    round(exact Cb), round(exact Cr), where one exists (all but ~1-2% of a photo's pixels, which are left as they are).
    """
    rgb = np.asarray(image.convert("RGB"), dtype=np.int32).reshape(-1, 3)
    channels = rgb.T.astype(np.float64)
    cb, cr = (sum(row[i] * channels[i] for i in range(3)) for row in _YCBCR[1:])
    luma = rgb @ np.array([77, 150, 29], dtype=np.int32) + 128
    want_y = np.floor(sum(_YCBCR[0, i] * channels[i] for i in range(3)) + 0.5)
    want_cb, want_cr = np.floor(cb + 0.5), np.floor(cr + 0.5)
    out = rgb.copy()
    todo = np.arange(len(rgb))
    for nudge in _NUDGES:
        d_cb, d_cr = (float(row @ np.array(nudge)) for row in _YCBCR[1:])
        hit = (
            (((luma[todo] + 77 * nudge[0] + 150 * nudge[1] + 29 * nudge[2]) >> 8) == want_y[todo])
            & (np.floor(cb[todo] + d_cb + 1e-6) == want_cb[todo])
            & (np.floor(cr[todo] + d_cr + 1e-6) == want_cr[todo])
        )
        for channel, step in enumerate(nudge):
            if step:
                hit &= (rgb[todo, channel] + step >= 0) & (rgb[todo, channel] + step <= 255)
        done = todo[hit]
        out[done] += np.array(nudge, dtype=np.int32)
        todo = todo[~hit]
    return Image.fromarray(out.reshape(image.height, image.width, 3).astype(np.uint8), "RGB")


def _within_lead_budget(image: Image.Image, encoded: bytes) -> bytes:
    """A lead photo's AVIF at a phone's width: `encoded` when it is within LEAD_PHONE_BYTES, else the image encoded at
    the highest quality below AVIF_OPTIONS' (in steps of two) that is, or at LEAD_FLOOR_QUALITY when none is."""
    quality = int(AVIF_OPTIONS["quality"])
    while len(encoded) > LEAD_PHONE_BYTES and quality - 2 >= LEAD_FLOOR_QUALITY:
        quality -= 2
        encoded = _encode(image.copy(), "avif", {**AVIF_OPTIONS, "quality": quality})
    return encoded


def _ladder(width: int, steps: tuple[int, ...]) -> list[int]:
    """The widths no wider than the source; a source narrower than the top step adds its own width as the last one."""
    widths = [w for w in steps if w < width]
    if len(widths) < len(steps):
        if widths and width < widths[-1] * 1.1:
            widths[-1] = width  # a step within 10% of the source width: serve the full width instead
        else:
            widths.append(width)
    return widths


def _resize(image: Image.Image, width: int) -> Image.Image:
    if width == image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _crop(image: Image.Image, ratio: tuple[int, int]) -> Image.Image:
    """The largest centred crop of that aspect ratio, at most CROP_WIDTH wide, with exact proportions (1200x675 for 16:9)."""
    rw, rh = ratio
    width, height = image.size
    crop_width = min(float(width), height * rw / rh)
    crop_height = crop_width * rh / rw
    left, top = (width - crop_width) / 2, (height - crop_height) / 2
    out_width = min(CROP_WIDTH, int(crop_width))
    out_height = max(1, round(out_width * rh / rw))
    box = (left, top, left + crop_width, top + crop_height)
    return image.resize((out_width, out_height), Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)


@dataclass(frozen=True)
class _Encoded:
    format: str
    width: int
    height: int
    data: bytes
    crop: str | None = None


def _renditions(image: Image.Image, lead: bool) -> list[_Encoded]:
    """Every rendition of a photo: each width of the ladder in each format it is served in, and a lead photo's crops.

    The encodings run side by side, as many as the machine has cores: a lead photo's fourteen renditions and three
    crops were 15-18 s of one core at AVIF speed 4, and Pillow lets other threads run while libaom, libwebp and
    libjpeg encode (each file's bytes are the same, whichever thread made it).
    """
    widths = _ladder(image.width, WIDTHS)
    jpeg_widths = _ladder(image.width, JPEG_WIDTHS)
    jobs: list[tuple[Image.Image, str, str | None]] = []
    for width in sorted(set(widths) | set(jpeg_widths)):
        scaled = _resize(image, width)
        formats = (["avif", "webp"] if width in widths else []) + (["jpeg"] if width in jpeg_widths else [])
        # A copy each: Pillow keeps a save's settings on the image object while it encodes (encoderinfo).
        jobs += [(scaled.copy(), format, None) for format in formats]
    if lead:
        jobs += [(_crop(image, ratio), "jpeg", name) for name, ratio in CROPS.items()]

    def encoded(job: tuple[Image.Image, str, str | None]) -> _Encoded:
        picture, format, crop = job
        data = _encode(picture, format)
        if lead and format == "avif" and picture.width <= LEAD_PHONE_WIDTH:
            data = _within_lead_budget(picture, data)
        return _Encoded(format, picture.width, picture.height, data, crop=crop)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        # Started slowest first (AVIF, the widest first), so that no core is left with one long encoding at the end;
        # returned in the order above.
        started = {id(job): pool.submit(encoded, job) for job in sorted(jobs, key=lambda job: (job[1] != "avif", -job[0].width))}
        return [started[id(job)].result() for job in jobs]


# --- Cache -----------------------------------------------------------------------------------------------------------------


def _settings() -> dict[str, Any]:
    return {
        "max_pixels": MAX_PIXELS,
        "widths": WIDTHS,
        "jpeg_widths": JPEG_WIDTHS,
        "avif": AVIF_OPTIONS,
        "webp": WEBP_OPTIONS,
        "jpeg": JPEG_OPTIONS,
        "crops": CROPS,
        "crop_width": CROP_WIDTH,
        "share_crop": SHARE_CROP,
        "lead_min": (LEAD_MIN_WIDTH, LEAD_MIN_HEIGHT),
        "lead_budget": (LEAD_PHONE_WIDTH, LEAD_PHONE_BYTES, LEAD_FLOOR_QUALITY),
        "pillow": PIL.__version__,
    }


def _cache_key(source: bytes, lead: bool) -> str:
    """A hash of the source, the lead flag, every encoder setting, Pillow's version and this module's own code."""
    digest = hashlib.sha256()
    digest.update(hashlib.sha256(source).digest())
    digest.update(json.dumps({**_settings(), "lead": lead}, sort_keys=True).encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:32]


def _load_manifest(folder: Path) -> Photo | None:
    """The cached Photo, or None when the folder is missing or incomplete."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))

        def rendition(entry: dict[str, Any]) -> Rendition:
            path = folder / entry["name"]
            if not path.is_file():
                raise FileNotFoundError(path)
            return Rendition(entry["format"], int(entry["width"]), int(entry["height"]), entry["name"], path)

        return Photo(
            width=int(manifest["width"]),
            height=int(manifest["height"]),
            sources={fmt: [rendition(e) for e in entries] for fmt, entries in manifest["sources"].items()},
            crops={name: rendition(e) for name, e in manifest["crops"].items()},
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write(folder: Path, header: _Header, encoded: list[_Encoded]) -> None:
    sources: dict[str, list[dict[str, Any]]] = {"avif": [], "webp": [], "jpeg": []}
    crops: dict[str, dict[str, Any]] = {}
    for item in encoded:
        digest = hashlib.sha256(item.data).hexdigest()[:HASH_LENGTH]
        suffix = item.crop if item.crop else str(item.width)
        name = f"{digest}-{suffix}.{EXTENSIONS[item.format]}"
        (folder / name).write_bytes(item.data)
        entry = {"format": item.format, "width": item.width, "height": item.height, "name": name}
        if item.crop:
            crops[item.crop] = entry
        else:
            sources[item.format].append(entry)
    for entries in sources.values():
        entries.sort(key=lambda e: e["width"])
    manifest = {"width": header.upright[0], "height": header.upright[1], "sources": sources, "crops": crops}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")


def process_photo(source: bytes, cache_dir: Path, lead: bool = False) -> Photo:
    """Renditions of a photo, from the cache when this exact source was already encoded with these settings.

    Raises PhotoError for anything that cannot be published (format, size, corruption, a lead photo too narrow).
    """
    cache_dir = Path(cache_dir)
    key = _cache_key(source, lead)
    folder = cache_dir / key
    cached = _load_manifest(folder)
    if cached is not None:
        return cached

    header = _open(source)
    width, height = header.upright
    if lead and width < LEAD_MIN_WIDTH:
        raise PhotoError(f"is {width}x{height} once upright; a lead photo must be at least {LEAD_MIN_WIDTH} px wide")
    if lead and height < LEAD_MIN_HEIGHT:
        raise PhotoError(
            f"is {width}x{height} once upright; a lead photo must be at least {LEAD_MIN_HEIGHT} px tall"
            f" (its 16:9 crop is the {CROP_WIDTH}x{LEAD_MIN_HEIGHT} sharing image)"
        )
    image = _to_srgb(_decode(header))
    encoded = _renditions(image, lead)

    # Build in a private folder beside the final one, then rename it into place: a reader sees all or nothing, and two
    # builds encoding the same photo at once both succeed (the loser's folder is thrown away).
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{key}-{uuid.uuid4().hex[:8]}-", dir=cache_dir))
    try:
        _write(temporary, header, encoded)
        if folder.exists() and _load_manifest(folder) is None:
            shutil.rmtree(folder, ignore_errors=True)  # a damaged entry (files deleted by hand): replace it
        try:
            os.rename(temporary, folder)
        except OSError:
            if _load_manifest(folder) is None:
                raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    photo = _load_manifest(folder)
    if photo is None:
        raise PhotoError("could not be stored in the photo cache")
    return photo


# --- SVG ---------------------------------------------------------------------------------------------------------------------

_SVG_NS = "http://www.w3.org/2000/svg"
_URL = re.compile(r"url\(\s*(?P<q>['\"]?)(?P<target>.*?)(?P=q)\s*\)", re.IGNORECASE | re.DOTALL)
_IMPORT = re.compile(r"@import\b", re.IGNORECASE)
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px|pt|pc|in|cm|mm)?\s*$")
_UNITS = {None: 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}
_ANIMATIONS = {"animate", "set", "animateMotion", "animateTransform", "animateColor"}
_FORBIDDEN_ELEMENTS = {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _attribute_label(name: str) -> str:
    if name.startswith("{http://www.w3.org/1999/xlink}"):
        return "xlink:" + _local(name)
    return _local(name)


def _check_css(text: str, where: str) -> None:
    if _IMPORT.search(text):
        raise PhotoError(f"has a CSS @import in {where}")
    for match in _URL.finditer(text):
        target = match.group("target").strip()
        if not target.startswith("#"):
            raise PhotoError(f"refers to {_shorten(target)} (in {where})")


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:77] + "..."


def _length(value: str | None) -> float | None:
    if value is None:
        return None
    match = _LENGTH.match(value)
    if not match:
        return None  # percentages and "auto" say nothing about the intrinsic size
    return float(match.group(1)) * _UNITS[match.group(2)]


def check_svg(data: bytes) -> tuple[float, float]:
    """The intrinsic (width, height) of a static, self-contained SVG; PhotoError for anything active or external.

    DOCTYPEs are refused before parsing, so no entity can be declared or expanded (no need for defusedxml).
    """
    head = data[:4096].lower()
    if b"<!doctype" in data.lower() or b"<!entity" in data.lower():
        raise PhotoError("has a DOCTYPE or entity declaration (not allowed in published SVG)")
    if b"<?xml-stylesheet" in head or b"<?xml-stylesheet" in data.lower():
        raise PhotoError("has an <?xml-stylesheet?> instruction")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise PhotoError(f"is not well-formed XML ({_one_line(error)})") from None
    if root.tag != f"{{{_SVG_NS}}}svg":
        raise PhotoError(f"is not an SVG document (its root element is <{_local(root.tag)}>)")

    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = _local(element.tag)
        if element.tag.startswith("{") and not element.tag.startswith(f"{{{_SVG_NS}}}"):
            raise PhotoError(f"has a <{tag}> element from another XML namespace")
        if tag in _FORBIDDEN_ELEMENTS:
            raise PhotoError(f"has a <{tag}> element")
        if tag in _ANIMATIONS and element.get("attributeName", "").rsplit(":", 1)[-1].strip().lower() == "href":
            article = "an" if tag[0] in "aeiou" else "a"
            raise PhotoError(f"has {article} <{tag}> element that changes a link (attributeName={element.get('attributeName')})")
        if tag == "style" and element.text:
            _check_css(element.text, "a <style> element")
        for name, value in element.attrib.items():
            attribute = _local(name)
            label = _attribute_label(name)
            if attribute.lower().startswith("on"):
                raise PhotoError(f"has an event attribute {label} on <{tag}>")
            if attribute == "href":
                target = value.strip()
                if not target.startswith("#"):
                    raise PhotoError(f"refers to {_shorten(target)} (the {label} of <{tag}>)")
            elif attribute == "style" or "url(" in value.lower():
                _check_css(value, f"the {label} of <{tag}>")

    width, height = _length(root.get("width")), _length(root.get("height"))
    box: list[float] | None = None
    if root.get("viewBox"):
        try:
            box = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip())]
        except ValueError:
            box = None
        if box is not None and (len(box) != 4 or box[2] <= 0 or box[3] <= 0):
            box = None
    if width is not None and height is not None:
        return (width, height)
    if box is not None:
        if width is not None:
            return (width, width * box[3] / box[2])
        if height is not None:
            return (height * box[2] / box[3], height)
        return (box[2], box[3])
    raise PhotoError("has no width and height and no viewBox, so its size is unknown")
