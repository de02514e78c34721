#!/usr/bin/env bash
# Times `acervo dossier build` and `verify` on one case against their peers, in the same run:
#   build:  openssl dgst -sha256 + bsdtar -cf over the same files (with and without syncing the archive, as
#           acervo does); bagit.py --sha256 on a hard-linked copy + tar -cf
#   verify: bagit.py --validate --processes 2 on the extracted bag
# Usage: Benchmarks/dossier.sh ACERVO STORE CASE WORKDIR [RUNS]
# The files are read once first, so every tool starts from a warm page cache.
set -euo pipefail
acervo=$1 store=$2 case=$3 work=$4 runs=${5:-3}
mkdir -p "$work"
content=$(find "$store/objects/$case" -path '*/content/*' -type f | sort)
bytes=$(echo "$content" | xargs cat | wc -c)
echo "case $case: $(echo "$content" | wc -l) files, $bytes bytes"

best() { sort -n | head -1; }
clock() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }

acervo_build() { rm -f "$work/acervo.tar"; "$acervo" dossier build --store "$store" --case "$case" --no-custody --output "$work/acervo.tar"; }
openssl_bsdtar() { echo "$content" | xargs openssl dgst -sha256 >/dev/null; echo "$content" | bsdtar -cf "$work/bsdtar.tar" -T -; }
# acervo fsyncs the dossier before publishing it; this peer does the same, for a like-for-like figure.
openssl_bsdtar_sync() { openssl_bsdtar; sync "$work/bsdtar.tar"; }
bagit_tar() {
  rm -rf "$work/bag" "$work/bagit.tar"; mkdir -p "$work/bag"
  echo "$content" | while read -r f; do cp -l "$f" "$work/bag/"; done
  bagit.py --sha256 --processes 1 "$work/bag"; tar -cf "$work/bagit.tar" -C "$work" bag
}
acervo_verify() { "$acervo" dossier verify "$work/acervo.tar"; }
bagit_verify() { bagit.py --validate --processes 2 "$work/extracted/$case-"*; }

echo "$content" | xargs cat >/dev/null
for t in acervo_build openssl_bsdtar openssl_bsdtar_sync bagit_tar; do
  for _ in $(seq "$runs"); do clock $t; done | best | sed "s/^/$t /"
done
rm -rf "$work/extracted"; "$acervo" dossier extract "$work/acervo.tar" --to "$work/extracted" >/dev/null
for t in acervo_verify bagit_verify; do
  for _ in $(seq "$runs"); do clock $t; done | best | sed "s/^/$t /"
done
