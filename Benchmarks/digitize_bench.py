#!/usr/bin/env python3
"""Digitization benchmark: `acervo digitize` against OCRmyPDF and bare tesseract, on the same scanned pages,
in the same run, as whole processes (see README.md, "Digitization").

The pages are made by scripts/scanned_pages.py (Portuguese text rendered at 300 dpi by Ghostscript, skewed,
noised; bitonal, grey and colour TIFFs with their true text). All three tools get the same document: the
pages as one multi-page TIFF for ocrmypdf and tesseract (one process each for the whole document), the
page TIFFs in order for acervo. Word accuracy is pdftotext's text of each output page against that page's
truth (scanned_pages.word_accuracy; `pdftotext -raw`, the order the tool wrote), weighted by the page's words.
"""

import argparse
import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
sys.path.insert(0, os.path.join(os.path.dirname(here), "scripts"))

import measure  # noqa: E402
import scanned_pages  # noqa: E402
import targets  # noqa: E402


def page_text(pdf, number):
    # -raw: the text in the order the tool wrote it (its reading order); without it pdftotext rebuilds
    # the layout and splits a receipt's table into columns, which scores pdftotext, not the tool.
    return subprocess.run(["pdftotext", "-raw", "-f", str(number), "-l", str(number), "-enc", "UTF-8", pdf, "-"],
                          capture_output=True, check=True).stdout.decode("utf-8", errors="replace")


def accuracy(pdf, truths):
    found = total = 0.0
    for number, truth in enumerate(truths, 1):
        words = len(scanned_pages.normalized_words(truth))
        found += scanned_pages.word_accuracy(truth, page_text(pdf, number)) * words
        total += words
    return found / total


def acervo_digitize_available(acervo):
    if not acervo or not os.path.exists(acervo):
        return False
    # Without the subcommand, ArgumentParser answers `--help` with the root's help and status 0.
    result = subprocess.run([acervo, "digitize", "--help"], capture_output=True, text=True)
    return result.returncode == 0 and "acervo digitize" in result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--acervo", help="the acervo binary (its digitize command is measured when it has one)")
    parser.add_argument("--work", required=True)
    parser.add_argument("--json", help="also write every figure here")
    args = parser.parse_args()

    pages_dir = os.path.join(args.work, "pages")
    names = scanned_pages.page_names()
    os.makedirs(pages_dir, exist_ok=True)
    import tempfile
    with tempfile.TemporaryDirectory(dir=args.work) as scratch:
        for name in names:
            scanned_pages.make_page(name, pages_dir, scratch)
    tiffs = [os.path.join(pages_dir, n + ".tif") for n in names]
    truths = [open(os.path.join(pages_dir, n + ".txt"), encoding="utf-8").read() for n in names]
    document = os.path.join(args.work, "document.tif")
    subprocess.run(["tiffcp"] + tiffs + [document], check=True)
    input_bytes = sum(os.path.getsize(t) for t in tiffs)

    for path in tiffs:  # into the page cache before any clock starts
        with open(path, "rb") as f:
            f.read()

    runs = {}
    out = lambda tool: os.path.join(args.work, f"{tool}.pdf")
    commands = {
        "ocrmypdf": ["ocrmypdf", "-q", "-l", "por+eng", "--output-type", "pdfa-2", document, out("ocrmypdf")],
        # tesseract adds .pdf to the base name it is given.
        "tesseract": ["env", "OMP_THREAD_LIMIT=1", "tesseract", document, out("tesseract")[:-4], "-l", "por+eng", "pdf"],
    }
    acervo_ok = acervo_digitize_available(args.acervo)
    if acervo_ok:
        commands["acervo digitize"] = [args.acervo, "digitize", "--output", out("acervo"), "--json"] + tiffs
    for tool, command in commands.items():
        print(f"digitize: running {tool}...", file=sys.stderr)
        sample = measure.timed(command, args.work, capture=True, name="digitize")
        pdf = out("acervo" if tool == "acervo digitize" else tool)
        runs[tool] = {"cpu": sample.cpu, "user": sample.user, "system": sample.system, "wall": sample.wall,
                      "rss_mib": sample.rss_kib / 1024, "bytes": os.path.getsize(pdf), "accuracy": accuracy(pdf, truths)}

    info = measure.machine()
    load = os.getloadavg()
    print(f"Machine: {info['cpu']}, {info['nproc']} cores, kernel {info['kernel']}; load average {load[0]:.2f}")
    print(f"Pages: {len(names)} A4 pages at 300 dpi ({', '.join(scanned_pages.COLOURS)}; "
          f"{input_bytes / 2**20:.1f} MiB of TIFF), as one document")
    print(f"Tools: {measure.version_of(['ocrmypdf', '--version'])} (ocrmypdf), "
          f"{measure.version_of(['tesseract', '--version'])}\n")
    rows = []
    ocr = runs["ocrmypdf"]
    for tool, r in runs.items():
        rows.append([tool, f"{r['cpu']:.2f}", f"{r['cpu'] / len(names):.2f}", f"{r['wall']:.2f}",
                     f"{r['cpu'] / r['wall']:.2f}", f"{r['rss_mib']:.0f}", f"{r['bytes']:,}", f"{r['accuracy']:.4f}",
                     f"{r['cpu'] / ocr['cpu']:.2f}x", f"{r['cpu'] / runs['tesseract']['cpu']:.2f}x"])
    if not acervo_ok:
        rows.append(["acervo digitize", "missing", "", "", "", "", "", "", "", ""])
    print(measure.markdown_table(["tool", "CPU s", "CPU s/page", "wall s", "cores", "peak RSS MiB", "output bytes",
                                  "word accuracy", "CPU vs ocrmypdf", "CPU vs tesseract"], rows))
    status = 0
    if acervo_ok:
        a = runs["acervo digitize"]
        checks = [("digitize_cpu_vs_ocrmypdf", a["cpu"] / ocr["cpu"]),
                  ("digitize_cpu_vs_tesseract", a["cpu"] / runs["tesseract"]["cpu"]),
                  ("digitize_accuracy_vs_ocrmypdf", a["accuracy"] - ocr["accuracy"]),
                  ("digitize_bytes_vs_ocrmypdf", a["bytes"] / ocr["bytes"])]
        print()
        for name, value in checks:
            ok = targets.met(name, value)
            status = status or (0 if ok else 3)
            print(f"{'PASS' if ok else 'MISS'} {name}: {value:.3f} (target {targets.text(name)})")
    else:
        print("\nacervo digitize: missing (`acervo digitize --help` failed); targets not checked")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": info, "pages": names, "runs": runs}, f, indent=1)
    return status


if __name__ == "__main__":
    sys.exit(main())
