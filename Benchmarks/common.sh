# Shared by the benchmark scripts: installing missing tools and finding the acervo binary to measure.
# Source it after setting `here` (this folder) and `root` (the package).

# install_missing SCRIPT PACKAGE...: installs the Debian packages as root, else prints the command and exits.
install_missing() {
    local script=$1
    shift
    (($#)) || return 0
    local unique
    unique=$(printf '%s\n' "$@" | sort -u | tr '\n' ' ')
    if [[ $(id -u) == 0 ]]; then
        # shellcheck disable=SC2086
        apt-get install -y $unique >/dev/null
    else
        echo "$script: missing tools; install them with:" >&2
        echo "  sudo apt-get install -y $unique" >&2
        exit 1
    fi
}

# missing_packages TOOL=PACKAGE...: prints the package of each tool that is not on PATH, one a line;
# `tessdata:LANG=PACKAGE` asks for Tesseract's LANG model instead of a tool.
missing_packages() {
    local pair tool
    for pair in "$@"; do
        tool=${pair%%=*}
        if [[ $tool == tessdata:* ]]; then
            [[ -e /usr/share/tesseract-ocr/5/tessdata/${tool#tessdata:}.traineddata ]] || echo "${pair#*=}"
        else
            command -v "$tool" >/dev/null 2>&1 || echo "${pair#*=}"
        fi
    done
}

# acervo_binary SCRIPT SCRATCH: prints the binary to measure, ACERVO_BIN or a release build in SCRATCH.
acervo_binary() {
    local script=$1 scratch=$2
    if [[ -n ${ACERVO_BIN:-} ]]; then
        echo "$ACERVO_BIN"
        return
    fi
    # Built as scripts/run builds it, with the Swift runtime linked in: that is the binary users run.
    echo "$script: building acervo (release, --static-swift-stdlib, --scratch-path $scratch)..." >&2
    (cd "$root" && swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product acervo >&2)
    echo "$root/$scratch/release/acervo"
}
