#!/usr/bin/env python3
"""Dossier benchmark: acervo dossier build and verify against their peers on the same payload, one table.

Called by Benchmarks/dossier.sh; see Benchmarks/README.md. A case of about 1 GB of photos is taken in by
`acervo intake` (so it holds originals, display images, thumbnails and metadata, as a real case does).
Its dossier is built once and extracted: the extracted `data/` tree is the exact payload every tool then
handles, so all of them read and write the same bytes (the store keeps identical derivatives once, a
dossier lists each one where the case has it).

Timed, as whole processes, in the same run, alternating who goes first:
  build   acervo dossier build (tar, sha256)
          openssl dgst -sha256 over the payload files, then bsdtar -cf of them
          bagit.py --sha256 on a hard-linked copy of the payload, then tar -cf of the bag
  verify  acervo dossier verify on the archive
          bagit.py --validate --processes 2 on the extracted bag
"""

import argparse
import glob
import json
import os
import shutil
import statistics
import struct
import subprocess
import sys

from measure import machine, markdown_table, timed, version_of
import targets as target_file

MIB = 1024 * 1024
CASE = "2026.11.000777-1"


def make_photos(corpus, samples, directory, megabytes):
    """Distinct photos (real camera JPEGs, each with its own comment segment) until `megabytes` are made."""
    sources = sorted(f for f in glob.glob(os.path.join(corpus, "cameras/jpg/**/*.jpg"), recursive=True)
                     if os.path.getsize(f) > 500_000)
    if not sources:
        sources = sorted(glob.glob(os.path.join(samples, "*/*.jpg")))
    os.makedirs(directory, exist_ok=True)
    total, index = 0, 0
    while total < megabytes * MIB:
        with open(sources[index % len(sources)], "rb") as f:
            data = f.read()
        comment = b"Acervo dossier benchmark, photo %06d" % index
        segment = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
        with open(os.path.join(directory, f"foto-{index:04d}.jpg"), "wb") as f:
            f.write(data[:2] + segment + data[2:])
        total += len(data) + len(segment)
        index += 1
    return sorted(glob.glob(os.path.join(directory, "*.jpg")))


def read_all(paths):
    for path in paths:
        with open(path, "rb") as f:
            while f.read(8 * MIB):
                pass


def payload_files(root):
    return sorted(os.path.join(d, name) for d, _, names in os.walk(root) for name in names)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--acervo", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--samples", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--megabytes", type=int, default=1024, help="size of the case's photos (MiB)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", help="also write every sample to this file")
    args = parser.parse_args()
    work, acervo = args.work, args.acervo

    print(f"dossier bench: making {args.megabytes} MiB of photos and taking them in...", file=sys.stderr)
    photos = make_photos(args.corpus, args.samples, os.path.join(work, "photos"), args.megabytes)
    store = os.path.join(work, "store")
    for start in range(0, len(photos), 200):
        subprocess.run([acervo, "intake", "--store", store, "--case", CASE, "--kind", "photo", "--json"]
                       + photos[start:start + 200], check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(os.path.join(work, "photos"))

    archive = os.path.join(work, "acervo.tar")
    subprocess.run([acervo, "dossier", "build", "--store", store, "--case", CASE, "--no-custody",
                    "--output", archive], check=True, stdout=subprocess.DEVNULL)
    extracted = os.path.join(work, "extracted")
    subprocess.run([acervo, "dossier", "extract", archive, "--to", extracted], check=True, stdout=subprocess.DEVNULL)
    bag = glob.glob(os.path.join(extracted, "*"))[0]
    data = os.path.join(bag, "data")
    files = payload_files(data)
    payload_bytes = sum(os.path.getsize(f) for f in files)
    listing = os.path.join(work, "payload.txt")
    with open(listing, "w") as f:
        f.write("".join(os.path.relpath(p, data) + "\n" for p in files))
    store_files = payload_files(os.path.join(store, "objects"))
    print(f"dossier bench: {len(files)} payload files, {payload_bytes / MIB:.0f} MiB", file=sys.stderr)

    peer_tar = os.path.join(work, "peer.tar")
    bagit_tar = os.path.join(work, "bagit.tar")
    bagit_dir = os.path.join(work, "bagit")
    openssl_bsdtar = ["sh", "-c", 'cd "$1" && xargs -d "\\n" openssl dgst -sha256 < "$2" > /dev/null && '
                      'bsdtar -cf "$3" -T "$2"', "peer", data, listing, peer_tar]
    bagit_then_tar = ["sh", "-c", 'bagit.py --quiet --sha256 "$1" && tar -cf "$2" -C "$(dirname "$1")" '
                      '"$(basename "$1")"', "bagit", bagit_dir, bagit_tar]

    outputs = {"acervo build": archive, "openssl+bsdtar": peer_tar, "bagit.py+tar": bagit_tar}
    inputs = {"acervo build": store_files, "openssl+bsdtar": files, "bagit.py+tar": files,
              "acervo verify": [archive], "bagit.py validate": payload_files(bag)}

    def before(name):
        """Each command starts from its inputs in the page cache and nothing of its output on disk."""
        if name in outputs and os.path.exists(outputs[name]):
            os.remove(outputs[name])
        if name == "bagit.py+tar":
            shutil.rmtree(bagit_dir, ignore_errors=True)
            subprocess.run(["cp", "-al", data, bagit_dir], check=True)
        subprocess.run(["sync"], check=True)
        read_all(inputs[name])

    commands = {
        "acervo build": [acervo, "dossier", "build", "--store", store, "--case", CASE, "--no-custody",
                         "--output", archive],
        "openssl+bsdtar": openssl_bsdtar,
        "bagit.py+tar": bagit_then_tar,
        "acervo verify": [acervo, "dossier", "verify", archive],
        "bagit.py validate": ["bagit.py", "--quiet", "--validate", "--processes", "2", bag],
    }
    samples = {name: [] for name in commands}
    builds = ["acervo build", "openssl+bsdtar", "bagit.py+tar"]
    verifies = ["acervo verify", "bagit.py validate"]
    for run in range(args.runs):
        for group in (builds, verifies):
            order = group if run % 2 == 0 else list(reversed(group))
            for name in order:
                before(name)
                samples[name].append(timed(commands[name], work, name=name))
        print(f"dossier bench: run {run + 1} of {args.runs} done", file=sys.stderr)

    def median(name, field):
        return statistics.median(getattr(s, field) for s in samples[name])

    def ratio(a, b):
        return median(a, "wall") / median(b, "wall")

    rows = []
    for name in commands:
        rows.append([name, f"{median(name, 'wall'):.2f} s", f"{median(name, 'cpu'):.2f} s",
                     f"{payload_bytes / MIB / median(name, 'wall'):,.0f} MiB/s",
                     f"{max(s.rss_kib for s in samples[name]) / 1024:.1f} MiB"])
    targets = [
        ("build: acervo / (openssl + bsdtar)", ratio("acervo build", "openssl+bsdtar"), "dossier_build_vs_openssl_bsdtar"),
        ("build: bagit.py+tar / acervo (times faster)", 1 / ratio("acervo build", "bagit.py+tar"),
         "dossier_build_speedup_vs_bagitpy"),
        ("verify: acervo / bagit.py --validate --processes 2", ratio("acervo verify", "bagit.py validate"),
         "dossier_verify_vs_bagitpy"),
    ]
    targets = [(what, value, target_file.text(name), lambda r, name=name: target_file.met(name, r))
               for what, value, name in targets]
    m = machine()
    load = os.getloadavg()
    print(f"Machine: nproc {m['nproc']}, {m['cpu']}, Linux {m['kernel']}; load average {load[0]:.2f} at the end")
    print(f"Tools: {version_of([acervo, 'versions'])}; {version_of(['bsdtar', '--version'])}; "
          f"{version_of(['openssl', 'version'])}; bagit.py {version_of(['bagit.py', '--version'], 'stderr')}; "
          f"{version_of(['tar', '--version'])}")
    print(f"Payload: {len(files)} files, {payload_bytes / MIB:.0f} MiB (case {CASE}); median of {args.runs} runs\n")
    print(markdown_table(["command", "wall", "user+sys CPU", "payload/wall", "peak RSS"], rows))
    print()
    print(markdown_table(["comparison", "ratio", "target", "result"],
                         [[what, f"{value:.2f}x", target, "PASS" if ok(value) else "MISS"]
                          for what, value, target, ok in targets]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({name: [vars(s) | {"output": ""} for s in values] for name, values in samples.items()}, f, indent=1)
    sys.exit(0 if all(ok(value) for _, value, _, ok in targets) else 3)


if __name__ == "__main__":
    main()
