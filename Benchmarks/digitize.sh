#!/usr/bin/env bash
# Digitization benchmark: `acervo digitize` (OCR, PDF/A-2b, every Anexo II field, signed with a test
# certificate) against `ocrmypdf -l por+eng --output-type pdfa-2` (its default, and with
# `--pdfa-image-compression lossless`) and bare `OMP_THREAD_LIMIT=1 tesseract ... pdf`, on the same 12
# scanned pages (scripts/scanned_pages.py), in the same run, as whole processes; one table (see
# Benchmarks/README.md). Extra arguments go to digitize_bench.py (`--json FILE`, `--tools NAMES`).
# ACERVO_BIN=/path/to/acervo skips the build.
# Exit status: 0 when every target passed, 3 when one was missed (or acervo digitize is missing: 0,
# with the peers' figures), anything else on failure.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
scratch=${ACERVO_BENCH_SCRATCH:-.build-bench}
# shellcheck source=common.sh
source "$here/common.sh"

mapfile -t missing < <(missing_packages /usr/bin/time=time gs=ghostscript tesseract=tesseract-ocr pdftotext=poppler-utils \
    tiffcp=libtiff-tools openssl=openssl python3=python3 pip3=python3-pip \
    tessdata:por=tesseract-ocr-por tessdata:eng=tesseract-ocr-eng)
install_missing digitize.sh "${missing[@]}"
for module in ocrmypdf numpy; do
    python3 -c "import $module" 2>/dev/null && continue
    if [[ $(id -u) == 0 ]]; then
        pip3 install --quiet "$module" 2>/dev/null || pip3 install --quiet --break-system-packages "$module"
    else
        echo "digitize.sh: $module is missing; install it with: pip3 install --user $module" >&2
        exit 1
    fi
done
acervo=$(acervo_binary digitize.sh "$scratch")

work=$(mktemp -d "${ACERVO_BENCH_WORK:-${TMPDIR:-/tmp}}/acervo-digitizebench.XXXXXX")
trap 'rm -rf "$work"' EXIT

python3 "$here/digitize_bench.py" --acervo "$acervo" --work "$work" "$@"
