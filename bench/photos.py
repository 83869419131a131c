"""Benchmark: our AVIF renditions against sharp's, photo by photo and width by width.

sharp is what Astro's <Picture> encodes with; with no quality given it uses sharp's AVIF
defaults (quality 50, effort 4, 4:4:4 chroma, Lanczos 3 resizing). For each photograph in
tests/fixtures/photos/ (LICENCES.md) and each width of our ladder a reader can get, this
encodes the photo with the build's own pipeline (newsroom.photos, into a fresh cache) and
with sharp resized to the same width, and measures both against the same reference: the
source, upright and in sRGB, scaled to that size with Pillow's Lanczos filter in one step.

- PSNR over the three sRGB channels (scikit-image's peak_signal_noise_ratio);
- SSIM with Wang et al.'s settings (11x11 Gaussian window, sigma 1.5), the mean of the
  three channels (scikit-image's structural_similarity);
- "resize" is the PSNR of sharp's own resize saved losslessly: how far apart the two
  resamplers are before any encoding (ours is the reference's own filter, so its
  encoding loss is all its PSNR measures).

sharp comes from bench/sharp/package-lock.json, installed with `npm ci` on first use
(kept out of the root package.json, which the test suite installs).

    uv run python -m bench.photos

Prints the table and, per photo, whether ours is at least sharp's PSNR and SSIM for no
more bytes at every width. Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

from harness.project import REPO_ROOT
from newsroom import photos

PHOTOS = REPO_ROOT / "tests" / "fixtures" / "photos"
SHARP = Path(__file__).resolve().parent / "sharp"

# The widths a reader gets (newsroom/photos.py's table): 412 CSS px at 1.75 dppx and a
# 1280-px desktop at 1 dppx are the README's phone and desktop.
PHONE_WIDTH, DESKTOP_WIDTH = 680, 560

# Reads a JSON list of [source, width, avif path, png path]; writes sharp's AVIF (its
# defaults, as Astro calls it) and its lossless resize for each.
SHARP_SCRIPT = """
const sharp = require('sharp');
const jobs = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
(async () => {
  for (const [source, width, avif, png] of jobs) {
    await sharp(source).rotate().resize({width}).avif().toFile(avif);
    await sharp(source).rotate().resize({width}).png().toFile(png);
  }
})().catch(error => { console.error(error); process.exit(1); });
"""


def install_sharp() -> Path:
    """bench/sharp/node_modules, from its lock (`npm ci` unless it is there already)."""
    modules = SHARP / "node_modules"
    if not (modules / "sharp" / "package.json").is_file():
        npm = shutil.which("npm")
        if npm is None:
            sys.exit("npm is needed to install sharp (Debian: apt-get install nodejs npm)")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=SHARP, check=True)
    return modules


@dataclass(frozen=True)
class Measure:
    bytes: int
    psnr: float
    ssim: float


def _pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"), dtype=np.uint8)


def measure(reference: Image.Image, encoded: Path) -> Measure:
    """Bytes, PSNR and SSIM of an encoded file against the reference scaled to its size."""
    with Image.open(encoded) as image:
        test = _pixels(image)
        size = image.size
    ref = _pixels(reference.resize(size, Image.Resampling.LANCZOS))
    return Measure(
        encoded.stat().st_size,
        float(peak_signal_noise_ratio(ref, test, data_range=255)),
        float(structural_similarity(ref, test, channel_axis=2, data_range=255, gaussian_weights=True, sigma=1.5,
                                    use_sample_covariance=False)),
    )


def reference_of(path: Path) -> Image.Image:
    """The source as the build reads it: upright, 8-bit sRGB."""
    with Image.open(path) as image:
        return photos._to_srgb(ImageOps.exif_transpose(image))


@dataclass(frozen=True)
class Row:
    photo: str
    width: int
    ours: Measure
    sharp: Measure
    resize_psnr: float

    @property
    def holds(self) -> bool:
        return self.ours.psnr >= self.sharp.psnr and self.ours.ssim >= self.sharp.ssim and self.ours.bytes <= self.sharp.bytes


def run(paths: list[Path], workdir: Path) -> list[Row]:
    modules = install_sharp()
    jobs, ours = [], {}
    for path in paths:
        photo = photos.process_photo(path.read_bytes(), workdir / "cache")
        for rendition in photo.sources["avif"]:
            out = workdir / f"{path.stem}-{rendition.width}"
            jobs.append([str(path), rendition.width, f"{out}.avif", f"{out}.png"])
            ours[(path, rendition.width)] = rendition.path
    (workdir / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
    script = workdir / "sharp.cjs"
    script.write_text(SHARP_SCRIPT, encoding="utf-8")
    subprocess.run(["node", str(script), str(workdir / "jobs.json")], check=True,
                   env={"NODE_PATH": str(modules), "PATH": str(Path(shutil.which("node") or "node").parent)})
    rows = []
    for path in paths:
        reference = reference_of(path)
        for source, width, avif, png in jobs:
            if source != str(path):
                continue
            rows.append(Row(path.name, width, measure(reference, ours[(path, width)]), measure(reference, Path(avif)),
                            measure(reference, Path(png)).psnr))
    return rows


def report(rows: list[Row]) -> str:
    lines = [
        f"AVIF: ours {photos.AVIF_OPTIONS}; sharp's defaults (quality 50, effort 4, 4:4:4)",
        "",
        "| photo | width | ours KB | ours PSNR | ours SSIM | sharp KB | sharp PSNR | sharp SSIM | "
        "sharp resize PSNR | ours ≥ sharp |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        lines.append(f"| {r.photo} | {r.width} | {r.ours.bytes / 1000:.1f} | {r.ours.psnr:.2f} | {r.ours.ssim:.4f} | "
                     f"{r.sharp.bytes / 1000:.1f} | {r.sharp.psnr:.2f} | {r.sharp.ssim:.4f} | {r.resize_psnr:.1f} | "
                     f"{'yes' if r.holds else 'NO'} |")
    held = sum(r.holds for r in rows)
    ours, sharp = sum(r.ours.bytes for r in rows), sum(r.sharp.bytes for r in rows)
    lines += [
        "",
        f"ours at least sharp's PSNR and SSIM for no more bytes: {held} of {len(rows)} renditions",
        f"ours {ours / sharp - 1:+.1%} bytes against sharp's in all; least PSNR: ours "
        f"{min(r.ours.psnr for r in rows):.2f} dB, sharp's {min(r.sharp.psnr for r in rows):.2f} dB",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("photos", nargs="*", type=Path, help="photos to measure (default: tests/fixtures/photos/*.jpg)")
    args = parser.parse_args()
    paths = args.photos or sorted(PHOTOS.glob("*.jpg"))
    with tempfile.TemporaryDirectory(prefix="photo-bench-") as workdir:
        print(report(run(paths, Path(workdir))))


if __name__ == "__main__":
    main()
