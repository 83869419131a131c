"""The photo pipeline (`newsroom.photos`) on real photographs (fixtures/photos/LICENCES.md): no browser, no build."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import ExifTags, Image, ImageCms

from legit_edits import cut
from newsroom import photos
from newsroom.photos import Photo, PhotoError, check_svg, process_photo

FIXTURES = Path(__file__).parent / "fixtures" / "photos"
CHELSEA = FIXTURES / "chelsea.jpg"  # 451x300, CC0
COFFEE = FIXTURES / "coffee.jpg"  # 600x400, CC0
RETINA = FIXTURES / "retina.jpg"  # 1411x1411, CC0
LADYBIRD = FIXTURES / "ladybird.jpg"  # 2560x1600, GPL-2+: cut to every shape of lead photo
STOP_SIGN = FIXTURES / "stop-sign.jpg"  # 1280x1382, CC BY 3.0, tagged Adobe RGB (1998) as it came from the camera


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small ladders so that most tests encode a few tiny files."""
    monkeypatch.setattr(photos, "WIDTHS", (120, 200))
    monkeypatch.setattr(photos, "JPEG_WIDTHS", (200,))
    monkeypatch.setattr(photos, "FALLBACK_WIDTH", 200)


def _jpeg(image: Image.Image, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, **options)
    return out.getvalue()


def _all_files(photo: Photo) -> list[Path]:
    return [r.path for rs in photo.sources.values() for r in rs] + [r.path for r in photo.crops.values()]


def _with_thumbnail(exif: bytes, thumbnail: bytes) -> bytes:
    """Pillow's EXIF bytes with an IFD1 holding a JPEG thumbnail, which Pillow cannot write itself."""
    tiff = bytearray(exif[6:])  # after b"Exif\0\0"
    order = "<" if tiff[:2] == b"II" else ">"
    (ifd0,) = struct.unpack(order + "I", tiff[4:8])
    (count,) = struct.unpack(order + "H", tiff[ifd0 : ifd0 + 2])
    pointer = ifd0 + 2 + 12 * count
    ifd1 = len(tiff) + (len(tiff) % 2)
    tiff += b"\0" * (ifd1 - len(tiff))
    tiff[pointer : pointer + 4] = struct.pack(order + "I", ifd1)
    data = ifd1 + 2 + 3 * 12 + 4
    tiff += struct.pack(order + "H", 3)
    tiff += struct.pack(order + "HHIHH", 0x0103, 3, 1, 6, 0)  # Compression: JPEG
    tiff += struct.pack(order + "HHII", 0x0201, 4, 1, data)  # JPEGInterchangeFormat
    tiff += struct.pack(order + "HHII", 0x0202, 4, 1, len(thumbnail))  # JPEGInterchangeFormatLength
    tiff += struct.pack(order + "I", 0) + thumbnail
    return b"Exif\0\0" + bytes(tiff)


def _planted(path: Path) -> bytes:
    """A copy of a real photo carrying GPS, camera serial, artist, an EXIF thumbnail, XMP, IPTC and a comment."""
    image = Image.open(path)
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x0110] = "Canon EOS 5D Mark IV"  # Model
    exif[0x013B] = "Jane Reporter"  # Artist
    exif.get_ifd(0x8769)[0xA431] = "SERIAL-0123456789"  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (61.0, 13.0, 5.0), "W", (149.0, 54.0, 1.0)
    thumbnail = io.BytesIO()
    image.resize((64, 43)).save(thumbnail, "JPEG", comment=b"THUMBNAIL-SECRET")
    data = _jpeg(
        image,
        exif=_with_thumbnail(exif.tobytes(), thumbnail.getvalue()),
        comment=b"shot at the secret location",
        xmp=b"<x:xmpmeta>Jane Reporter</x:xmpmeta>",
    )
    # An APP13 (Photoshop/IPTC) segment, as picture desks' editors write.
    iptc = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00" + struct.pack(">I", 12) + b"\x1c\x02\x50\x00\x08Reporter"
    segment = b"\xff\xed" + struct.pack(">H", len(iptc) + 2) + iptc
    return data[:2] + segment + data[2:]


def _assert_clean(path: Path) -> None:
    with Image.open(path) as image:
        assert len(image.getexif()) == 0, path
        for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "iptc"):
            assert key not in image.info, (path, key)
        icc = image.info.get("icc_profile")
        if icc:
            description = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc)))
            assert "sRGB" in description
    raw = path.read_bytes()
    for secret in (b"Canon", b"SERIAL-0123456789", b"Jane Reporter", b"secret location", b"Photoshop", b"THUMBNAIL-SECRET"):
        assert secret not in raw, (path, secret)


def test_metadata_is_stripped_from_every_rendition(tmp_path: Path, small: None) -> None:
    source = _planted(CHELSEA)
    with Image.open(io.BytesIO(source)) as planted:  # the planting worked
        assert planted.getexif().get_ifd(0x8825) and "comment" in planted.info and "xmp" in planted.info
        assert planted.getexif().get_ifd(ExifTags.IFD.IFD1)[0x0202] > 0  # the thumbnail is there
        assert b"THUMBNAIL-SECRET" in source and b"8BIM" in source
    photo = process_photo(source, tmp_path)
    files = _all_files(photo)
    assert len(files) == 5
    for path in files:
        _assert_clean(path)
        assert path.read_bytes() != source


def test_renditions_formats_widths_and_names(tmp_path: Path, small: None) -> None:
    # As an editor exports it: an sRGB profile (kept out of the output: untagged is sRGB) and a JPEG comment.
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = _jpeg(Image.open(COFFEE), icc_profile=srgb, comment=b"Jane Reporter")
    photo = process_photo(source, tmp_path)
    assert (photo.width, photo.height) == (600, 400)
    assert [r.width for r in photo.sources["avif"]] == [120, 200]
    assert [r.width for r in photo.sources["webp"]] == [120, 200]
    assert [r.width for r in photo.sources["jpeg"]] == [200]
    assert photo.crops == {}
    expected = {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG"}
    for fmt, renditions in photo.sources.items():
        for r in renditions:
            with Image.open(r.path) as image:
                assert image.format == expected[fmt] and image.size == (r.width, r.height) and image.mode == "RGB"
            assert r.name == r.path.name and r.name.endswith(f"-{r.width}.{photos.EXTENSIONS[fmt]}")
    assert photo.srcset("avif", "/images/") == ", ".join(f"/images/{r.name} {r.width}w" for r in photo.sources["avif"])
    assert photo.fallback.format == "jpeg" and photo.fallback.width == 200
    for path in _all_files(photo):
        _assert_clean(path)
        with Image.open(path) as image:
            assert "icc_profile" not in image.info


def test_never_wider_than_the_source(tmp_path: Path) -> None:
    photo = process_photo(CHELSEA.read_bytes(), tmp_path)  # real ladder, 451 px source
    assert [r.width for r in photo.sources["avif"]] == [451]
    assert [r.width for r in photo.sources["jpeg"]] == [451]
    assert photo.fallback.width == 451


def test_changed_photo_gets_new_names(tmp_path: Path, small: None) -> None:
    image = Image.open(CHELSEA)
    first = process_photo(_jpeg(image), tmp_path)
    second = process_photo(_jpeg(image.rotate(180)), tmp_path)
    assert {r.name for r in _all_files_r(first)}.isdisjoint({r.name for r in _all_files_r(second)})


def _all_files_r(photo: Photo) -> list[photos.Rendition]:
    return [r for rs in photo.sources.values() for r in rs]


def test_sideways_photo_comes_out_upright(tmp_path: Path, small: None) -> None:
    upright = Image.open(CHELSEA).convert("RGB")  # 451x300, landscape
    # What a camera held sideways writes: pixels stored rotated, Orientation=6 says "rotate 90° clockwise to view".
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    photo = process_photo(_jpeg(stored, exif=exif.tobytes()), tmp_path)
    assert (photo.width, photo.height) == (451, 300)
    rendition = photo.sources["jpeg"][0]
    assert (rendition.width, rendition.height) == (200, 133)
    with Image.open(rendition.path) as out:
        expected = upright.resize(out.size, Image.Resampling.LANCZOS)
        # The left third (the cat's face side) matches the upright photo, not a rotated one.
        box = (10, 10, 60, 120)
        got, want = out.convert("RGB").crop(box).tobytes(), expected.crop(box).tobytes()
        assert sum(abs(a - b) for a, b in zip(got, want, strict=True)) / len(got) < 12
        rotated = upright.transpose(Image.Transpose.ROTATE_180).resize(out.size, Image.Resampling.LANCZOS).crop(box).tobytes()
        assert sum(abs(a - b) for a, b in zip(got, rotated, strict=True)) / len(got) > 20


def _display_p3_profile() -> bytes:
    """A minimal ICC v2 RGB matrix/TRC profile with Display P3 primaries (D50-adapted) and gamma 2.2."""

    def s15(v: float) -> bytes:
        return struct.pack(">i", round(v * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ \0\0\0\0" + s15(x) + s15(y) + s15(z)

    def text(t: str) -> bytes:
        raw = t.encode() + b"\0"
        return b"desc\0\0\0\0" + struct.pack(">I", len(raw)) + raw + b"\0" * 12 + b"\0" * 67

    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, 0x0233) + b"\0\0"
    tags = [
        (b"desc", text("Display P3 (test)")),
        (b"cprt", b"text\0\0\0\0No copyright, test data\0"),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.5151, 0.2412, -0.0011)),
        (b"gXYZ", xyz(0.2920, 0.6922, 0.0419)),
        (b"bXYZ", xyz(0.1571, 0.0666, 0.7841)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        while (offset + len(data)) % 4:
            data += b"\0"
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    body = struct.pack(">I", len(tags)) + table + data
    header = bytearray(128)
    header[0:4] = struct.pack(">I", 128 + len(body))
    header[8:12] = bytes([2, 0x10, 0, 0])
    header[12:16], header[16:20], header[20:24], header[36:40] = b"mntr", b"RGB ", b"XYZ ", b"acsp"
    header[68:80] = s15(0.9642) + s15(1.0) + s15(0.8249)
    return bytes(header) + body


def test_display_p3_is_converted_to_srgb(tmp_path: Path, small: None) -> None:
    icc = _display_p3_profile()
    p3 = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    image = Image.open(CHELSEA).convert("RGB")
    photo = process_photo(_jpeg(image, icc_profile=icc), tmp_path)
    jpeg = photo.sources["jpeg"][0]
    with Image.open(jpeg.path) as out:
        assert "icc_profile" not in out.info
        got = out.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    expected_image = ImageCms.profileToProfile(image, p3, ImageCms.createProfile("sRGB"), outputMode="RGB")
    assert expected_image is not None
    want = expected_image.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    naive = image.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    assert isinstance(got, tuple) and isinstance(want, tuple) and isinstance(naive, tuple)
    assert max(abs(a - b) for a, b in zip(got, want, strict=True)) <= 3
    assert max(abs(a - b) for a, b in zip(naive, want, strict=True)) >= 5  # the conversion is visible, not a no-op


def test_adobe_rgb_camera_photo_keeps_its_colours(tmp_path: Path, small: None) -> None:
    """Should show a real Adobe RGB photo's colours as a colour-managed viewer does (the stop sign's red), in every
    format a reader may get, with no profile left in the files."""
    with Image.open(STOP_SIGN) as source:
        adobe = ImageCms.ImageCmsProfile(io.BytesIO(source.info["icc_profile"]))
        image = source.convert("RGB")
    managed = ImageCms.profileToProfile(image, adobe, ImageCms.createProfile("sRGB"), outputMode="RGB")
    assert managed is not None
    photo = process_photo(STOP_SIGN.read_bytes(), tmp_path)
    for format in ("avif", "webp", "jpeg"):
        rendition = photo.sources[format][0]
        with Image.open(rendition.path) as out:
            assert "icc_profile" not in out.info, rendition.name
            got = np.asarray(out.convert("RGB"), dtype=np.float64).mean(axis=(0, 1))
        want = np.asarray(managed.resize((rendition.width, rendition.height), Image.Resampling.LANCZOS),
                          dtype=np.float64).mean(axis=(0, 1))
        naive = np.asarray(image.resize((rendition.width, rendition.height), Image.Resampling.LANCZOS),
                           dtype=np.float64).mean(axis=(0, 1))
        assert np.abs(got - want).max() <= 2, (format, got, want)
        assert np.abs(naive - want).max() >= 5, "the conversion is visible on this photo, not a no-op"


def test_dense_lead_photo_is_brought_within_the_phone_budget(tmp_path: Path, small: None,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Should encode a lead photo's AVIF widths up to the phone's again, at lower quality, when they are over the
    budget (a phone loads the lead photo with the page), and leave a photo in the text, which loads lazily, as it is."""
    inline = process_photo(STOP_SIGN.read_bytes(), tmp_path)
    sizes = {r.width: r.path.stat().st_size for r in inline.sources["avif"]}
    widest = max(sizes)
    budget = sizes[widest] * 3 // 4  # the widest rendition (the phone's, in this small ladder) is a third over it
    monkeypatch.setattr(photos, "LEAD_PHONE_WIDTH", widest)
    monkeypatch.setattr(photos, "LEAD_PHONE_BYTES", budget)
    lead = process_photo(STOP_SIGN.read_bytes(), tmp_path, lead=True)
    for rendition in lead.sources["avif"]:
        assert rendition.path.stat().st_size <= budget, rendition.name
        if sizes[rendition.width] <= budget:  # within the budget already: the same file
            assert rendition.path.stat().st_size == sizes[rendition.width]
        with Image.open(rendition.path) as image:
            assert image.size == (rendition.width, rendition.height)
    again = process_photo(STOP_SIGN.read_bytes(), tmp_path)  # a photo in the text keeps its quality under any budget
    assert [r.path.read_bytes() for r in again.sources["avif"]] == [r.path.read_bytes() for r in inline.sources["avif"]]


@pytest.mark.parametrize("mode", ["CMYK", "L", "P", "RGBA"])
def test_other_modes_become_rgb(tmp_path: Path, small: None, mode: str) -> None:
    image = Image.open(CHELSEA).convert(mode)
    out = io.BytesIO()
    image.save(out, "JPEG" if mode in ("CMYK", "L") else "PNG")
    photo = process_photo(out.getvalue(), tmp_path)
    for path in _all_files(photo):
        with Image.open(path) as encoded:
            assert encoded.mode == "RGB"


def test_alpha_is_flattened_on_white(tmp_path: Path, small: None) -> None:
    image = Image.open(CHELSEA).convert("RGBA")
    image.putalpha(0)
    out = io.BytesIO()
    image.save(out, "PNG")
    photo = process_photo(out.getvalue(), tmp_path)
    with Image.open(photo.sources["webp"][0].path) as encoded:
        assert encoded.mode == "RGB"
        assert min(encoded.convert("RGB").tobytes()) >= 245


def _lossless_avif(image: Image.Image) -> np.ndarray:
    """The pixels of an image after a lossless AVIF round trip (the same YCbCr conversion as the renditions')."""
    out = io.BytesIO()
    image.save(out, "AVIF", quality=100, subsampling="4:4:4", speed=9)
    with Image.open(io.BytesIO(out.getvalue())) as decoded:
        return np.asarray(decoded.convert("RGB"), dtype=np.float64)


def test_avif_ycbcr_is_rounded_not_truncated() -> None:
    """Should hand Pillow's AVIF encoder pixels whose stored YCbCr is the correctly rounded one (photos._for_avif).

    Pillow's AVIF plugin rounds chroma down; _for_avif nudges pixels by at most a level to undo that. Lossless AVIF
    (quality 100) keeps the YCbCr exactly, so its round trip shows the conversion alone. If this fails because the
    plain round trip has become the closer one, Pillow's conversion rounds now and _for_avif must go.
    """
    source = Image.open(COFFEE).convert("RGB")
    original = np.asarray(source, dtype=np.float64)
    nudged = photos._for_avif(source)
    assert np.abs(np.asarray(nudged, dtype=np.float64) - original).max() <= 1
    plain_error = np.mean((_lossless_avif(source) - original) ** 2)
    nudged_error = np.mean((_lossless_avif(nudged) - original) ** 2)
    assert nudged_error < plain_error, (nudged_error, plain_error)


def test_lead_photo_crops(tmp_path: Path, small: None) -> None:
    photo = process_photo(RETINA.read_bytes(), tmp_path, lead=True)
    sizes = {name: (r.width, r.height) for name, r in photo.crops.items()}
    assert sizes == {"16x9": (1200, 675), "4x3": (1200, 900), "1x1": (1200, 1200)}
    og = photo.crops["16x9"]
    assert og.path.stat().st_size < 1_000_000
    for r in photo.crops.values():
        assert r.width * r.height >= 50_000
        with Image.open(r.path) as image:
            assert image.format == "JPEG" and image.size == (r.width, r.height)
        _assert_clean(r.path)


# Each shape a reporter may bring, cut from a real photograph, and the crops it must give: 16:9 always 1200x675 (og:image
# and Discover's large preview), 4:3 and 1:1 as large as the photo holds up to 1200 px wide, never under 50,000 px.
ACCEPTED_LEADS = {
    "the least size": ((1200, 675), {"16x9": (1200, 675), "4x3": (900, 675), "1x1": (675, 675)}),
    "a video frame": ((1920, 1080), {"16x9": (1200, 675), "4x3": (1200, 900), "1x1": (1080, 1080)}),
    "a wide camera photo": ((2000, 1072), {"16x9": (1200, 675), "4x3": (1200, 900), "1x1": (1072, 1072)}),
    "a 3:2 camera photo": ((1920, 1280), {"16x9": (1200, 675), "4x3": (1200, 900), "1x1": (1200, 1200)}),
    "a portrait phone photo": ((1200, 1600), {"16x9": (1200, 675), "4x3": (1200, 900), "1x1": (1200, 1200)}),
    "a square photo": ((1280, 1280), {"16x9": (1200, 675), "4x3": (1200, 900), "1x1": (1200, 1200)}),
}


@pytest.mark.parametrize("size, crops", ACCEPTED_LEADS.values(), ids=ACCEPTED_LEADS.keys())
def test_lead_photo_crops_of_every_accepted_shape(tmp_path: Path, small: None, size: tuple[int, int],
                                                  crops: dict[str, tuple[int, int]]) -> None:
    photo = process_photo(_jpeg(cut(LADYBIRD.name, size)), tmp_path, lead=True)
    assert {name: (r.width, r.height) for name, r in photo.crops.items()} == crops


# Just under the least lead photo, 1200x675 once upright: each refused naming its size and the size it needs.
REFUSED_LEADS = {
    "a pixel too narrow": ((1199, 675), "^is 1199x675 once upright; a lead photo must be at least 1200 px wide$"),
    "a pixel too short": ((1200, 674), "^is 1200x674 once upright; a lead photo must be at least 675 px tall"),
    "a narrow portrait": ((1199, 1600), "^is 1199x1600 once upright; a lead photo must be at least 1200 px wide$"),
    "a narrow square": ((1199, 1199), "^is 1199x1199 once upright; a lead photo must be at least 1200 px wide$"),
    "a panorama": ((2400, 674), "^is 2400x674 once upright; a lead photo must be at least 675 px tall"),
    "a small photo": ((1000, 667), "^is 1000x667 once upright; a lead photo must be at least 1200 px wide$"),
}


@pytest.mark.parametrize("size, message", REFUSED_LEADS.values(), ids=REFUSED_LEADS.keys())
def test_lead_photo_too_small_refused(tmp_path: Path, size: tuple[int, int], message: str) -> None:
    with pytest.raises(PhotoError, match=message):
        process_photo(_jpeg(cut(LADYBIRD.name, size)), tmp_path, lead=True)


def test_lead_photo_size_counts_upright(tmp_path: Path) -> None:
    # 1300x1000 stored with Orientation=6 is 1000 px wide once turned.
    exif = Image.Exif()
    exif[0x0112] = 6
    sideways = _jpeg(Image.open(RETINA).resize((1300, 1000)), exif=exif.tobytes())
    with pytest.raises(PhotoError, match=r"is 1000x1300 once upright"):
        process_photo(sideways, tmp_path, lead=True)


def test_mpo_camera_jpeg_uses_the_primary_image(tmp_path: Path, small: None) -> None:
    """Phones write MPO (a JPEG plus preview/depth/gain-map frames): not an animation, the first frame is the photo."""
    image = Image.open(CHELSEA)
    out = io.BytesIO()
    image.save(out, "MPO", save_all=True, append_images=[image.resize((100, 66))])
    photo = process_photo(out.getvalue(), tmp_path)
    assert (photo.width, photo.height) == (451, 300)
    assert [r.width for r in photo.sources["avif"]] == [120, 200]


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares a size and carries no pixels: a bomb's header, a few dozen bytes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("size", "message"),
    [
        ((10000, 6000), r"^declares 10000x6000 pixels \(60 MP\); the limit is 50 MP$"),  # our own cap
        ((12000, 10000), r"^declares 120 MP; the limit is 50 MP \(a decompression bomb\?\)$"),  # Pillow's warning, as an error
        ((40000, 40000), r"^declares 1600 MP; the limit is 50 MP \(a decompression bomb\?\)$"),  # Pillow's error
    ],
)
def test_decompression_bomb_refused_before_decoding(tmp_path: Path, size: tuple[int, int], message: str) -> None:
    with pytest.raises(PhotoError, match=message):
        process_photo(_png_header(*size), tmp_path)


def test_real_bomb_is_refused_quickly(tmp_path: Path) -> None:
    """A compressed all-black 8000x7000 PNG (56 MP, ~170 KB) is refused from its header."""
    out = io.BytesIO()
    Image.new("1", (8000, 7000)).save(out, "PNG", optimize=True)
    assert len(out.getvalue()) < 300_000
    with pytest.raises(PhotoError, match=r"^declares 8000x7000 pixels"):
        process_photo(out.getvalue(), tmp_path)


def test_truncated_and_corrupt_refused(tmp_path: Path) -> None:
    data = CHELSEA.read_bytes()
    with pytest.raises(PhotoError, match=r"^is truncated"):
        process_photo(data[: len(data) // 2], tmp_path)
    with pytest.raises(PhotoError) as caught:
        process_photo(data[:600] + b"\x00" * 64, tmp_path)
    assert "\n" not in str(caught.value) and "Traceback" not in str(caught.value)
    with pytest.raises(PhotoError, match="photos must be JPEG, PNG, WebP or AVIF"):
        process_photo(b"this is not an image at all", tmp_path)


@pytest.mark.parametrize(("fmt", "name"), [("GIF", "GIF"), ("TIFF", "TIFF"), ("BMP", "BMP")])
def test_unsupported_formats_refused(tmp_path: Path, fmt: str, name: str) -> None:
    out = io.BytesIO()
    Image.open(CHELSEA).save(out, fmt)
    with pytest.raises(PhotoError, match=rf"^is a {name} image; photos must be JPEG, PNG, WebP or AVIF$"):
        process_photo(out.getvalue(), tmp_path)


def test_animation_refused(tmp_path: Path) -> None:
    image = Image.open(CHELSEA).convert("RGB")
    out = io.BytesIO()
    image.save(out, "WEBP", save_all=True, append_images=[image.rotate(180)], duration=100)
    with pytest.raises(PhotoError, match=r"^is animated \(2 frames\)"):
        process_photo(out.getvalue(), tmp_path)


def test_cache_skips_decoding_and_encoding(tmp_path: Path, small: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should answer a photo encoded before from the cache: no image opened or saved, the same files."""
    source = COFFEE.read_bytes()
    first = process_photo(source, tmp_path)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("decoded or encoded on a cached rebuild")

    # Pillow's own entry points: whatever the module does inside, a cached photo must reach neither.
    monkeypatch.setattr(Image, "open", refuse)
    monkeypatch.setattr(Image.Image, "save", refuse)
    second = process_photo(source, tmp_path)
    assert second == first
    assert [p.name for p in tmp_path.iterdir()] == [first.fallback.path.parent.name]  # no temp folder left behind


def test_concurrent_builds_share_the_cache(tmp_path: Path, small: None) -> None:
    """Two builds encoding the same photo at once: both get the same complete entry, no temporary folder is left."""
    from concurrent.futures import ThreadPoolExecutor

    source = CHELSEA.read_bytes()
    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(lambda _: process_photo(source, tmp_path), range(2))
    assert first == second
    assert [p.name for p in tmp_path.iterdir()] == [first.fallback.path.parent.name]
    assert all(path.is_file() for path in _all_files(first))


def test_cache_entry_follows_settings_and_lead(tmp_path: Path, small: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should keep a photo's renditions as a lead photo and as an inline one, and after an encoder setting changes,
    as entries of their own, never answering one with another."""
    source = RETINA.read_bytes()
    inline = process_photo(source, tmp_path)
    lead = process_photo(source, tmp_path, lead=True)
    assert lead.fallback.path.parent != inline.fallback.path.parent
    assert lead.crops and not inline.crops, "a lead photo is answered with the inline entry's renditions, or the reverse"
    entries = {inline.fallback.path.parent, lead.fallback.path.parent}
    for option, value in (("quality", 61), ("speed", 9), ("subsampling", "4:2:0")):  # each setting the encoder takes
        monkeypatch.setitem(photos.AVIF_OPTIONS, option, value)
        entries.add(process_photo(source, tmp_path).fallback.path.parent)
    monkeypatch.setattr(photos, "CROP_WIDTH", 1600)
    entries.add(process_photo(source, tmp_path, lead=True).fallback.path.parent)
    assert len(entries) == 6
    assert len([entry for entry in tmp_path.iterdir() if entry.is_dir()]) == 6


def test_damaged_cache_entry_is_rebuilt(tmp_path: Path, small: None) -> None:
    source = COFFEE.read_bytes()
    first = process_photo(source, tmp_path)
    first.sources["avif"][0].path.unlink()
    second = process_photo(source, tmp_path)
    assert second == first and second.sources["avif"][0].path.is_file()


# --- SVG -----------------------------------------------------------------------------------------------------------------

CLEAN_SVG = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 640 360">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#0a4"/></linearGradient>
  <style>.bar { fill: url(#g); }</style></defs>
  <rect class="bar" x="10" y="10" width="100" height="200" style="stroke: url('#g')"/>
  <use xlink:href="#g"/><a href="#note"><text id="note" x="5" y="350">Source: Reuters</text></a>
</svg>"""


def _svg(body: str, attributes: str = 'width="300" height="150"') -> bytes:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" {attributes}>{body}</svg>'.encode()
    )


def test_clean_svg_accepted_with_size() -> None:
    assert check_svg(CLEAN_SVG) == (640.0, 360.0)
    assert check_svg(_svg("<circle r='4'/>")) == (300.0, 150.0)
    assert check_svg(_svg("", 'width="200" viewBox="0 0 400 100"')) == (200.0, 50.0)
    assert check_svg(_svg("", 'width="100%" height="100%" viewBox="0,0,50,20"')) == (50.0, 20.0)


@pytest.mark.parametrize(
    ("svg", "message"),
    [
        (_svg("<script>alert(1)</script>"), "has a <script> element"),
        (_svg("<circle r='4' onload='alert(1)'/>"), "has an event attribute onload on <circle>"),
        (_svg("<foreignObject><p>x</p></foreignObject>"), "has a <foreignObject> element"),
        (_svg("<image href='https://example.org/x.png'/>"), "refers to https://example.org/x.png"),
        (_svg("<use xlink:href='other.svg#a'/>"), "refers to other.svg#a"),
        (_svg("<image xlink:href='data:image/svg+xml;base64,PHN2Zz4='/>"), "refers to data:image/svg+xml"),
        (_svg("<style>rect { fill: url(https://example.org/p.svg#x) }</style>"), "refers to https://example.org/p.svg#x"),
        (_svg("<style>@import 'https://example.org/a.css';</style>"), "has a CSS @import"),
        (_svg("<rect style='background: url(\"//evil.example/t.png\")'/>"), "refers to //evil.example/t.png"),
        (_svg("<rect filter='url(https://example.org/f.svg#f)'/>"), "refers to https://example.org/f.svg#f"),
        (
            _svg("<a href='#x'><set attributeName='href' to='javascript:alert(1)'/></a>"),
            "has a <set> element that changes a link",
        ),
        (_svg("<a><animate attributeName='xlink:href' values='https://example.org'/></a>"), "has an <animate> element"),
        (b'<!DOCTYPE svg [<!ENTITY x "boom">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>', "has a DOCTYPE"),
        (b'<?xml-stylesheet href="https://example.org/s.css"?>' + _svg(""), "xml-stylesheet"),
        (b"<html><body/></html>", "is not an SVG document"),
        (b"<svg", "is not well-formed XML"),
        (_svg(""), None),
    ],
)
def test_svg_refusals(svg: bytes, message: str | None) -> None:
    if message is None:
        assert check_svg(svg) == (300.0, 150.0)
        return
    with pytest.raises(PhotoError) as caught:
        check_svg(svg)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_svg_without_size_refused() -> None:
    with pytest.raises(PhotoError, match="size is unknown"):
        check_svg(_svg("", ""))
