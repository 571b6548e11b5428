#!/bin/sh
# Adds a few files of the installed CPython stdlib to a fuzzing corpus directory (they are
# not committed: krait's tree holds no CPython code). Each gets the selector byte 0 (exec).
# Usage: fuzz/seed_stdlib.sh CORPUS_DIR
set -e
out=${1:?usage: seed_stdlib.sh CORPUS_DIR}
lib=$(/usr/bin/python3.11 -c "import sysconfig; print(sysconfig.get_path('stdlib'))")
mkdir -p "$out"
for name in bisect colorsys keyword textwrap string fractions dataclasses ast; do
  { printf '\000'; cat "$lib/$name.py"; } > "$out/stdlib_$name.py"
done
