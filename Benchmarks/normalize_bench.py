#!/usr/bin/env python3
"""Image normalization benchmark: acervo normalize against vipsthumbnail and ImageMagick, one table.

Called by Benchmarks/normalize.sh; see Benchmarks/README.md. A batch of 24 MP JPEGs (baseline and
progressive, EXIF orientation 1, 6 or 8, camera EXIF with GPS kept) is made from real photos, then
reduced to 2048 px at quality 85 with metadata stripped by each tool as whole processes under
`/usr/bin/time -v`. Quality is PSNR on 8-bit RGB against references computed here in float64 from the
full-resolution decode (djpeg), after applying the EXIF orientation, at each tool's own output size.
Needs numpy, djpeg, jpegtran, exiftool, vipsthumbnail and ImageMagick 6 at /usr/bin/convert.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

import numpy as np

from measure import Sample, machine, markdown_table, timed, version_of
import targets as target_file

MIB = 1024 * 1024
# The real ImageMagick; another `convert` may come first on PATH.
CONVERT = "/usr/bin/convert"
SIZE = 2048
QUALITY = 85
SOURCE_WIDTH, SOURCE_HEIGHT = 6000, 4000

# Real photos to blow up to 24 MP: the largest camera photos of the corpus first (they carry GPS), then
# SampleDocs so the benchmark still runs without ../shared/corpus.
CORPUS_PHOTOS = ["cameras/jpg/hdr/iphone_hdr_YES.jpg", "cameras/jpg/hdr/iphone_hdr_NO.jpg",
                 "cameras/jpg/mobile/HMD_Nokia_8.3_5G.jpg", "cameras/jpg/Reconyx_HC500_Hyperfire.jpg",
                 "cameras/jpg/gps/DSCN0010.jpg", "cameras/jpg/gps/DSCN0025.jpg"]
SAMPLE_PHOTOS = ["photo/fachada-loja-gps.jpg", "photo/geladeira-amassada.jpg", "identity/rg-frente-foto.jpg",
                 "receipt/cupom-fiscal-foto.jpg", "photo/sofa-rasgado-progressivo.jpg",
                 "proof-of-address/conta-de-agua-foto.jpg"]
# Photo k of the batch is baseline when k is even, progressive when odd; orientations cycle 1, 6, 8, so
# both encodings get each orientation.
ORIENTATIONS = [1, 6, 8]


def run(command, **kwargs):
    return subprocess.run(command, check=True, **kwargs)


# MARK: inputs

def make_inputs(args, directory):
    """Makes the batch: each source photo blown up to 6000x4000 with mild noise, written baseline and
    progressive (jpegtran, lossless), each with its EXIF orientation set by exiftool."""
    os.makedirs(directory, exist_ok=True)
    corpus = [os.path.join(args.corpus, p) for p in CORPUS_PHOTOS]
    samples = [os.path.join(args.samples, p) for p in SAMPLE_PHOTOS]
    sources = [p for p in corpus + samples if os.path.isfile(p)][:args.photos]
    if not sources:
        raise SystemExit("normalize_bench: no source photos found")
    batch = []
    for index, source in enumerate(sources):
        stem = os.path.splitext(os.path.basename(source))[0]
        master = os.path.join(directory, f"master-{index}.jpg")
        # Fill 6000x4000 whatever the source's aspect; the noise puts back the fine detail an upscale
        # smooths away, so the downscalers' filters have something to alias. 4:2:0 as cameras write.
        run([CONVERT, source, "-auto-orient", "-resize", f"{SOURCE_WIDTH}x{SOURCE_HEIGHT}^", "-gravity", "center",
             "-extent", f"{SOURCE_WIDTH}x{SOURCE_HEIGHT}", "-attenuate", "0.5", "+noise", "Gaussian",
             "-sampling-factor", "2x2,1x1,1x1", "-quality", "92", master])
        for variant in ("baseline", "progressive"):
            k = len(batch)
            orientation = ORIENTATIONS[k % len(ORIENTATIONS)]
            path = os.path.join(directory, f"{k:02d}-{stem}-{variant}-o{orientation}.jpg")
            if variant == "baseline":
                shutil.copyfile(master, path)
            else:
                with open(path, "wb") as out:
                    run(["jpegtran", "-copy", "all", "-progressive", master], stdout=out)
            run(["exiftool", "-q", f"-Orientation#={orientation}", "-overwrite_original", path])
            batch.append({"path": path, "stem": os.path.splitext(os.path.basename(path))[0],
                          "variant": variant, "orientation": orientation, "source": source})
        os.remove(master)
    return batch


def describe_inputs(batch):
    """Checks the inputs are what the benchmark claims (size, encoding, orientation) and counts GPS."""
    tags = json.loads(run(["exiftool", "-j", "-n", "-ImageWidth", "-ImageHeight", "-Orientation", "-GPSLatitude",
                           "-EncodingProcess"] + [b["path"] for b in batch], capture_output=True).stdout)
    by_path = {t["SourceFile"]: t for t in tags}
    gps = 0
    for item in batch:
        t = by_path[item["path"]]
        expected_process = 0 if item["variant"] == "baseline" else 2
        if (t.get("ImageWidth"), t.get("ImageHeight"), t.get("Orientation"), t.get("EncodingProcess")) != \
                (SOURCE_WIDTH, SOURCE_HEIGHT, item["orientation"], expected_process):
            raise SystemExit(f"normalize_bench: input {item['path']} is not as made: {t}")
        gps += "GPSLatitude" in t
    sizes = [os.path.getsize(b["path"]) for b in batch]
    return gps, sum(sizes)


# MARK: the three tools

def clean(directory):
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)


def run_acervo(args, batch, out):
    clean(out)
    sample = timed([args.acervo, "normalize", "--output", out, "--max-dimension", str(SIZE),
                    "--quality", str(QUALITY), "--json"] + [b["path"] for b in batch], args.work, capture=True)
    lines = [json.loads(line) for line in sample.output.splitlines() if line.strip()]
    failed = [line for line in lines if "error" in line]
    if len(lines) != len(batch) or failed:
        raise SystemExit(f"normalize_bench: acervo normalize did not normalize every photo: {failed or lines}")
    return sample


def run_acervo_libjpeg_refine(args, batch, out):
    """acervo with libjpeg-turbo's own routine for progressive refinement scans instead of Acervo's."""
    os.environ["ACERVO_JPEG_REFINE"] = "libjpeg"
    try:
        return run_acervo(args, batch, out)
    finally:
        del os.environ["ACERVO_JPEG_REFINE"]


def run_vips(args, batch, out):
    clean(out)
    return timed(["vipsthumbnail", "-s", str(SIZE), "-o", f"{out}/%s.jpg[Q={QUALITY},strip]"]
                 + [b["path"] for b in batch], args.work)


def run_convert(args, batch, out):
    """ImageMagick takes one file per process here: CPU and wall are summed, peak RSS is the largest."""
    clean(out)
    samples = [timed([CONVERT, b["path"], "-auto-orient", "-strip", "-resize", f"{SIZE}x{SIZE}",
                      "-quality", str(QUALITY), os.path.join(out, b["stem"] + ".jpg")], args.work)
               for b in batch]
    return Sample(sum(s.wall for s in samples), sum(s.user for s in samples), sum(s.system for s in samples),
                  max(s.rss_kib for s in samples))


TOOLS = [("acervo", run_acervo), ("vipsthumbnail", run_vips), ("convert", run_convert)]


def dct_scale():
    """The DCT shrink both acervo and vipsthumbnail pick here: the coarsest 1/d that keeps SIZE px."""
    side = max(SOURCE_WIDTH, SOURCE_HEIGHT)
    return next(d for d in (8, 4, 2, 1) if -(-side // d) >= SIZE)


def run_decode_floor(args, batch):
    """libjpeg-turbo's decode alone, at the same DCT shrink, one djpeg per photo, output discarded: what
    any tool built on libjpeg-turbo pays before it filters or encodes a pixel."""
    samples = [timed(["djpeg", "-scale", f"1/{dct_scale()}", "-rgb", "-outfile", os.devnull, b["path"]], args.work)
               for b in batch]
    return Sample(sum(x.wall for x in samples), sum(x.user for x in samples), sum(x.system for x in samples),
                  max(x.rss_kib for x in samples))


# MARK: quality

def decode(path):
    """Decodes a JPEG to an (h, w, 3) uint8 array with djpeg (libjpeg-turbo, accurate integer IDCT)."""
    data = run(["djpeg", "-dct", "int", "-pnm", path], capture_output=True).stdout
    fields, position = [], 0
    while len(fields) < 4:
        while data[position:position + 1].isspace():
            position += 1
        if data[position:position + 1] == b"#":
            position = data.index(b"\n", position)
            continue
        end = position
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    magic, width, height = fields[0], int(fields[1]), int(fields[2])
    pixels = np.frombuffer(data, dtype=np.uint8, offset=position + 1)
    if magic == b"P5":
        return np.repeat(pixels[:width * height].reshape(height, width, 1), 3, axis=2)
    return pixels[:width * height * 3].reshape(height, width, 3)


def upright(pixels, orientation):
    """Applies an EXIF orientation (1-8) so the array reads as the photo should be shown."""
    return {1: lambda a: a, 2: lambda a: a[:, ::-1], 3: lambda a: a[::-1, ::-1], 4: lambda a: a[::-1],
            5: lambda a: a.transpose(1, 0, 2), 6: lambda a: np.rot90(a, -1), 7: lambda a: np.rot90(a, 2).transpose(1, 0, 2),
            8: lambda a: np.rot90(a, 1)}[orientation](pixels)


def area_weights(n_in, n_out):
    """Box (area-averaging) reduction along one axis as a function of a float64 array: each output pixel
    is the exact mean of the input it covers, fractional pixels included (integral of a step function)."""
    scale = n_in / n_out
    edges = np.arange(n_out + 1) * scale
    whole = np.minimum(np.floor(edges).astype(np.int64), n_in - 1)
    fraction = edges - whole

    def apply(a, axis):
        a = np.moveaxis(a, axis, 0)
        integral = np.concatenate([np.zeros((1,) + a.shape[1:]), np.cumsum(a, axis=0)])
        shape = (-1,) + (1,) * (a.ndim - 1)
        at = integral[whole] + fraction.reshape(shape) * (integral[whole + 1] - integral[whole])
        return np.moveaxis((at[1:] - at[:-1]) / scale, 0, axis)
    return apply


def lanczos_weights(n_in, n_out, lobes=3):
    """Lanczos-3 reduction along one axis, stretched by the scale factor (a proper anti-aliasing filter),
    taps clamped at the edges and normalised to sum 1."""
    scale = max(n_in / n_out, 1.0)
    support = lobes * scale
    centres = (np.arange(n_out) + 0.5) * (n_in / n_out) - 0.5
    taps = int(np.ceil(support)) * 2 + 1
    first = np.floor(centres - support).astype(np.int64) + 1
    index = first[:, None] + np.arange(taps)[None, :]
    x = (index - centres[:, None]) / scale
    weight = np.where(np.abs(x) < lobes, np.sinc(x) * np.sinc(x / lobes), 0.0)
    weight /= weight.sum(axis=1, keepdims=True)
    index = np.clip(index, 0, n_in - 1)

    def apply(a, axis):
        a = np.moveaxis(a, axis, 0)
        shape = (-1,) + (1,) * (a.ndim - 1)
        result = np.zeros((n_out,) + a.shape[1:])
        for k in range(taps):
            result += a[index[:, k]] * weight[:, k].reshape(shape)
        return np.moveaxis(result, 0, axis)
    return apply


def reference(pixels, height, width, weights):
    """The photo reduced to height x width in float64, one channel at a time, rounded to 8 bits."""
    h, w = pixels.shape[:2]
    rows, columns = weights(h, height), weights(w, width)
    out = np.empty((height, width, 3), dtype=np.uint8)
    for channel in range(3):
        plane = pixels[:, :, channel].astype(np.float64)
        reduced = rows(columns(plane, 1), 0)
        out[:, :, channel] = np.clip(np.rint(reduced), 0, 255)
    return out


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float("inf") if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)


def measure_quality(batch, outputs):
    """PSNR of every tool's output against the area and Lanczos-3 references of its own size. An output
    whose aspect does not match the upright photo (a missed rotation) is reported, not scored."""
    scores = {tool: {"area": [], "lanczos": [], "misoriented": 0, "sizes": set()} for tool in outputs}
    for item in batch:
        source = upright(decode(item["path"]), item["orientation"])
        h, w = source.shape[:2]
        cache = {}
        for tool, directory in outputs.items():
            out = decode(os.path.join(directory, item["stem"] + ".jpg"))
            oh, ow = out.shape[:2]
            scores[tool]["sizes"].add((ow, oh))
            if max(ow, oh) != SIZE or abs(ow / oh - w / h) > 0.01:
                scores[tool]["misoriented"] += 1
                continue
            if (oh, ow) not in cache:
                cache[(oh, ow)] = (reference(source, oh, ow, area_weights),
                                   reference(source, oh, ow, lanczos_weights))
            area, lanczos = cache[(oh, ow)]
            scores[tool]["area"].append(psnr(out, area))
            scores[tool]["lanczos"].append(psnr(out, lanczos))
        print(f"normalize_bench: scored {item['stem']}", file=sys.stderr, flush=True)
    return scores


def metadata_left(directory, batch):
    """Files in which exiftool still finds EXIF, GPS, XMP, IPTC, maker notes or a comment."""
    paths = [os.path.join(directory, b["stem"] + ".jpg") for b in batch]
    tags = json.loads(run(["exiftool", "-j", "-G0", "-a"] + paths, capture_output=True).stdout)
    groups = ("EXIF:", "XMP:", "IPTC:", "MakerNotes:", "Photoshop:")
    return sum(1 for t in tags if any(k.startswith(groups) or k == "File:Comment" for k in t))


# MARK: report

def machine_line():
    info = machine()
    return f"nproc {info['nproc']}, {info['cpu']}, Linux {info['kernel']}"


def fmt_mib(kib):
    return f"{kib / 1024:.1f} MiB"


def print_table(rows):
    print(markdown_table(["tool", "CPU user+sys", "wall", "peak RSS", "PSNR area ref", "PSNR Lanczos-3 ref",
                          "CPU vs vips", "RSS vs vips", "output"], rows))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acervo", required=True, help="the release acervo binary")
    parser.add_argument("--samples", required=True, help="SampleDocs/")
    parser.add_argument("--corpus", default="", help="../shared/corpus (its camera photos are preferred)")
    parser.add_argument("--work", required=True, help="an empty scratch directory")
    parser.add_argument("--photos", type=int, default=6, help="source photos; each gives two inputs (default 6)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each tool (default 3)")
    parser.add_argument("--json", help="also write every sample to this file")
    args = parser.parse_args()
    started = time.perf_counter()

    print("normalize_bench: making the 24 MP inputs...", file=sys.stderr, flush=True)
    batch = make_inputs(args, os.path.join(args.work, "inputs"))
    with_gps, input_bytes = describe_inputs(batch)
    outputs = {tool: os.path.join(args.work, "out-" + tool) for tool, _ in TOOLS}
    for item in batch:  # all inputs in the page cache for every tool
        with open(item["path"], "rb") as f:
            f.read()

    load_before = os.getloadavg()[0]
    # One untimed run of each, then runs alternating which tool goes first.
    for tool, bench in TOOLS:
        bench(args, batch, outputs[tool])
    samples = {tool: [] for tool, _ in TOOLS}
    for r in range(args.runs):
        order = TOOLS[r % len(TOOLS):] + TOOLS[:r % len(TOOLS)]
        for tool, bench in order:
            print(f"normalize_bench: run {r + 1}/{args.runs}: {tool}", file=sys.stderr, flush=True)
            samples[tool].append(bench(args, batch, outputs[tool]))
    # The same two one-process tools on each encoding alone, for information: a progressive JPEG must be
    # decoded whole into coefficients before any row comes out, a baseline one can stream.
    split = {}
    for variant in ("baseline", "progressive"):
        part = [b for b in batch if b["variant"] == variant]
        for tool, bench in TOOLS[:2]:
            split[(tool, variant)] = []
        for r in range(args.runs):
            for tool, bench in (TOOLS[:2] if r % 2 == 0 else TOOLS[1::-1]):
                print(f"normalize_bench: {variant} only, run {r + 1}/{args.runs}: {tool}", file=sys.stderr, flush=True)
                split[(tool, variant)].append(bench(args, part, outputs[tool] + "-" + variant))
    # What Acervo's decoder of refinement scans saves: the progressive half again with libjpeg's routine.
    progressive = [b for b in batch if b["variant"] == "progressive"]
    stock = []
    for r in range(args.runs):
        print(f"normalize_bench: progressive only, run {r + 1}/{args.runs}: acervo with libjpeg's refinement",
              file=sys.stderr, flush=True)
        stock.append(run_acervo_libjpeg_refine(args, progressive, outputs["acervo"] + "-stock"))
    # The floor under every libjpeg-turbo tool: decoding alone, whole batch and per encoding.
    floor = {"all": [], "baseline": [], "progressive": []}
    for r in range(args.runs):
        print(f"normalize_bench: decode floor, run {r + 1}/{args.runs}", file=sys.stderr, flush=True)
        for variant in floor:
            part = [b for b in batch if variant == "all" or b["variant"] == variant]
            floor[variant].append(run_decode_floor(args, part))
    load_after = os.getloadavg()[0]

    print("normalize_bench: scoring quality against float64 references...", file=sys.stderr, flush=True)
    scores = measure_quality(batch, outputs)
    leftovers = {tool: metadata_left(outputs[tool], batch) for tool in outputs}

    med = {tool: {"cpu": statistics.median(s.cpu for s in samples[tool]),
                  "wall": statistics.median(s.wall for s in samples[tool]),
                  "rss": statistics.median(s.rss_kib for s in samples[tool])} for tool in samples}
    vips = med["vipsthumbnail"]
    mean = {tool: {kind: statistics.fmean(scores[tool][kind]) if scores[tool][kind] else float("nan")
                   for kind in ("area", "lanczos")} for tool in scores}

    rows = []
    for tool, _ in TOOLS:
        m, sc = med[tool], scores[tool]
        sizes = sorted(sc["sizes"])
        size_text = ", ".join(f"{w}x{h}" for w, h in sizes[:3]) + (" ..." if len(sizes) > 3 else "")
        note = f"{size_text}; metadata left in {leftovers[tool]}/{len(batch)}"
        if sc["misoriented"]:
            note += f"; WRONG SIZE/ORIENTATION {sc['misoriented']}"
        rows.append([tool, f"{m['cpu']:.3f} s", f"{m['wall']:.3f} s", fmt_mib(m["rss"]),
                     f"{mean[tool]['area']:.2f} dB (min {min(sc['area'], default=float('nan')):.2f})",
                     f"{mean[tool]['lanczos']:.2f} dB (min {min(sc['lanczos'], default=float('nan')):.2f})",
                     f"{m['cpu'] / vips['cpu']:.2f}x", f"{m['rss'] / vips['rss']:.2f}x", note])

    for variant in ("baseline", "progressive"):
        v = {t: {"cpu": statistics.median(x.cpu for x in split[(t, variant)]),
                 "wall": statistics.median(x.wall for x in split[(t, variant)]),
                 "rss": statistics.median(x.rss_kib for x in split[(t, variant)])} for t, _ in TOOLS[:2]}
        count = sum(b["variant"] == variant for b in batch)
        for tool, _ in TOOLS[:2]:
            m = v[tool]
            rows.append([f"  {tool}, {count} {variant} only", f"{m['cpu']:.3f} s", f"{m['wall']:.3f} s",
                         fmt_mib(m["rss"]), "", "", f"{m['cpu'] / v['vipsthumbnail']['cpu']:.2f}x",
                         f"{m['rss'] / v['vipsthumbnail']['rss']:.2f}x", "information"])

    if progressive:
        vips_progressive = statistics.median(x.cpu for x in split[("vipsthumbnail", "progressive")])
        cpu = statistics.median(x.cpu for x in stock)
        rows.append([f"  acervo, {len(progressive)} progressive only, libjpeg's refinement routine", f"{cpu:.3f} s",
                     f"{statistics.median(x.wall for x in stock):.3f} s",
                     fmt_mib(statistics.median(x.rss_kib for x in stock)), "", "", f"{cpu / vips_progressive:.2f}x", "",
                     "information: ACERVO_JPEG_REFINE=libjpeg"])

    for variant, label in (("all", f"{len(batch)} photos"), ("baseline", "baseline only"),
                           ("progressive", "progressive only")):
        cpu = statistics.median(x.cpu for x in floor[variant])
        vips_cpu = vips["cpu"] if variant == "all" else statistics.median(
            x.cpu for x in split[("vipsthumbnail", variant)])
        rows.append([f"  decode alone (djpeg -scale 1/{dct_scale()}), {label}", f"{cpu:.3f} s", "", "", "", "",
                     f"{cpu / vips_cpu:.2f}x", "", "floor: libjpeg-turbo's decode, no filter, no encode"])

    acervo, a_scores = med["acervo"], scores["acervo"]
    cpu_ratio, rss_ratio = acervo["cpu"] / vips["cpu"], acervo["rss"] / vips["rss"]
    psnr_gain = mean["acervo"]["area"] - mean["vipsthumbnail"]["area"]
    targets = [
        (f"acervo CPU {target_file.text('normalize_cpu_vs_vipsthumbnail')} vipsthumbnail's", f"{cpu_ratio:.2f}x",
         target_file.met("normalize_cpu_vs_vipsthumbnail", cpu_ratio)),
        (f"acervo peak RSS {target_file.text('normalize_rss_vs_vipsthumbnail')} vipsthumbnail's", f"{rss_ratio:.2f}x",
         target_file.met("normalize_rss_vs_vipsthumbnail", rss_ratio)),
        (f"acervo PSNR (area ref) - vipsthumbnail's {target_file.text('normalize_psnr_db_vs_vipsthumbnail')}",
         f"{psnr_gain:+.2f} dB",
         target_file.met("normalize_psnr_db_vs_vipsthumbnail", psnr_gain) and not a_scores["misoriented"]
         and leftovers["acervo"] == 0),
    ]

    print(f"Machine: {machine_line()}; load average {load_before:.2f} before, {load_after:.2f} after the timed runs")
    print(f"Tools: acervo {version_of([args.acervo, '--version'])}; "
          f"{version_of(['vipsthumbnail', '--vips-version'])}; {version_of([CONVERT, '-version']).removeprefix('Version: ')}; "
          f"djpeg {version_of(['djpeg', '-version'], 'stderr')}")
    variants = {v: sum(b["variant"] == v for b in batch) for v in ("baseline", "progressive")}
    orients = {o: sum(b["orientation"] == o for b in batch) for o in ORIENTATIONS}
    print(f"Batch: {len(batch)} JPEGs of {SOURCE_WIDTH}x{SOURCE_HEIGHT} ({input_bytes / MIB:.1f} MiB) from "
          f"{len(batch) // 2} photos: {variants['baseline']} baseline, {variants['progressive']} progressive; "
          f"orientation 1/6/8: {orients[1]}/{orients[6]}/{orients[8]}; {with_gps} with GPS")
    print(f"Job: longest side {SIZE} px, quality {QUALITY}, metadata stripped; median of {args.runs} runs "
          "alternating (after one untimed run each); acervo and vipsthumbnail one process for the batch, "
          "convert one process per photo (CPU and wall summed, peak RSS the largest)")
    print("PSNR: mean (and min) over the photos, 8-bit RGB, against the full-resolution djpeg decode, "
          "made upright, reduced in float64 to each output's size by area averaging / by Lanczos-3")
    print()
    print_table(rows)
    print()
    for name, value, ok in targets:
        print(f"- target: {name}: {value} {'PASS' if ok else 'MISS'}")
    print(f"\n(benchmark took {time.perf_counter() - started:.0f} s)")

    if args.json:
        with open(args.json, "w") as f:
            json.dump({"samples": {t: [vars(s) | {"output": ""} for s in samples[t]] for t in samples},
                       "split": {f"{t} {v}": [vars(s) | {"output": ""} for s in split[(t, v)]] for t, v in split},
                       "psnr": {t: {k: scores[t][k] for k in ("area", "lanczos")} for t in scores},
                       "inputs": [{k: b[k] for k in ("stem", "variant", "orientation", "source")} for b in batch]},
                      f, indent=1)
    if not all(ok for _, _, ok in targets):
        sys.exit(3)


if __name__ == "__main__":
    main()
