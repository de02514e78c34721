#!/usr/bin/env python3
"""Acervo's command-line benchmarks, each run side by side with its peer, printed as one table.

Called by Benchmarks/run.sh after it has built acervo in release mode; see Benchmarks/README.md.
Every command runs under `/usr/bin/time -v` (peak RSS, "Maximum resident set size"); wall time is
taken around it with a monotonic clock, user and system CPU from wait4() on it, so they cover the
command and every process it starts.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

from measure import machine, markdown_table, timed, version_of
import targets

MIB = 1024 * 1024


def median(values):
    return statistics.median(values)


def warm(paths):
    """Reads every file once so both tools find them in the page cache."""
    for path in set(paths):
        with open(path, "rb") as f:
            while f.read(1 << 20):
                pass


# MARK: 1. sniff against file(1)

def bench_sniff(args, rows):
    corpus = args.corpus
    if not corpus or not os.path.isdir(corpus):
        rows.append(["1 sniff vs file(1)", f"skipped: no corpus at {corpus}", "", "", targets.text("sniff_wall_vs_file"),
                     "SKIP"])
        return
    files = sorted(os.path.join(d, n) for d, _, names in os.walk(corpus) for n in names
                   if os.path.isfile(os.path.join(d, n)) and not os.path.islink(os.path.join(d, n)))
    listing = os.path.join(args.work, "corpus.list")
    entries = files * args.repeat
    with open(listing, "w") as f:
        f.write("".join(p + "\n" for p in entries))
    warm(files)
    acervo = [args.acervo, "sniff", "--files-from", listing]
    peer = ["file", "--mime-type", "-b", "-f", listing]

    # Warm-up, discarded; it also proves both tools answered for every entry.
    first = timed(acervo, args.work, capture=True)
    answered = len(first.output.splitlines())
    if answered != len(entries):
        raise SystemExit(f"bench: acervo sniff printed {answered} lines for {len(entries)} files")
    if len(timed(peer, args.work, capture=True).output.splitlines()) != len(entries):
        raise SystemExit("bench: file(1) did not answer for every entry")

    mine, theirs = [], []
    for run in range(args.runs):
        # Alternate who goes first, so neither always follows the other's cache effects.
        if run % 2 == 0:
            mine.append(timed(acervo, args.work))
            theirs.append(timed(peer, args.work))
        else:
            theirs.append(timed(peer, args.work))
            mine.append(timed(acervo, args.work))

    def summary(samples):
        return (median([s.wall for s in samples]), median([s.cpu for s in samples]),
                median([s.cpu / s.wall for s in samples]), max(s.rss_kib for s in samples))

    mw, mc, mu, mr = summary(mine)
    tw, tc, tu, tr = summary(theirs)
    ratio = mw / tw
    label = f"1 sniff, {len(entries)} files ({len(files)} x{args.repeat}), median of {args.runs}"
    rows.append([label, f"wall {mw:.3f} s", f"wall {tw:.3f} s", f"{ratio:.2f}x", targets.text("sniff_wall_vs_file"),
                 "PASS" if targets.met("sniff_wall_vs_file", ratio) else "MISS"])
    rows.append(["  user+sys CPU", f"{mc:.3f} s", f"{tc:.3f} s", f"{mc / tc:.2f}x", "", ""])
    rows.append(["  CPU/wall (cores used)", f"{mu:.2f}", f"{tu:.2f}", "", "", ""])
    rows.append(["  files/s", f"{len(entries) / mw:,.0f}", f"{len(entries) / tw:,.0f}", "", "", ""])
    rows.append(["  peak RSS", f"{mr / 1024:.1f} MiB", f"{tr / 1024:.1f} MiB", "", "", ""])
    args.details["sniff"] = {"acervo": [vars_of(s) for s in mine], "file": [vars_of(s) for s in theirs]}


# MARK: 2. intake throughput over SampleDocs

def intake_plan(samples, total):
    """The first `total` entries of SampleDocs repeated round after round: (round, file, kind)."""
    with open(os.path.join(samples, "expected.json")) as f:
        expected = json.load(f)
    plan = []
    round_number = 0
    while len(plan) < total:
        for entry in expected:
            if len(plan) == total:
                break
            plan.append((round_number, os.path.join(samples, entry["file"]), entry["kind"]))
        round_number += 1
    return plan


def intake_commands(args, plan, store, spread):
    """One `acervo intake` per (case, kind): `--kind` applies to every file of a command.

    Spread: round r goes to case BENCH-r, so every copy is new to its case and really stored.
    Same case: every round goes to BENCH-0, so from the second round on the copies are duplicates.
    """
    groups = {}
    for round_number, path, kind in plan:
        case = f"BENCH-{round_number if spread else 0:04d}"
        groups.setdefault((case, kind), []).append(path)
    return [[args.acervo, "intake", "--store", store, "--case", case, "--kind", kind, "--json", "--operator", "bench"]
            + paths for (case, kind), paths in groups.items()]


def run_intake(args, plan, spread, store):
    commands = intake_commands(args, plan, store, spread)
    shutil.rmtree(store, ignore_errors=True)
    subprocess.run(["sync"])
    start = time.perf_counter()
    samples = [timed(c, args.work, capture=True) for c in commands]
    wall = time.perf_counter() - start
    items = [json.loads(line) for s in samples for line in s.output.splitlines() if line.strip()]
    if len(items) != len(plan):
        raise SystemExit(f"bench: intake reported {len(items)} items for {len(plan)} files")
    stored = sum(1 for i in items if i["verdict"] == "accepted" and "duplicate_of" not in i)
    duplicates = sum(1 for i in items if "duplicate_of" in i)
    quarantined = sum(1 for i in items if i["verdict"] != "accepted")
    return {"wall": wall, "cpu": sum(s.cpu for s in samples), "rss_kib": max(s.rss_kib for s in samples),
            "processes": len(commands), "stored": stored, "duplicates": duplicates, "quarantined": quarantined}


def bench_intake(args, rows):
    plan = intake_plan(args.samples, args.intake_files)
    total_bytes = sum(os.path.getsize(p) for _, p, _ in plan)
    warm([p for _, p, _ in plan])
    store = os.path.join(args.work, "intake-store")
    # Warm-up: the binary, libmagic's database and the policy into the page cache.
    run_intake(args, plan[:60], True, store)
    results = {"spread": [], "same": []}
    for run in range(args.intake_runs):
        for variant in (("spread", "same") if run % 2 == 0 else ("same", "spread")):
            results[variant].append(run_intake(args, plan, variant == "spread", store))
    shutil.rmtree(store, ignore_errors=True)
    for variant, title in (("spread", "one case per round: every copy stored"),
                           ("same", "one case: later copies deduplicated")):
        runs = results[variant]
        wall = median([r["wall"] for r in runs])
        cpu = median([r["cpu"] for r in runs])
        rss = max(r["rss_kib"] for r in runs)
        last = runs[-1]
        rows.append([f"2 intake {len(plan)} files, {title}, median of {len(runs)}",
                     f"{len(plan) / wall:,.0f} files/s", "", "", "", "info"])
        rows.append(["  wall, user+sys CPU", f"{wall:.2f} s, {cpu:.2f} s", "", "", "", ""])
        rows.append(["  MiB/s (input bytes / wall)", f"{total_bytes / MIB / wall:.1f}", "", "", "", ""])
        rows.append(["  peak RSS (largest process)", f"{rss / 1024:.1f} MiB", "", "", "", ""])
        rows.append(["  processes; stored/dup/quarantined",
                     f"{last['processes']}; {last['stored']}/{last['duplicates']}/{last['quarantined']}", "", "", "", ""])
    args.details["intake"] = results


# MARK: 3. one 1 GiB video

def make_video(samples, path, payload):
    """A valid MP4: the sample's ftyp and moov, then an mdat whose payload is the sample's media data
    padded with zeros to `payload` bytes. moov comes first, so its chunk offsets stay right."""
    with open(os.path.join(samples, "video", "porta-amassada.mp4"), "rb") as f:
        source = f.read()
    boxes, position = [], 0
    while position + 8 <= len(source):
        length = int.from_bytes(source[position:position + 4], "big")
        boxes.append((source[position + 4:position + 8], position, length))
        position += length
    mdat = next(b for b in boxes if b[0] == b"mdat")
    if any(b[0] == b"moov" and b[1] > mdat[1] for b in boxes) or payload + 8 >= 1 << 32:
        raise SystemExit("bench: the sample MP4 must have moov before mdat, and the payload fit 32 bits")
    media = source[mdat[1] + 8:mdat[1] + mdat[2]]
    with open(path, "wb") as f:
        f.write(source[:mdat[1]])
        f.write((payload + 8).to_bytes(4, "big") + b"mdat")
        f.write(media)
        # Written out, not sparse: every byte is real, so cp and the page cache see a real file.
        zeros = bytes(8 * MIB)
        left = payload - len(media)
        while left > 0:
            f.write(zeros[:min(left, len(zeros))])
            left -= min(left, len(zeros))


def bench_video(args, rows):
    video = os.path.join(args.work, "video-1gib.mp4")
    make_video(args.samples, video, args.video_mib * MIB)
    size = os.path.getsize(video)
    warm([video])
    expected = subprocess.run(["openssl", "dgst", "-sha256", "-r", video], capture_output=True, text=True,
                              check=True).stdout.split()[0]
    store = os.path.join(args.work, "video-store")
    copy = os.path.join(args.work, "video-copy.mp4")
    acervo = [args.acervo, "intake", "--store", store, "--case", "BENCH-VIDEO", "--kind", "video", "--json",
              "--operator", "bench", video]
    # The peer does the same work by hand: hash, copy, and make the copy durable as the store does.
    peer = ["sh", "-c", 'openssl dgst -sha256 "$1" >/dev/null && cp "$1" "$2" && sync "$2"', "peer", video, copy]

    def fresh():
        shutil.rmtree(store, ignore_errors=True)
        if os.path.exists(copy):
            os.unlink(copy)
        subprocess.run(["sync"])

    mine, theirs = [], []
    for run in range(args.video_runs):
        order = ("acervo", "peer") if run % 2 == 0 else ("peer", "acervo")
        for who in order:
            fresh()
            if who == "acervo":
                sample = timed(acervo, args.work, capture=True)
                item = json.loads(sample.output.splitlines()[0])
                if item["verdict"] != "accepted" or item["format"] != "mp4" or item["sha256"] != expected \
                        or item["bytes"] != size:
                    raise SystemExit(f"bench: the video was not stored as expected: {item}")
                mine.append(sample)
            else:
                theirs.append(timed(peer, args.work))
    fresh()
    os.unlink(video)
    mw, tw = median([s.wall for s in mine]), median([s.wall for s in theirs])
    mc, tc = median([s.cpu for s in mine]), median([s.cpu for s in theirs])
    mr, tr = max(s.rss_kib for s in mine), max(s.rss_kib for s in theirs)
    rows.append([f"3 intake one {args.video_mib} MiB MP4 (--kind video), max RSS of {len(mine)}",
                 f"peak RSS {mr / 1024:.1f} MiB", f"{tr / 1024:.1f} MiB", f"{mr / 1024 / targets.bound('video_peak_rss_mib'):.2f}x of {targets.bound('video_peak_rss_mib'):g}",
                 targets.text("video_peak_rss_mib"), "PASS" if targets.met("video_peak_rss_mib", mr / 1024) else "MISS"])
    rows.append(["  wall (median)", f"{mw:.2f} s", f"{tw:.2f} s", f"{mw / tw:.2f}x", "", ""])
    rows.append(["  MiB/s", f"{size / MIB / mw:,.0f}", f"{size / MIB / tw:,.0f}", "", "", ""])
    rows.append(["  user+sys CPU (median)", f"{mc:.2f} s", f"{tc:.2f} s", f"{mc / tc:.2f}x", "", ""])
    args.details["video"] = {"acervo": [vars_of(s) for s in mine], "peer": [vars_of(s) for s in theirs]}


def vars_of(sample):
    return {"wall": round(sample.wall, 4), "user": round(sample.user, 4), "system": round(sample.system, 4),
            "rss_kib": sample.rss_kib}


def print_table(rows, info):
    print(f"Machine: nproc {info['nproc']}, {info['cpu']}, Linux {info['kernel']}; "
          f"load average {info['load_before']} before, {info['load_after']} after")
    print(f"Tools: {info['acervo']}; {info['file']}; {info['openssl']}")
    print("Peers: 1 `file --mime-type -b -f LIST`; 3 `openssl dgst -sha256` + `cp` + `sync FILE`")
    print()
    print(markdown_table(["benchmark", "acervo", "peer", "ratio", "target", "result"], rows))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acervo", required=True, help="the release acervo binary")
    parser.add_argument("--samples", required=True, help="SampleDocs/ with expected.json")
    parser.add_argument("--corpus", default="", help="../shared/corpus; benchmark 1 is skipped without it")
    parser.add_argument("--work", required=True, help="an empty scratch directory")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each sniff peer (default 7)")
    parser.add_argument("--repeat", type=int, default=10, help="times the corpus is listed (default 10)")
    parser.add_argument("--intake-files", type=int, default=1000)
    parser.add_argument("--intake-runs", type=int, default=2)
    parser.add_argument("--video-mib", type=int, default=1024)
    parser.add_argument("--video-runs", type=int, default=3)
    parser.add_argument("--only", choices=["sniff", "intake", "video"], action="append",
                        help="run only these benchmarks (repeatable)")
    parser.add_argument("--json", help="also write every sample to this file")
    args = parser.parse_args()
    args.details = {}
    info = machine()
    info["acervo"] = "acervo " + version_of([args.acervo, "--version"])
    info["file"] = version_of(["file", "--version"])
    info["openssl"] = version_of(["openssl", "version"])
    # Other work on the machine skews every ratio here; the load average shows how much there was.
    info["load_before"] = "%.2f" % os.getloadavg()[0]
    rows = []
    chosen = args.only or ["sniff", "intake", "video"]
    started = time.perf_counter()
    for name, bench in (("sniff", bench_sniff), ("intake", bench_intake), ("video", bench_video)):
        if name in chosen:
            print(f"bench: running {name}...", file=sys.stderr, flush=True)
            bench(args, rows)
    info["load_after"] = "%.2f" % os.getloadavg()[0]
    print_table(rows, info)
    print(f"\n(benchmarks took {time.perf_counter() - started:.0f} s)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": info, "rows": rows, "samples": args.details}, f, indent=1)
    if any(r[-1] == "MISS" for r in rows):
        sys.exit(3)


if __name__ == "__main__":
    main()
