#!/usr/bin/env bash
# The course book (book/), an mdBook built from the crates' own code.
#
#   scripts/book.sh build    # build book/book/index.html and check it
#   scripts/book.sh serve    # build, check, then serve on http://localhost:3000
#                            # (extra arguments go to `mdbook serve`)
#
# Installs the pinned mdbook with `cargo install --locked` when `mdbook
# --version` is missing or different (a few minutes of compiling, once).
# Fails on an include whose file or anchor is missing, on a {{#figure}}
# the example run does not hold (crates/book-figures) or one left unfilled
# in the built HTML, on a README figure (<!-- figure: … -->VALUE<!-- /figure -->)
# whose value is not the example run's, on any error or warning from mdbook, and on a link or
# image in the built HTML that points to a local file (or a #fragment in
# it) that does not exist.
set -euo pipefail
cd "$(dirname "$0")/.."

MDBOOK_VERSION=0.4.52
mode=${1:-build}
[ $# -gt 0 ] && shift
case "$mode" in
  build | serve) ;;
  *) echo "usage: scripts/book.sh build|serve [mdbook serve arguments]" >&2; exit 2 ;;
esac

# The pinned mdbook: on PATH, else where `cargo install` puts it, else
# installed there.
cargo_bin="${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin"
mdbook=mdbook
if [ "$(mdbook --version 2>/dev/null || true)" != "mdbook v$MDBOOK_VERSION" ]; then
  mdbook="$cargo_bin/mdbook"
  if [ "$("$mdbook" --version 2>/dev/null || true)" != "mdbook v$MDBOOK_VERSION" ]; then
    echo "== installing mdbook $MDBOOK_VERSION (cargo install --locked)"
    cargo install --locked --version "$MDBOOK_VERSION" mdbook
  fi
fi

echo "== figures from the example report"
scripts/book-figures.sh

echo "== includes: every {{#include}} names a file and anchors that exist"
bad=0
while IFS= read -r hit; do
  chapter=${hit%%:*}
  arg=${hit#*\{\{#include }
  arg=${arg%\}\}}
  path=${arg%%:*}
  anchor=
  [ "$path" != "$arg" ] && anchor=${arg#*:}
  target="$(dirname "$chapter")/$path"
  if [ ! -f "$target" ]; then
    echo "$chapter: {{#include $arg}}: no file $target"; bad=1; continue
  fi
  # A named anchor (line numbers such as 3:10 are not checked).
  if [[ "$anchor" =~ ^[A-Za-z_][A-Za-z0-9_-]*$ ]]; then
    for marker in ANCHOR ANCHOR_END; do
      if ! grep -Eq "$marker:[[:space:]]*$anchor([^A-Za-z0-9_-]|\$)" "$target"; then
        echo "$chapter: {{#include $arg}}: no '$marker: $anchor' in $target"; bad=1
      fi
    done
  fi
done < <(grep -o '{{#include [^}]*}}' book/src/*.md /dev/null | grep -v '^/dev/null')
[ "$bad" = 0 ] || exit 1

echo "== the figures preprocessor (crates/book-figures), which mdbook runs"
cargo build --quiet --locked -p doall-book-figures

echo "== figures in place: README.md holds the example run's values"
cargo run --quiet --locked -p doall-book-figures -- check README.md

echo "== mdbook $("$mdbook" --version)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! "$mdbook" build book > "$log" 2>&1; then
  cat "$log"; echo "mdbook build failed"; exit 1
fi
cat "$log"
if grep -E 'ERROR|WARN|Failed to' "$log" > /dev/null; then
  echo "mdbook reported the problems above"; exit 1
fi

echo "== figures: none left unfilled in book/book/"
if grep -l '{{#figure' book/book/*.html; then
  echo "the pages above hold a {{#figure}} that was not filled"; exit 1
fi

echo "== links: every local href and src in book/book/ exists"
bad=0
for page in book/book/*.html; do
  dir=$(dirname "$page")
  while IFS= read -r link; do
    case "$link" in
      '' | http:* | https:* | mailto:* | data:* | javascript:* | //*) continue ;;
    esac
    path=${link%%#*}
    path=${path%%\?*}
    fragment=
    [ "$path" != "$link" ] && [[ "$link" == *#* ]] && fragment=${link#*#}
    file=$page
    [ -n "$path" ] && file="$dir/$path"
    if [ ! -e "$file" ]; then
      echo "$page: broken link $link"; bad=1; continue
    fi
    if [ -n "$fragment" ] && [[ "$file" == *.html ]] \
      && ! grep -q "id=\"$fragment\"" "$file"; then
      echo "$page: broken link $link (no id=\"$fragment\" in $file)"; bad=1
    fi
  done < <(grep -oE '(href|src)="[^"]*"' "$page" | sed -E 's/^(href|src)="(.*)"$/\2/' | sort -u)
done
[ "$bad" = 0 ] || exit 1
echo "book: ok, open book/book/index.html"

if [ "$mode" = serve ]; then
  exec "$mdbook" serve book "$@"
fi
