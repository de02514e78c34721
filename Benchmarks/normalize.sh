#!/usr/bin/env bash
# Image normalization benchmark: `acervo normalize` against vipsthumbnail and ImageMagick's convert on a
# batch of 24 MP JPEGs (baseline and progressive, EXIF orientation 1, 6 and 8) reduced to 2048 px at
# quality 85 with metadata stripped; CPU, wall, peak RSS and PSNR against a float64 reference, one table
# (see Benchmarks/README.md). Extra arguments go to normalize_bench.py, e.g. `--runs 5 --json FILE`.
# ACERVO_BIN=/path/to/acervo skips the build and measures that binary instead.
# Exit status: 0 when every target passed, 3 when one was missed, anything else on failure.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
scratch=${ACERVO_BENCH_SCRATCH:-.build-normbench}
# shellcheck source=common.sh
source "$here/common.sh"

# Tools the benchmark needs: command -> Debian package. ImageMagick is called as /usr/bin/convert, since
# another `convert` may come first on PATH.
mapfile -t missing < <(missing_packages /usr/bin/time=time /usr/bin/convert=imagemagick vipsthumbnail=libvips-tools \
    djpeg=libjpeg-turbo-progs jpegtran=libjpeg-turbo-progs exiftool=libimage-exiftool-perl python3=python3)
python=${PYTHON:-python3}
"$python" -c 'import numpy' 2>/dev/null || missing+=(python3-numpy)
install_missing normalize.sh "${missing[@]}"
"$python" -c 'import numpy' 2>/dev/null || python=/usr/bin/python3
acervo=$(acervo_binary normalize.sh "$scratch")

work=$(mktemp -d "${TMPDIR:-/tmp}/acervo-normbench.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$python" "$here/normalize_bench.py" --acervo "$acervo" --samples "$root/SampleDocs" \
    --corpus "$root/../shared/corpus" --work "$work" "$@"
