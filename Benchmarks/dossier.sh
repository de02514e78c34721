#!/usr/bin/env bash
# Dossier benchmark: `acervo dossier build` against openssl dgst + bsdtar and against bagit.py + tar, and
# `acervo dossier verify` against `bagit.py --validate --processes 2`, on the same ~1 GB case payload, in
# the same run; one table (see Benchmarks/README.md). Extra arguments go to dossier_bench.py, e.g.
# `--megabytes 256 --runs 5 --json FILE`. ACERVO_BIN=/path/to/acervo skips the build.
# Exit status: 0 when every target passed, 3 when one was missed, anything else on failure.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
scratch=${ACERVO_BENCH_SCRATCH:-.build-bench}
# shellcheck source=common.sh
source "$here/common.sh"

mapfile -t missing < <(missing_packages /usr/bin/time=time openssl=openssl bsdtar=libarchive-tools tar=tar \
    python3=python3 pip3=python3-pip)
install_missing dossier.sh "${missing[@]}"
if ! command -v bagit.py >/dev/null 2>&1; then
    if [[ $(id -u) == 0 ]]; then
        pip3 install --quiet bagit 2>/dev/null || pip3 install --quiet --break-system-packages bagit
    else
        echo "dossier.sh: bagit.py is missing; install it with: pip3 install --user bagit" >&2
        exit 1
    fi
fi
acervo=$(acervo_binary dossier.sh "$scratch")

# The work directory must be on a real disk (not tmpfs): the benchmark measures writing archives.
work=$(mktemp -d "${ACERVO_BENCH_WORK:-${TMPDIR:-/tmp}}/acervo-dossierbench.XXXXXX")
trap 'rm -rf "$work"' EXIT

python3 "$here/dossier_bench.py" --acervo "$acervo" --samples "$root/SampleDocs" \
    --corpus "$root/../shared/corpus" --work "$work" "$@"
