#!/usr/bin/env bash
# Installs what Acervo needs on Debian 12: the C libraries it links, and for tests the validators it runs.
# As root it runs apt-get and pip itself; otherwise it prints the exact commands and fails.
#
#   scripts/requirements.sh build    # to build and run
#   scripts/requirements.sh test     # to build and run the tests
set -euo pipefail
purpose=${1:-build}

# Debian packages that provide the C libraries (pkg-config names in Package.swift) and their tools.
build_debs=(pkg-config libmagic-dev libmagic-mgc libjpeg62-turbo-dev libpng-dev libheif-dev liblcms2-dev libgs-common libarchive-dev zlib1g-dev libdeflate-dev libsqlite3-dev libtiff-dev libqpdf-dev libjbig2dec0-dev libtesseract-dev tesseract-ocr-por tesseract-ocr-eng libssl-dev libqrencode-dev libzbar-dev)
test_debs=(python3 python3-pip curl file libimage-exiftool-perl chromium liblcms2-utils libjpeg-turbo-progs libpdfbox2-java default-jre-headless libactivation-java libjaxb-api-java ghostscript poppler-utils qpdf openssl tesseract-ocr time zbar-tools qrencode)
# PyPI packages the tests run as real validators.
test_pips=(ocfl-py bagit bdbag pikepdf pyhanko-cli pillow numpy img2pdf)

debs=("${build_debs[@]}")
[[ $purpose == test ]] && debs+=("${test_debs[@]}")

missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]]; then
    echo "acervo: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "acervo: missing Debian packages. Run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

if [[ $purpose == test ]]; then
  py=$(command -v python3)
  missing_pips=()
  for p in "${test_pips[@]}"; do
    "$py" -m pip show -q "$p" >/dev/null 2>&1 || missing_pips+=("$p")
  done
  if ((${#missing_pips[@]})); then
    if [[ $(id -u) == 0 ]] || [[ -n ${VIRTUAL_ENV:-} ]] || [[ -w $("$py" -c 'import site,sys; print(site.getsitepackages()[0])') ]]; then
      echo "acervo: installing ${missing_pips[*]} from PyPI" >&2
      "$py" -m pip install -q --disable-pip-version-check "${missing_pips[@]}" \
        || "$py" -m pip install -q --disable-pip-version-check --break-system-packages "${missing_pips[@]}"
    else
      echo "acervo: missing PyPI packages. Run:" >&2
      echo "  $py -m pip install --user ${missing_pips[*]}" >&2
      exit 1
    fi
  fi
fi

if ! command -v swift >/dev/null; then
  if [[ -x /opt/swift/usr/bin/swift ]]; then
    echo "acervo: add Swift to PATH: export PATH=/opt/swift/usr/bin:\$PATH" >&2
  else
    echo "acervo: Swift 6.1 or later is required (https://www.swift.org/install/linux/)" >&2
  fi
  exit 1
fi
