#!/usr/bin/env bash
# Scanning station benchmark: `acervo station run` end to end (40 scanned pages in 10 documents dropped into
# its inbox, OCR, PDF/A-2b, signed) against `acervo digitize` run directly on the same documents, in the same
# run; pages per minute, cores in use, and the delay from a file complete to its version in the store (see
# Benchmarks/README.md, "Scanning station"). Extra arguments go to station_bench.py (`--documents N`,
# `--settle S`, `--json FILE`). ACERVO_BIN=/path/to/acervo skips the build.
# The work directory must be on a real disk (the store fsyncs): ACERVO_BENCH_WORK, else $TMPDIR or /tmp.
# Exit status: 0 when every target passed, 3 when one was missed, anything else on failure.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
scratch=${ACERVO_BENCH_SCRATCH:-.build-bench}
# shellcheck source=common.sh
source "$here/common.sh"

mapfile -t missing < <(missing_packages /usr/bin/time=time gs=ghostscript tesseract=tesseract-ocr pdfsig=poppler-utils \
    tiffcp=libtiff-tools tiffset=libtiff-tools openssl=openssl python3=python3 sha256sum=coreutils \
    tessdata:por=tesseract-ocr-por tessdata:eng=tesseract-ocr-eng)
python3 -c "import numpy" 2>/dev/null || missing+=(python3-numpy)
install_missing station.sh "${missing[@]}"
acervo=$(acervo_binary station.sh "$scratch")

work=$(mktemp -d "${ACERVO_BENCH_WORK:-${TMPDIR:-/tmp}}/acervo-stationbench.XXXXXX")
trap 'rm -rf "$work"' EXIT

python3 "$here/station_bench.py" --acervo "$acervo" --work "$work" "$@"
