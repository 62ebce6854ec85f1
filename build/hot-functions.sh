#!/usr/bin/env bash
# Writes build/hot-functions.txt: the functions of the release binary that
# its common runs execute, for the linker to lay out side by side (build.rs,
# `hot_functions_together`). Run it after updating the Rust toolchain or the
# dependencies (their symbols' names change with either); a list that has
# gone stale only lays out fewer functions, it never breaks a build.
#
# Needs valgrind (callgrind counts every function a run executes, however
# rarely) and nm. Takes about five minutes (three with the release build
# up to date).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release
bin=$(pwd)/target/release/polypress
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The bench's corpus: the realistic reports in the six languages.
"$bin" bench --work "$work/bench" --runs 1 --only "8-page realistic" >/dev/null 2>&1
corpus=$work/bench/single
profile() {
  valgrind --tool=callgrind --demangle=no --compress-strings=no \
    --callgrind-out-file="$work/callgrind.%p" "$bin" "$@" >/dev/null 2>&1
}
for lang in ar en es fr ru zh; do
  profile --root "$corpus" render "$corpus/documents/realistic-8-page-$lang" \
    --lang "$lang" -q -o "$work/render"
done
# The repository's own documents (every kind, with annexes, tables, notes,
# QR codes) built, built again (all up to date), and checked.
profile build --force --out "$work/build" -q
profile build --out "$work/build" -q
profile check
# A repository of the installed tool's kind, on the house built into the
# binary: `init`, a letter from `new`, a realistic report rendered, a build
# and a check.
mkdir "$work/repo"
(
  cd "$work/repo"
  profile init
  cp -r "$corpus/documents/realistic-8-page-fr" documents/
  profile new letter a-letter
  profile render documents/realistic-8-page-fr --lang fr -q -o out
  profile build -q
  profile check
)

# Every function of the binary a run executed (a recursive call's `'N`
# suffix dropped), in the order the linker gave them without a list.
awk -v bin="$bin" '
  /^ob=/ { ob = substr($0, 4) }
  /^fn=/ && ob == bin { name = substr($0, 4); sub(/'"'"'[0-9]+$/, "", name); print name }
' "$work"/callgrind.* | sort -u >"$work/executed"
{
  echo "# The functions common runs of polypress execute, for the linker to"
  echo "# lay out side by side (build.rs). Written by build/hot-functions.sh"
  echo "# with $(rustc --version)."
  nm -n --defined-only "$bin" | awk '$2 ~ /^[tTwW]$/ { print $3 }' \
    | awk 'NR == FNR { executed[$0] = 1; next } $0 in executed && !seen[$0]++' "$work/executed" -
} >build/hot-functions.txt
echo "build/hot-functions.txt: $(grep -vc '^#' build/hot-functions.txt) functions"
