#!/usr/bin/env python3
"""Scanning station benchmark: `acervo station run` end to end against `acervo digitize` run directly on the
same documents, in the same run (see README.md, "Scanning station").

The documents: `--documents` (10) multi-page TIFFs of 4 A4 pages at 300 dpi each, made from the bitonal
(CCITT G4) and greyscale pages of scripts/scanned_pages.py, two of each per document; every document file
carries its own ImageDescription, so no two are the same bytes, and each goes to a case of its own.

Three phases, all with OCR (por+eng), PDF/A-2b and a PAdES signature with a test certificate made by openssl
(the direct command and the station sign alike):

1. *Direct and trickle*: for each document in turn, `acervo digitize` on it alone (a whole process, timed as
   bench.py times commands: wall, user+sys CPU of the process tree); then the document is dropped into the
   inbox of a station that has nothing else to do, and the next step waits until the station has filed it.
   The delay of each document is measured here, where no other document queues before it.
2. *Batch*: every document dropped at once into the inbox of a fresh station and store; the clock runs from
   the first file complete to the last `filed` event. Pages per minute and the station process's CPU / wall
   (from /proc/PID/stat, sampled every 0.2 s) come from here.
3. *Checks*: `acervo store verify` on both stores; every document filed exactly once (one `filed` event per
   file, none `duplicate`, `refused` or `quarantined`; each case one version holding 4 originals and the
   signed PDF/A); `pdfsig` on a stored PDF and a direct one.

"Complete" is exact: each document is written under a temporary folder beside the inbox (same file system)
and renamed into `inbox/<PROTOCOL>/correspondence/texto/`; the clock starts right after the rename. The
delay ends when the case's version is in the store: the modification time of the OCFL object's root
`inventory.json`, which the store writes last when it commits a version (the inventory's own `created` is
the moment the commit began, and the `filed` event comes after the originals moved to `done/`; both are
reported too).
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
sys.path.insert(0, os.path.join(os.path.dirname(here), "scripts"))

import digitize_bench  # noqa: E402  (the test certificate and the Anexo II fields)
import measure  # noqa: E402
import scanned_pages  # noqa: E402
import targets  # noqa: E402

TEXTS = list(scanned_pages.DOCUMENTS)  # letter, receipt, contract, two-column
COLOURS = ("bitonal", "grey")
KIND = "correspondence"
PROFILE = "texto"
TICKS = os.sysconf("SC_CLK_TCK")


def log(message):
    print(f"station: {message}", file=sys.stderr, flush=True)


def make_documents(work, count):
    """`count` 4-page TIFFs, two bitonal and two grey pages each (which texts are grey alternates), each with
    its own ImageDescription so no two documents are the same bytes. Returns [(name, path, pages)]."""
    pages_dir = os.path.join(work, "pages")
    os.makedirs(pages_dir, exist_ok=True)
    scratch = os.path.join(work, "render")
    os.makedirs(scratch, exist_ok=True)
    for text in TEXTS:
        for colour in COLOURS:
            scanned_pages.make_page(f"{text}-{colour}", pages_dir, scratch)
    shutil.rmtree(scratch)
    documents_dir = os.path.join(work, "documents")
    os.makedirs(documents_dir, exist_ok=True)
    documents = []
    for i in range(count):
        name = f"doc-{i + 1:02d}"
        pages = [os.path.join(pages_dir, f"{text}-{COLOURS[(i + j) % 2]}.tif") for j, text in enumerate(TEXTS)]
        path = os.path.join(documents_dir, name + ".tif")
        subprocess.run(["tiffcp"] + pages + [path], check=True)
        subprocess.run(["tiffset", "-s", "270", f"Acervo benchmark document {i + 1}", path], check=True)
        documents.append((name, path, len(pages)))
    digests = {subprocess.run(["sha256sum", p], capture_output=True, text=True, check=True).stdout.split()[0]
               for _, p, _ in documents}
    if len(digests) != len(documents):
        raise SystemExit("station: two documents have the same bytes; tiffset did not mark them")
    return documents


def case_of(index):
    return f"SP-2026-{900001 + index:06d}"


def write_settings(path, settle, p12, pin):
    settings = {
        "settle_seconds": settle, "poll_seconds": 10, "rescan_seconds": 300, "incomplete_seconds": 300,
        "after": "done", "responsavel_digitalizacao": digitize_bench.METADATA["responsavel_digitalizacao"],
        "local_digitalizacao": digitize_bench.METADATA["local_digitalizacao"], "default_profile": PROFILE,
        "sign_pkcs12": p12, "sign_pin_file": pin, "digitize": True, "ocr": "por+eng",
    }
    with open(path, "w", encoding="utf-8") as f:
        for key, value in settings.items():
            f.write(f"{key}: {json.dumps(value, ensure_ascii=False)}\n")


def process_cpu(pid):
    """User+system CPU seconds of `pid` and its waited-for children, from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / TICKS


def machine_busy():
    """CPU seconds the whole machine has spent busy (not idle, not waiting for I/O) since boot, from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / TICKS


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Station:
    """One `acervo station run --json` on a fresh inbox and store under `root`, its events read as they come
    (each with the time it was read and the process's CPU then), its CPU sampled every 0.2 s."""

    def __init__(self, acervo, root, settings):
        self.root, self.inbox, self.store = root, os.path.join(root, "inbox"), os.path.join(root, "store")
        self.staging = os.path.join(root, "staging")
        for folder in (self.inbox, self.staging):
            os.makedirs(folder, exist_ok=True)
        self.events, self.samples = [], []
        self.changed = threading.Condition()
        self.stderr = open(os.path.join(root, "station.stderr"), "w")
        self.process = subprocess.Popen([acervo, "station", "run", "--inbox", self.inbox, "--store", self.store,
                                         "--settings", settings, "--json"],
                                        stdout=subprocess.PIPE, stderr=self.stderr, text=True)
        self.pid = self.process.pid
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.sampler = threading.Thread(target=self._sample, daemon=True)
        self.sampler.start()
        self.wait(lambda: self.first("started"), 60, "the station to start")

    def _read(self):
        for line in self.process.stdout:
            now = time.time()
            try:
                cpu = process_cpu(self.pid)
            except OSError:
                cpu = None
            try:
                event = json.loads(line)
            except ValueError:
                continue
            with self.changed:
                self.events.append((now, cpu, event))
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()

    def _sample(self):
        while self.process.poll() is None:
            try:
                self.samples.append((time.time(), process_cpu(self.pid), machine_busy()))
            except OSError:
                return
            time.sleep(0.2)

    def first(self, kind, path=None):
        for now, cpu, event in self.events:
            if event["event"] == kind and (path is None or event.get("path") == path):
                return now, cpu, event
        return None

    def all(self, kind):
        return [(now, cpu, event) for now, cpu, event in self.events if event["event"] == kind]

    def wait(self, condition, timeout, what):
        deadline = time.time() + timeout
        with self.changed:
            while True:
                bad = [e for _, _, e in self.events if e["event"] in ("refused", "quarantined", "duplicate")]
                if bad:
                    raise SystemExit(f"station: the station did not file a document: {json.dumps(bad[0])[:1500]}")
                result = condition()
                if result:
                    return result
                if self.process.poll() is not None:
                    raise SystemExit(f"station: the station exited {self.process.returncode} while waiting for {what}; "
                                     f"see {self.stderr.name}")
                left = deadline - time.time()
                if left <= 0:
                    raise SystemExit(f"station: timed out waiting for {what}")
                self.changed.wait(min(left, 1.0))

    def drop(self, relative, source):
        """Copies `source` beside the inbox, then renames it to `relative` in the inbox: returns the moment it
        became complete there."""
        staged = os.path.join(self.staging, os.path.basename(relative))
        shutil.copyfile(source, staged)
        with open(staged, "rb") as f:
            os.fsync(f.fileno())
        target = os.path.join(self.inbox, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.rename(staged, target)
        return time.time()

    def stop(self):
        rss = peak_rss_mib(self.pid)
        cpu = process_cpu(self.pid)
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=120)
        self.reader.join(timeout=10)
        self.stderr.close()
        if code != 0 or not self.first("stopped"):
            raise SystemExit(f"station: SIGTERM ended the station with status {code} (no `stopped` event?)")
        return rss, cpu


def object_root(store, case):
    """The OCFL object folder of `case` in `store`."""
    for folder, _, files in os.walk(os.path.join(store, "objects")):
        if "0=ocfl_object_1.1" in files and "inventory.json" in files:
            with open(os.path.join(folder, "inventory.json")) as f:
                if json.load(f).get("id") == case:
                    return folder
    return None


def parse_iso(text):
    from datetime import datetime
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def stored_version(store, case):
    """(inventory.json mtime, version created, version count, content paths of the head) of the case's object."""
    folder = object_root(store, case)
    if folder is None:
        raise SystemExit(f"station: no OCFL object for {case} in {store}")
    inventory_path = os.path.join(folder, "inventory.json")
    with open(inventory_path) as f:
        inventory = json.load(f)
    head = inventory["versions"][inventory["head"]]
    logical = [p for paths in head["state"].values() for p in paths]
    return (os.stat(inventory_path).st_mtime_ns / 1e9, parse_iso(head["created"]), len(inventory["versions"]),
            logical, folder, inventory)


def verify_store(acervo, store):
    result = subprocess.run([acervo, "store", "verify", "--store", store, "--json"], capture_output=True, text=True)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        report = {}
    return result.returncode == 0, report, result.stdout[-1500:] + result.stderr[-1500:]


def signed_pdf_ok(pdf):
    check = subprocess.run(["pdfsig", pdf], capture_output=True, text=True).stdout
    return "Signature is Valid" in check and "Total document signed" in check


def check_station(acervo, station, documents, relative_of, label):
    """Every document filed exactly once, one version per case with its 4 page files and a signed PDF/A;
    the store verifies; the inbox is empty and done/ holds the originals. Returns a list of what was checked."""
    filed = station.all("filed")
    counts = {}
    for _, _, event in filed:
        counts[event["path"]] = counts.get(event["path"], 0) + 1
    for name, _, _ in documents:
        if counts.get(relative_of[name]) != 1:
            raise SystemExit(f"station ({label}): {relative_of[name]} filed {counts.get(relative_of[name], 0)} times")
    if len(filed) != len(documents):
        raise SystemExit(f"station ({label}): {len(filed)} filed events for {len(documents)} documents")
    for kind in ("duplicate", "refused", "quarantined", "failed"):
        if station.all(kind):
            raise SystemExit(f"station ({label}): {kind} events: {station.all(kind)[0][2]}")
    pdfs = []
    for index, (name, _, pages) in enumerate(documents):
        _, _, versions, logical, folder, inventory = stored_version(station.store, case_of(index))
        originals = [p for p in logical if p.startswith("originals/")]
        derived = [p for p in logical if p.startswith("derivatives/") and p.endswith(".pdf")]
        if versions != 1 or len(originals) != 1 or len(derived) != 1:
            raise SystemExit(f"station ({label}): {case_of(index)} has {versions} versions, originals {originals}, "
                             f"PDFs {derived}")
        digest = next(d for d, paths in inventory["versions"][inventory["head"]]["state"].items() if derived[0] in paths)
        content = inventory["manifest"][digest][0]
        pdfs.append(os.path.join(folder, content))
    ok, report, text = verify_store(acervo, station.store)
    if not ok:
        raise SystemExit(f"station ({label}): acervo store verify failed:\n{text}")
    left = [os.path.join(d, f) for d, _, fs in os.walk(station.inbox) for f in fs]
    done = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(station.root, "done")) for f in fs]
    if left or len(done) != len(documents):
        raise SystemExit(f"station ({label}): inbox still holds {left}; done/ holds {len(done)} files")
    if not signed_pdf_ok(pdfs[0]):
        raise SystemExit(f"station ({label}): pdfsig does not find the stored PDF signed: {pdfs[0]}")
    return [f"{label}: {len(documents)} filed events, one per document, no duplicate/refused/quarantined/failed",
            f"{label}: each case one version holding its document's TIFF and one PDF; pdfsig: signed, whole file",
            f"{label}: acervo store verify: ok ({json.dumps(report)[:200]})",
            f"{label}: inbox empty, done/ holds {len(done)} originals"]


def busy_profile(samples, start, end):
    """Seconds of the window the station spent below 1.0, from 1.0 to 1.6, and above 1.6 cores, and the cores
    the machine left idle meanwhile, on average (0.2 s samples of the station's and the machine's CPU)."""
    bands = [0.0, 0.0, 0.0]
    idle = seconds = 0.0
    cores_total = os.cpu_count()
    for (t0, c0, m0), (t1, c1, m1) in zip(samples, samples[1:]):
        if t0 < start or t1 > end or t1 <= t0:
            continue
        cores = (c1 - c0) / (t1 - t0)
        bands[0 if cores < 1.0 else 1 if cores < 1.6 else 2] += t1 - t0
        idle += max(0.0, cores_total * (t1 - t0) - (m1 - m0))
        seconds += t1 - t0
    return bands, idle / seconds if seconds else 0.0


def run_batch(acervo, root, settings, documents, relative_of):
    """Every document dropped at once into a fresh station of `acervo`: the window from the first file complete to
    the last `filed` event, the station's CPU over it, what other processes took, each document's delay."""
    batch = Station(acervo, root, settings)
    for name, path, _ in documents:  # staged before the clock starts: only the renames are in the window
        shutil.copyfile(path, os.path.join(batch.staging, name + ".tif"))
    subprocess.run(["sync"], check=True)
    cpu_start = process_cpu(batch.pid)
    busy_start = machine_busy()
    completes = {}
    for name, _, _ in documents:
        target = os.path.join(batch.inbox, relative_of[name])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.rename(os.path.join(batch.staging, name + ".tif"), target)
        completes[name] = time.time()
    start = min(completes.values())
    batch.wait(lambda: len(batch.all("filed")) >= len(documents), 1800, "every document to be filed")
    last_time, last_cpu, _ = max(batch.all("filed"), key=lambda e: e[0])
    busy_end = machine_busy()
    rss, _ = batch.stop()
    wall = last_time - start
    cpu = last_cpu - cpu_start
    # Other processes' CPU over the batch (the wait for the last event adds a few ms): what the station could not have.
    others = max(0.0, busy_end - busy_start - cpu)
    delays = {}
    for index, (name, _, _) in enumerate(documents):
        mtime, _, _, _, _, _ = stored_version(batch.store, case_of(index))
        delays[name] = mtime - completes[name]
    bands, idle_cores = busy_profile(batch.samples, start, last_time)
    progress = [(t, e["progress"]) for t, _, e in batch.events if e["event"] == "progress" and e.get("progress")]
    return {"station": batch, "wall": wall, "cpu": cpu, "others": others, "rss": rss, "delays": delays,
            "completes": completes, "bands": bands, "idle_cores": idle_cores, "samples": batch.samples,
            "events": [(t, c, e) for t, c, e in batch.events if e["event"] != "progress"], "progress": progress}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--acervo", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--documents", type=int, default=10, help="documents of 4 pages (at least 10: 40 pages)")
    parser.add_argument("--settle", type=float, default=2.0, help="the station's settle_seconds")
    parser.add_argument("--json", help="also write every figure here")
    parser.add_argument("--baseline", help="another acervo binary whose station also runs the batch, just before this "
                                           "one's (a before/after in the same run; its row is information only)")
    args = parser.parse_args()

    log(f"making {args.documents} documents of {len(TEXTS)} pages...")
    documents = make_documents(args.work, args.documents)
    page_count = sum(pages for _, _, pages in documents)
    input_bytes = sum(os.path.getsize(path) for _, path, _ in documents)
    p12, pin, _ = digitize_bench.make_signer(os.path.join(args.work, "ca"))
    metadata = os.path.join(args.work, "anexo-ii.json")
    with open(metadata, "w", encoding="utf-8") as f:
        json.dump(digitize_bench.METADATA, f, ensure_ascii=False)
    settings = os.path.join(args.work, "station.yml")
    write_settings(settings, args.settle, p12, pin)
    relative_of = {name: f"{case_of(i)}/{KIND}/{PROFILE}/{name}.tif" for i, (name, _, _) in enumerate(documents)}
    direct_dir = os.path.join(args.work, "direct")
    os.makedirs(direct_dir, exist_ok=True)
    for _, path, _ in documents:  # into the page cache before any clock starts
        with open(path, "rb") as f:
            f.read()

    load_before = os.getloadavg()
    # Phase 1: each document digitized directly, then filed by an otherwise idle station.
    log("phase 1: acervo digitize on each document, then the same document through an idle station...")
    trickle = Station(args.acervo, os.path.join(args.work, "trickle"), settings)
    direct, delays = {}, {}
    for name, path, pages in documents:
        pdf = os.path.join(direct_dir, name + ".pdf")
        busy_before = machine_busy()
        sample = measure.timed([args.acervo, "digitize", "--output", pdf, "--profile", PROFILE, "--pdfa", "2b",
                                "--ocr", "por+eng", "--sign", p12, "--pin-file", pin, "--metadata", metadata,
                                "--json", path], args.work, capture=True, name="station")
        line = json.loads(sample.output.splitlines()[0])
        if not (line["signed"] and line["pages"] == pages and line["format"] == "pdf-a-2b"
                and not any(f["verdict"] == "rejected" for f in line["findings"])):
            raise SystemExit(f"station: acervo digitize did not do the whole job on {name}: {sample.output[:1500]}")
        # What other processes took meanwhile (the machine is shared): busy CPU of the machine minus the command's.
        others = machine_busy() - busy_before - sample.cpu
        direct[name] = {"wall": sample.wall, "cpu": sample.cpu, "rss_mib": sample.rss_kib / 1024, "others": others}
        relative = relative_of[name]
        complete = trickle.drop(relative, path)
        received, _, _ = trickle.wait(lambda: trickle.first("filed", relative), 600, f"{relative} to be filed")
        index = [n for n, _, _ in documents].index(name)
        mtime, created, _, _, _, _ = stored_version(trickle.store, case_of(index))
        delays[name] = {"complete": complete, "stored": mtime - complete, "created": created - complete,
                        "event": received - complete}
        delays[name]["excess"] = delays[name]["stored"] - (args.settle + sample.wall)
        log(f"  {name}: digitize {sample.wall:.2f} s wall, {sample.cpu:.2f} s CPU; station stored it "
            f"{delays[name]['stored']:.2f} s after complete (excess {delays[name]['excess']:+.2f} s)")
        time.sleep(0.5)
    trickle_rss, _ = trickle.stop()
    if not signed_pdf_ok(os.path.join(direct_dir, documents[0][0] + ".pdf")):
        raise SystemExit("station: pdfsig does not find the direct PDF signed")

    # Phase 2: every document dropped at once (with --baseline, that binary's station first, then this one's).
    batches = {}
    for label, binary in ([("baseline", args.baseline)] if args.baseline else []) + [("batch", args.acervo)]:
        log(f"phase 2: every document dropped at once into a fresh station ({label}: {binary})...")
        batches[label] = run_batch(binary, os.path.join(args.work, label), settings, documents, relative_of)
    batch_wall, batch_cpu = batches["batch"]["wall"], batches["batch"]["cpu"]
    load_after = os.getloadavg()

    log("phase 3: checking the stores...")
    checked = check_station(args.acervo, trickle, documents, relative_of, "trickle")
    for label, info in batches.items():
        checked += check_station(args.acervo, info["station"], documents, relative_of, label)

    # Figures.
    direct_wall = sum(d["wall"] for d in direct.values())
    direct_cpu = sum(d["cpu"] for d in direct.values())
    direct_others = max(0.0, sum(d["others"] for d in direct.values()))
    direct_ppm = page_count / direct_wall * 60
    station_ppm = page_count / batch_wall * 60
    throughput = station_ppm / direct_ppm
    station_cores = batch_cpu / batch_wall
    excess = statistics.median(d["excess"] for d in delays.values())
    median_delay = statistics.median(d["stored"] for d in delays.values())
    median_direct = statistics.median(d["wall"] for d in direct.values())

    info = measure.machine()
    print(f"Machine: {info['cpu']}, {info['nproc']} cores, kernel {info['kernel']}; "
          f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print(f"Documents: {len(documents)} multi-page TIFFs of 4 A4 pages at 300 dpi ({page_count} pages, half bitonal G4, "
          f"half greyscale; {input_bytes / 2**20:.1f} MiB), each in a case of its own; OCR por+eng, PDF/A-2b, signed "
          f"(test certificate) in both; station settle_seconds {args.settle:g}, inotify")
    print(f"Tools: {measure.version_of(['tesseract', '--version'])}\n")
    rows = [
        ["acervo digitize, one document after another", f"{direct_wall:.2f}", f"{direct_cpu:.2f}",
         f"{direct_cpu / direct_wall:.2f}", f"{direct_others / direct_wall:.2f}", f"{direct_ppm:.1f}", "1.00x",
         f"{median_direct:.2f} (its digitize wall)", "", f"{max(d['rss_mib'] for d in direct.values()):.0f}"]]
    for label, b in batches.items():
        rows.append([f"acervo station run, all dropped at once{' (baseline binary)' if label == 'baseline' else ''}",
                     f"{b['wall']:.2f}", f"{b['cpu']:.2f}", f"{b['cpu'] / b['wall']:.2f}", f"{b['others'] / b['wall']:.2f}",
                     f"{page_count / b['wall'] * 60:.1f}", f"{direct_wall / b['wall']:.2f}x",
                     f"{statistics.median(b['delays'].values()):.2f} (queued)", "", f"{b['rss']:.0f}"])
    rows.append(["acervo station run, one document at a time", "", "", "", "", "", "",
                 f"{median_delay:.2f}", f"{excess:+.2f}", f"{trickle_rss:.0f}"])
    print(measure.markdown_table(["run", "wall s", "CPU s", "cores", "others' cores", "pages/min",
                                  "throughput vs direct", "median delay s", "median delay excess s", "peak RSS MiB"], rows))
    print()
    for label, b in batches.items():
        bands = b["bands"]
        print(f"{label.capitalize()}: the station at {bands[0]:.1f} s below 1.0 core, {bands[1]:.1f} s at 1.0-1.6, "
              f"{bands[2]:.1f} s above 1.6 (of {b['wall']:.1f} s; the first {args.settle:g} s are the settle time); "
              f"the machine left {b['idle_cores']:.2f} cores idle on average meanwhile")
    print("Per document (trickle): digitize wall / CPU, delay to the stored version, to the version's `created`, "
          "to the `filed` event, excess over settle + digitize wall")
    for name, _, _ in documents:
        d, t = direct[name], delays[name]
        print(f"  {name}: {d['wall']:.2f} / {d['cpu']:.2f} s; {t['stored']:.2f} s, {t['created']:.2f} s, "
              f"{t['event']:.2f} s; {t['excess']:+.2f} s")
    status = 0
    for name, value in [("station_throughput_vs_digitize", throughput), ("station_cores", station_cores),
                        ("station_median_delay_excess_s", excess)]:
        ok = targets.met(name, value)
        status = status or (0 if ok else 3)
        print(f"{'PASS' if ok else 'MISS'} {name}: {value:.3f} (target {targets.text(name)})")
    print("\nChecked:")
    for line in checked:
        print(f"  {line}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": info, "load": [load_before, load_after], "settle": args.settle,
                       "documents": [n for n, _, _ in documents], "pages": page_count, "direct": direct,
                       "trickle": delays,
                       **{label: {k: v for k, v in b.items() if k != "station"} for label, b in batches.items()},
                       "figures": {"direct_ppm": direct_ppm, "station_ppm": station_ppm, "throughput": throughput,
                                   "station_cores": station_cores, "median_delay": median_delay,
                                   "median_excess": excess}}, f, indent=1)
    return status


if __name__ == "__main__":
    sys.exit(main())
