#!/usr/bin/env bash
# Splits the inline SVG charts of an HTML report into one file per chart,
# named after the section and subsection that hold it, for the book:
#
#   scripts/book-figures.sh [REPORT] [OUT_DIR]
#
# By default it reads the committed example report,
# reports/example/index.html, and writes book/src/figures/, e.g.
# speedup-over-seq-heavy.svg or memory-bandwidth-on-light.svg.
# scripts/book.sh runs it before every build, so the figures always match
# the example report; book/src/figures/ is git-ignored.
set -euo pipefail
cd "$(dirname "$0")/.."
report=${1:-reports/example/index.html}
out=${2:-book/src/figures}
[ -s "$report" ] || { echo "book-figures: no report at $report" >&2; exit 1; }
mkdir -p "$out"
rm -f "$out"/*.svg
# One pass over the whole page: remember the last <h2> and <h3>, and write
# each <svg>...</svg> to <h2>-<h3>.svg (or <h2>.svg under a bare <h2>).
awk -v out="$out" -v report="$report" '
function slug(text) {
  text = tolower(text)
  gsub(/&[a-z]+;|&#[0-9]+;/, " ", text)
  gsub(/[^a-z0-9]+/, "-", text)
  gsub(/^-+|-+$/, "", text)
  return text
}
function heading_text(s, start,    rest) {
  rest = substr(s, start)
  rest = substr(rest, index(rest, ">") + 1)
  return substr(rest, 1, index(rest, "</h") - 1)
}
BEGIN { RS = "\001" }
{
  s = $0; h2 = ""; h3 = ""; count = 0
  while (1) {
    a = index(s, "<h2"); b = index(s, "<h3"); c = index(s, "<svg")
    next_at = 0
    if (a > 0) next_at = a
    if (b > 0 && (next_at == 0 || b < next_at)) next_at = b
    if (c > 0 && (next_at == 0 || c < next_at)) next_at = c
    if (next_at == 0) break
    if (next_at == a) { h2 = slug(heading_text(s, a)); h3 = ""; s = substr(s, a + 3); continue }
    if (next_at == b) { h3 = slug(heading_text(s, b)); s = substr(s, b + 3); continue }
    end = index(substr(s, c), "</svg>")
    if (end == 0) { print "book-figures: an <svg> without </svg>" > "/dev/stderr"; exit 1 }
    name = (h3 == "") ? h2 : h2 "-" h3
    file = out "/" name ".svg"
    printf "<!-- From %s (the example machine), by scripts/book-figures.sh: do not edit. -->\n", report > file
    print substr(s, c, end + 5) > file
    close(file)
    count++
    s = substr(s, c + end + 5)
  }
  if (count == 0) { print "book-figures: no <svg> in " report > "/dev/stderr"; exit 1 }
  printf "book-figures: %d charts from %s into %s\n", count, report, out
}' "$report"
