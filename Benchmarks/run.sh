#!/usr/bin/env bash
# Builds acervo in release mode and runs its benchmarks side by side with their peers:
#   1. acervo sniff against file(1) over ../shared/corpus listed ten times (skipped when absent),
#   2. acervo intake throughput over SampleDocs/ repeated to 1,000 files,
#   3. peak RSS of acervo intake on a 1 GiB MP4, against openssl dgst + cp.
# Prints one table (see Benchmarks/README.md). Extra arguments go to bench.py, e.g. `--only sniff`.
# ACERVO_BIN=/path/to/acervo skips the build and measures that binary instead.
# Exit status: 0 when every target passed, 3 when one was missed, anything else on failure.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
scratch=${ACERVO_BENCH_SCRATCH:-.build-bench}
# shellcheck source=common.sh
source "$here/common.sh"

# Tools the benchmarks need: command -> Debian package.
mapfile -t missing < <(missing_packages file=file /usr/bin/time=time openssl=openssl python3=python3)
install_missing run.sh "${missing[@]}"
acervo=$(acervo_binary run.sh "$scratch")

work=$(mktemp -d "${TMPDIR:-/tmp}/acervo-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

corpus="$root/../shared/corpus"
if [[ ! -d $corpus ]]; then
    echo "run.sh: no corpus at $corpus: the sniff benchmark is skipped" >&2
fi

python3 "$here/bench.py" --acervo "$acervo" --samples "$root/SampleDocs" --corpus "$corpus" --work "$work" "$@"
