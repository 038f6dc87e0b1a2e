#!/usr/bin/env bash
# Builds the browser bundles into a site folder (the studio's, with every page, and the client's,
# with a visitor's pages only): the wasm32 build, wasm-bindgen, wasm-opt (release),
# then content-hashed names (so /pkg/* can be cached as immutable, and an old bundle never meets
# new HTML after a deploy) and brotli at quality 11 beside each file (served as is, never
# compressed per request). `pkg/assets.txt` tells the server the names.
#
#   tools/bundle.sh debug   target/site-debug
#   tools/bundle.sh release target/site
set -euo pipefail
# A failed step inside `$(bundle …)` stops the script too.
shopt -s inherit_errexit
profile=$1
site=$2
cd "$(dirname "$0")/.."

case "$profile" in
  debug) cargo_profile=(); built=debug ;;
  release) cargo_profile=(--profile wasm-release); built=wasm-release ;;
  *) echo "usage: $0 debug|release SITE" >&2; exit 2 ;;
esac

staging="$site/pkg.new"
rm -rf "$staging"
mkdir -p "$staging"
hash_of() { cat "$@" | sha256sum | cut -c1-16; }

# bundle NAME CARGO-FEATURE-ARGS…: builds the frontend with those features into NAME-HASH.js and
# NAME-HASH_bg.wasm, and prints NAME-HASH.
bundle() {
  local name=$1; shift
  cargo build -p frontend --lib --target wasm32-unknown-unknown "${cargo_profile[@]}" "$@" >&2
  wasm-bindgen --target web --no-typescript --out-name "$name" --out-dir "$staging" \
    "target/wasm32-unknown-unknown/$built/frontend.wasm" >&2
  if [ "$profile" = release ]; then
    end2end/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
      "$staging/${name}_bg.wasm" -o "$staging/${name}_bg.wasm" >&2
  fi
  local hashed
  hashed="$name-$(hash_of "$staging/$name.js" "$staging/${name}_bg.wasm")"
  # The JS names its wasm only as a default the hydration script overrides; keep it true anyway.
  sed "s/${name}_bg\.wasm/${hashed}_bg.wasm/g" "$staging/$name.js" > "$staging/$hashed.js"
  mv "$staging/${name}_bg.wasm" "$staging/${hashed}_bg.wasm"
  rm "$staging/$name.js"
  node tools/brotli.mjs "$staging/$hashed.js" "$staging/${hashed}_bg.wasm"
  echo "$hashed"
}

# The studio bundle has every page; the client bundle (what visitors download) the gallery's.
studio=$(bundle studio)
client=$(bundle client --no-default-features)
css="proofroom-$(hash_of style/main.css).css"
cp style/main.css "$staging/$css"
node tools/brotli.mjs "$staging/$css"
printf 'bundle: %s\nclient: %s\ncss: %s\n' "$studio" "$client" "$css" > "$staging/assets.txt"

rm -rf "$site/pkg"
mv "$staging" "$site/pkg"
cp -R public/. "$site/"
for b in "$studio" "$client"; do
  echo "$site/pkg/$b: wasm $(stat -c %s "$site/pkg/${b}_bg.wasm") bytes, brotli $(stat -c %s "$site/pkg/${b}_bg.wasm.br") bytes"
done
