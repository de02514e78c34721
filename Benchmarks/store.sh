#!/usr/bin/env bash
# Store-scaling benchmark: 300 one-file uploads trickling into one case through the library, and 20
# uploads to 20 cases at once against the same 20 one after the other (see Benchmarks/README.md).
# Extra arguments go to the StoreScaling executable, e.g. `--uploads 100 --rounds 5 --json FILE`.
# ACERVO_ROOT=/path/to/acervo measures another checkout of the library (public API only, so an older
# commit builds too). Exit status: 0 when every target passed, 3 when one was missed, else failure.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
scratch=${ACERVO_BENCH_SCRATCH:-.build-storebench}

[[ $scratch == /* ]] || scratch="$here/StoreScaling/$scratch"
(cd "$here/StoreScaling" && swift build -c release --scratch-path "$scratch" >&2)
binary="$scratch/release/StoreScaling"

# The work directory must be on a real disk (not tmpfs): the benchmark measures fsynced writes.
work=$(mktemp -d "${ACERVO_BENCH_WORK:-/var/tmp}/acervo-storebench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# A real phone photo (2.2 MB, from ../shared/corpus) when the corpus is there, else a small SampleDocs one.
photo=${ACERVO_BENCH_PHOTO:-$root/../shared/corpus/cameras/jpg/mobile/HMD_Nokia_8.3_5G.jpg}
[[ -f $photo ]] || photo="$root/SampleDocs/photo/geladeira-amassada.jpg"
echo "photo: $photo ($(stat -c %s "$photo") bytes)"
grep -m1 'model name' /proc/cpuinfo | sed 's/^model name\s*:\s*/CPU: /'
out=$("$binary" --work "$work" --photo "$photo" "$@")
echo "$out"
if grep -q '| MISS |' <<<"$out"; then exit 3; fi
