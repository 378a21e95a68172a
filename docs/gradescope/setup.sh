#!/usr/bin/env bash
# Gradescope autograder setup: runs once when the image is built. Gradescope
# unpacks the autograder zip into $AUTOGRADER (/autograder on Gradescope);
# the zip holds this folder's two scripts and a checkout of dojo in
# $AUTOGRADER/source/dojo (the pack with your katas included).
set -euo pipefail
AUTOGRADER=${AUTOGRADER:-/autograder}
cd "$AUTOGRADER/source/dojo"
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
