#!/usr/bin/env bash
# Fuzzes Acervo's structural parsers and image decoders with libFuzzer (Fuzz/, one binary, one target per
# run, chosen by ACERVO_FUZZ_TARGET). Each target starts from the SampleDocs files of its format and keeps
# what it learns in Fuzz/corpus/<target>/. A crash, a sanitizer report, a leak past the RSS limit or an
# input slower than 10 s stops the target and is written to Fuzz/findings/; copy it into
# Tests/Regressions/<target>/ so the test suite keeps it (FuzzRegressionTests).
#
#   scripts/fuzz.sh                    # every target for 60 s
#   scripts/fuzz.sh --seconds 600 jpeg zip
#   scripts/fuzz.sh --list
# Exit status: 0 when no target found anything, 1 when one did, anything else on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -x /opt/swift/usr/bin/swift ]] && export PATH="$PATH:/opt/swift/usr/bin"
all=(jpeg png pdf isobmff ogg wave mp3 amr ebml zip ole text decode-jpeg decode-png)
seconds=60
targets=()
while (($#)); do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --list) printf '%s\n' "${all[@]}"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 64 ;;
    *) targets+=("$1"); shift ;;
  esac
done
((${#targets[@]})) || targets=("${all[@]}")
scripts/requirements.sh build

echo "fuzz.sh: building Fuzz/ with -sanitize=fuzzer,address..." >&2
mkdir -p Fuzz/findings
# The linker warns about every ASan helper it cannot export: keep the log, show it only on failure.
if ! swift build --package-path Fuzz --scratch-path Fuzz/.build --product acervo-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
    -Xcc -fsanitize=fuzzer-no-link,address > Fuzz/findings/build.log 2>&1; then
  grep -v "ld.gold: warning" Fuzz/findings/build.log | tail -40 >&2
  exit 70
fi
binary=Fuzz/.build/debug/acervo-fuzz

seeds_for() {
  case $1 in
    jpeg|decode-jpeg) echo ".jpg .jpeg" ;;
    png|decode-png) echo ".png" ;;
    pdf) echo ".pdf" ;;
    isobmff) echo ".mp4 .mov .3gp .m4a .heic" ;;
    ogg) echo ".ogg .opus" ;;
    wave) echo ".wav" ;;
    mp3) echo ".mp3" ;;
    amr) echo ".amr" ;;
    ebml) echo ".webm .mkv" ;;
    zip) echo ".docx .odt .docm .zip .xlsx" ;;
    ole) echo ".doc .xls .msg" ;;
    text) echo ".eml .xml .txt .html .svg .bat" ;;
  esac
}

found=0
for t in "${targets[@]}"; do
  corpus=Fuzz/corpus/$t
  mkdir -p "$corpus"
  for suffix in $(seeds_for "$t"); do
    find SampleDocs -type f -name "*$suffix" -size -2M -exec cp -n {} "$corpus/" \;
  done
  if [[ -d Tests/Regressions/$t ]]; then cp -n Tests/Regressions/"$t"/* "$corpus/" 2>/dev/null || true; fi
  echo "fuzz.sh: $t for ${seconds} s ($(ls "$corpus" | wc -l) inputs in its corpus)" >&2
  # SWIFT_BACKTRACE=enable=no: a crashing target must not leave Swift's backtracer holding the output.
  if ! SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 ACERVO_FUZZ_TARGET=$t \
      timeout $((seconds + 120)) "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=1048576 -print_final_stats=1 -artifact_prefix="Fuzz/findings/$t-" "$corpus" \
      > "Fuzz/findings/$t.log" 2>&1; then
    echo "fuzz.sh: $t FOUND something: see Fuzz/findings/$t.log and Fuzz/findings/$t-*" >&2
    tail -30 "Fuzz/findings/$t.log" >&2
    found=1
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "Fuzz/findings/$t.log" | tr '\n' ' ' >&2; echo >&2
  fi
done
exit $found
