#!/usr/bin/env bash
# Issue 10's done-when, literally: `make site`'s pelican command on a copy of the committed
# tree with N SYNTHETIC letters (default 5,000) added under content/synthetic/ beside the
# real ones. Builds from nothing; adds one letter dated after every other (how the archive
# grows) and builds; adds one dated among the others and builds; builds the same content
# from nothing into another folder with its own cache; compares the two outputs (diff -r).
# Each rebuild's wall time is printed as a share of both builds from nothing.
#   bench/done_when.sh [N]        from the project's root, after `make site` or `make test`
# TMPDIR chooses where it builds (see bench/README.md on file systems).
set -euo pipefail
n=${1:-5000}
root=$(git rev-parse --show-toplevel)
py="$root/.venv/bin/python"
[ -x "$py" ] || { echo "done_when: $py missing: run make site or make test first" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/kv-done-when-XXXX")
trap 'rm -rf "$work"' EXIT
git -C "$root" archive HEAD | tar -x -C "$work"
cd "$work"
export PYTHONPATH="$work"  # the copy's parsers, not the working tree's editable install
"$py" bench/synthetic.py "$n" content/synthetic >/dev/null
sleep 3  # older than the letter cache's racy window, as an archive's letters are

TIMEFORMAT="%R %U %S"
build() {  # build OUTPUT CACHE: sets wall, user, sys; a failed build stops with its log
  if ! { time "$root/.venv/bin/pelican" content -s pelicanconf.py -o "$1" \
      -e "CACHE_PATH=\"$2\"" >"$work/log" 2>&1; } 2>"$work/time"; then
    echo "done_when: the build into $1 failed:" >&2; tail -20 "$work/log" >&2; exit 1
  fi
  read -r wall user sys <"$work/time"
}
echo "done-when: $n SYNTHETIC letters beside $(git -C "$root" rev-parse --short HEAD)'s content, in $work; $(date -u +%FT%TZ)"
build output cache; full=$wall
echo "  from nothing: ${full} s wall (${user} + ${sys} s CPU)"
"$py" bench/synthetic.py 1 content/synthetic --start $((n + 1)) >/dev/null
sleep 3
build output cache; newest=$wall
"$py" bench/synthetic.py 1 content/synthetic --start $((n + 2)) --among "$n" >/dev/null
sleep 3
build output cache; among=$wall
build output2 cache2; again=$wall
share() { awk -v a="$1" -v b="$full" -v c="$again" 'BEGIN { printf "%.1f %% / %.1f %%", 100*a/b, 100*a/c }'; }
echo "  one letter added, dated after every other: ${newest} s ($(share "$newest") of the two builds from nothing)"
echo "  one more added, dated among the others: ${among} s ($(share "$among"))"
echo "  the same content from nothing in another folder: ${again} s"
if diff -r output output2 >/dev/null; then
  echo "  diff -r of the rebuilt output and the one built from nothing: identical"
else
  echo "  diff -r of the rebuilt output and the one built from nothing: DIFFERENT"
  exit 1
fi
