#!/usr/bin/env python3
"""Digitization benchmark: `acervo digitize` against OCRmyPDF and bare tesseract, on the same scanned pages,
in the same run, as whole processes (see README.md, "Digitization").

The pages are made by scripts/scanned_pages.py (Portuguese text rendered at 300 dpi by Ghostscript, skewed,
noised; bitonal, grey and colour TIFFs with their true text). Every tool gets the same document: the
pages as one multi-page TIFF for ocrmypdf and tesseract (one process each for the whole document), the
page TIFFs in order for acervo. acervo does the whole legal job: OCR (por+eng), PDF/A-2b with every
Anexo II field (a metadata file the benchmark writes) and a PAdES signature with a test certificate the
benchmark makes with openssl (PKCS#12 and a PIN file). OCRmyPDF runs twice: as the issue names it (its
default, which re-encodes grey and colour pages as JPEG) and with `--pdfa-image-compression lossless`,
the only form of it Anexo I ("any compression lossless") admits. Word accuracy is pdftotext's text of
each output page against that page's truth (scanned_pages.word_accuracy; `pdftotext -raw`, the order the
tool wrote), weighted by the page's words.
"""

import argparse
import collections
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


def image_encodings(pdf):
    """How the output's page images are encoded, from `pdfimages -list`: {"ccitt": 4, "image": 8, ...}
    (poppler's names: ccitt, jbig2, jpeg, jpx, and image for Flate)."""
    listing = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True, check=True).stdout
    counts = collections.Counter()
    for line in listing.splitlines()[2:]:
        fields = line.split()
        if len(fields) > 8 and fields[2] == "image":
            counts[fields[8]] += 1
    return dict(sorted(counts.items()))


# The test authority: an ICP-Brasil-like chain (root, intermediate, an A1 end-entity certificate with the
# holder's CPF in its subject and in otherName 2.16.76.1.3.1), as the tests' SigningTestAuthority makes it.
SIGNER_EXTENSIONS = """[ root ]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ intermediate ]
basicConstraints = critical,CA:true,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ signer ]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment
extendedKeyUsage = clientAuth,emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = otherName:2.16.76.1.3.1;OCTETSTRING:0101198012345678909000000000000000000000000000SSPSP
"""
PIN = "8421-bench"


def make_signer(directory):
    """Makes the test chain in `directory` with openssl; returns (signer.p12, pin.txt, root.pem)."""
    os.makedirs(directory, exist_ok=True)

    def openssl(*arguments):
        subprocess.run(["openssl"] + list(arguments), cwd=directory, check=True, capture_output=True)

    with open(os.path.join(directory, "ext.cnf"), "w") as f:
        f.write(SIGNER_EXTENSIONS)
    with open(os.path.join(directory, "pin.txt"), "w") as f:
        f.write(PIN + "\n")
    for key in ("root", "inter", "signer"):
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", f"{key}.key")
    openssl("req", "-new", "-x509", "-key", "root.key", "-subj", "/C=BR/O=ICP-Brasil de Teste/CN=AC Raiz de Teste",
            "-days", "3650", "-sha256", "-config", "ext.cnf", "-extensions", "root", "-out", "root.pem")
    for name, issuer, extensions, subject in [
            ("inter", "root", "intermediate",
             "/C=BR/O=ICP-Brasil de Teste/OU=Autoridade Certificadora/CN=AC Intermediaria de Teste v5"),
            ("signer", "inter", "signer", "/C=BR/O=ICP-Brasil de Teste/OU=Pessoa Fisica A1/CN=FULANO DE TAL:12345678909")]:
        openssl("req", "-new", "-key", f"{name}.key", "-subj", subject, "-out", f"{name}.csr")
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{issuer}.pem", "-CAkey", f"{issuer}.key",
                "-set_serial", "0x1001" if name == "inter" else "0x1002", "-days", "1825", "-sha256",
                "-extfile", "ext.cnf", "-extensions", extensions, "-out", f"{name}.pem")
    with open(os.path.join(directory, "chain.pem"), "w") as chain:
        for name in ("inter", "root"):
            with open(os.path.join(directory, f"{name}.pem")) as f:
                chain.write(f.read())
    openssl("pkcs12", "-export", "-inkey", "signer.key", "-in", "signer.pem", "-certfile", "chain.pem",
            "-name", "signer", "-passout", "file:pin.txt", "-out", "signer.p12")
    return tuple(os.path.join(directory, n) for n in ("signer.p12", "pin.txt", "root.pem"))


# Every Anexo II field a person gives (README.md, "Digitizing paper"); Acervo fills the identifier, the
# date of digitization and the page hashes.
METADATA = {
    "titulo": "Reclamação com comprovantes", "assunto": "Cobrança indevida de serviços de telefonia",
    "autor": "Consumidor reclamante", "tipo_documental": "reclamação", "responsavel_digitalizacao": "Maria Souza",
    "local_digitalizacao": "São Paulo/SP", "data_producao": "2026-11-03", "classe": "061.1",
    "destinacao_prevista": "guarda_permanente", "genero": "textual", "prazo_guarda": "5 anos",
}


def acervo_digitize_available(acervo):
    if not acervo or not os.path.exists(acervo):
        return False
    # Without the subcommand, ArgumentParser answers `--help` with the root's help and status 0.
    result = subprocess.run([acervo, "digitize", "--help"], capture_output=True, text=True)
    return result.returncode == 0 and "acervo digitize" in result.stdout


# Real scans from ../shared/corpus/scans (see its README) that Anexo I admits as they are: lossless sources at
# 300 dpi or more. (file, profile, resolution to state for a file that declares none.)
CORPUS_SCANS = [
    ("8071_093.3B.tif", "texto", None), ("epson.pdf", "texto", None), ("cardinal.pdf", "texto", None),
    ("baiona_gray.png", "texto-ilustrado", 300), ("2400dpi.pdf", "texto-ilustrado", None),
    ("enormous.pdf", "colorido", None),
]


def corpus_table(args, p12, pin, metadata):
    """Output bytes and CPU of acervo and OCRmyPDF's default on each real scan: on clean scans OCRmyPDF's
    Ghostscript keeps grey and colour pages in Flate too, so this is where the two compare like for like."""
    rows, total = [], {"acervo": 0, "ocrmypdf": 0}
    for name, profile, dpi in CORPUS_SCANS:
        source = os.path.join(args.corpus, name)
        if not os.path.exists(source):
            continue
        outputs = {tool: os.path.join(args.work, f"corpus-{tool}-{name}.pdf") for tool in ("acervo", "ocrmypdf")}
        commands = {
            "ocrmypdf": ["ocrmypdf", "-q", "-l", "por+eng", "--output-type", "pdfa-2"]
                        + (["--image-dpi", str(dpi)] if dpi else []) + [source, outputs["ocrmypdf"]],
            "acervo": [args.acervo, "digitize", "--output", outputs["acervo"], "--profile", profile, "--pdfa", "2b",
                       "--ocr", "por+eng", "--sign", p12, "--pin-file", pin, "--metadata", metadata, "--json"]
                      + (["--dpi", str(dpi)] if dpi else []) + [source],
        }
        figures = {}
        for tool, command in commands.items():
            sample = measure.timed(command, args.work, capture=True, name="digitize")
            figures[tool] = (sample.cpu, os.path.getsize(outputs[tool]), image_encodings(outputs[tool]))
            total[tool] += figures[tool][1]
        (a_cpu, a_bytes, a_images), (o_cpu, o_bytes, o_images) = figures["acervo"], figures["ocrmypdf"]
        encodings = lambda images: ", ".join(f"{n} {k}" for k, n in images.items())
        rows.append([name, profile, f"{o_cpu:.2f}", f"{a_cpu:.2f}", f"{a_cpu / o_cpu:.2f}x", f"{o_bytes:,}",
                     f"{a_bytes:,}", f"{a_bytes / o_bytes:.2f}x", encodings(o_images), encodings(a_images)])
    if not rows:
        print(f"\nReal scans: {args.corpus} is absent; skipped")
        return
    print(f"\nReal scans ({args.corpus}), one document each, acervo signed with every Anexo II field:")
    print(measure.markdown_table(["scan", "profile", "ocrmypdf CPU s", "acervo CPU s", "CPU ratio", "ocrmypdf bytes",
                                  "acervo bytes", "bytes ratio", "ocrmypdf images", "acervo images"], rows))
    print(f"INFO real scans, bytes vs ocrmypdf: {total['acervo'] / total['ocrmypdf']:.3f} "
          f"({total['acervo']:,} against {total['ocrmypdf']:,})")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--acervo", help="the acervo binary (its digitize command is measured when it has one)")
    parser.add_argument("--work", required=True)
    parser.add_argument("--json", help="also write every figure here")
    parser.add_argument("--corpus", default=os.path.join(os.path.dirname(os.path.dirname(here)), "shared", "corpus", "scans"),
                        help="the real scans (../shared/corpus/scans); a second table when present")
    parser.add_argument("--tools", help="only these tools, comma-separated (ocrmypdf, ocrmypdf lossless, tesseract, "
                                        "acervo digitize): for looking at one of them; targets need their peers")
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

    load_before = os.getloadavg()
    runs = {}
    out = lambda tool: os.path.join(args.work, tool.replace(" ", "-") + ".pdf")
    commands = {
        "ocrmypdf": ["ocrmypdf", "-q", "-l", "por+eng", "--output-type", "pdfa-2", document, out("ocrmypdf")],
        # Anexo I's "any compression lossless": Ghostscript keeps the page images lossless.
        "ocrmypdf lossless": ["ocrmypdf", "-q", "-l", "por+eng", "--output-type", "pdfa-2",
                              "--pdfa-image-compression", "lossless", document, out("ocrmypdf lossless")],
        # tesseract adds .pdf to the base name it is given.
        "tesseract": ["env", "OMP_THREAD_LIMIT=1", "tesseract", document, out("tesseract")[:-4], "-l", "por+eng", "pdf"],
    }
    acervo_ok = acervo_digitize_available(args.acervo)
    if acervo_ok:
        p12, pin, _ = make_signer(os.path.join(args.work, "ca"))
        metadata = os.path.join(args.work, "anexo-ii.json")
        with open(metadata, "w", encoding="utf-8") as f:
            json.dump(METADATA, f, ensure_ascii=False)
        commands["acervo digitize"] = [args.acervo, "digitize", "--output", out("acervo digitize"), "--profile", "texto",
                                       "--pdfa", "2b", "--ocr", "por+eng", "--sign", p12, "--pin-file", pin,
                                       "--metadata", metadata, "--json"] + tiffs
    only = set(args.tools.split(",")) if args.tools else None
    if only:
        commands = {tool: command for tool, command in commands.items() if tool in only}
    for tool, command in commands.items():
        print(f"digitize: running {tool}...", file=sys.stderr)
        sample = measure.timed(command, args.work, capture=True, name="digitize")
        pdf = out(tool)
        runs[tool] = {"cpu": sample.cpu, "user": sample.user, "system": sample.system, "wall": sample.wall,
                      "rss_mib": sample.rss_kib / 1024, "bytes": os.path.getsize(pdf), "accuracy": accuracy(pdf, truths),
                      "images": image_encodings(pdf)}
        if tool == "acervo digitize":
            line = json.loads(sample.output.splitlines()[0])
            # The whole legal job or nothing: every page, signed, PDF/A-2b, no page refused.
            if not (line["signed"] and line["pages"] == len(names) and line["format"] == "pdf-a-2b"
                    and not any(f["verdict"] == "rejected" for f in line["findings"])):
                raise SystemExit(f"digitize: acervo did not do the whole job: {sample.output[:2000]}")
            # poppler's check of the signature: intact and covering the whole file.
            check = subprocess.run(["pdfsig", pdf], capture_output=True, text=True).stdout
            if "Signature is Valid" not in check or "Total document signed" not in check:
                raise SystemExit(f"digitize: pdfsig does not find acervo's signature intact:\n{check}")
            runs[tool]["ocr_words"] = line["ocr_words"]
            runs[tool]["findings"] = [f["code"] for f in line["findings"]]

    info = measure.machine()
    load = os.getloadavg()
    print(f"Machine: {info['cpu']}, {info['nproc']} cores, kernel {info['kernel']}; "
          f"load average {load_before[0]:.2f} before, {load[0]:.2f} after")
    print(f"Pages: {len(names)} A4 pages at 300 dpi ({', '.join(scanned_pages.COLOURS)}; "
          f"{input_bytes / 2**20:.1f} MiB of TIFF), as one document")
    print(f"Tools: {measure.version_of(['ocrmypdf', '--version'])} (ocrmypdf), "
          f"{measure.version_of(['tesseract', '--version'])}\n")
    def ratio(tool, peer, key):
        return f"{runs[tool][key] / runs[peer][key]:.2f}x" if peer in runs else ""

    rows = []
    for tool, r in runs.items():
        images = ", ".join(f"{n} {k}" for k, n in r["images"].items())
        rows.append([tool, f"{r['cpu']:.2f}", f"{r['cpu'] / len(names):.2f}", f"{r['wall']:.2f}",
                     f"{r['cpu'] / r['wall']:.2f}", f"{r['rss_mib']:.0f}", f"{r['bytes']:,}", images, f"{r['accuracy']:.4f}",
                     ratio(tool, "ocrmypdf", "cpu"), ratio(tool, "tesseract", "cpu"), ratio(tool, "ocrmypdf", "bytes"),
                     ratio(tool, "ocrmypdf lossless", "bytes")])
    if not acervo_ok:
        rows.append(["acervo digitize", "missing"] + [""] * 11)
    print(measure.markdown_table(["tool", "CPU s", "CPU s/page", "wall s", "cores", "peak RSS MiB", "output bytes",
                                  "page images", "word accuracy", "CPU vs ocrmypdf", "CPU vs tesseract",
                                  "bytes vs ocrmypdf", "bytes vs ocrmypdf lossless"], rows))
    status = 0
    if "acervo digitize" in runs:
        a = runs["acervo digitize"]
        print(f"\nacervo: {a['ocr_words']} words; findings: {', '.join(a['findings']) or 'none'}")
        checks = []
        if "ocrmypdf" in runs:
            ocr = runs["ocrmypdf"]
            checks += [("digitize_cpu_vs_ocrmypdf", a["cpu"] / ocr["cpu"]),
                       ("digitize_accuracy_vs_ocrmypdf", a["accuracy"] - ocr["accuracy"])]
        if "ocrmypdf lossless" in runs:
            checks.append(("digitize_bytes_vs_ocrmypdf_lossless", a["bytes"] / runs["ocrmypdf lossless"]["bytes"]))
        if "tesseract" in runs:
            checks.append(("digitize_cpu_vs_tesseract", a["cpu"] / runs["tesseract"]["cpu"]))
        for name, value in checks:
            ok = targets.met(name, value)
            status = status or (0 if ok else 3)
            print(f"{'PASS' if ok else 'MISS'} {name}: {value:.3f} (target {targets.text(name)})")
        if "ocrmypdf" in runs:
            ocr = runs["ocrmypdf"]
            jpeg = ocr["images"].get("jpeg", 0)
            print(f"INFO bytes vs ocrmypdf default: {a['bytes'] / ocr['bytes']:.3f} (no target: it holds {jpeg} of "
                  f"{sum(ocr['images'].values())} page images as JPEG, which Anexo I forbids)")
        if "ocrmypdf lossless" in runs:
            print(f"INFO CPU vs ocrmypdf lossless: {a['cpu'] / runs['ocrmypdf lossless']['cpu']:.3f}")
    elif not acervo_ok:
        print("\nacervo digitize: missing (`acervo digitize --help` failed); targets not checked")
    if acervo_ok and not only:
        corpus_table(args, p12, pin, metadata)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": info, "load": [load_before, load], "pages": names, "runs": runs}, f, indent=1)
    return status


if __name__ == "__main__":
    sys.exit(main())
