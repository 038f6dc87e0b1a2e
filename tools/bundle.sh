#!/usr/bin/env bash
# Builds the browser bundle into a site folder: the wasm32 build, wasm-bindgen, wasm-opt (release),
# then content-hashed names (so /pkg/* can be cached as immutable, and an old bundle never meets
# new HTML after a deploy) and brotli at quality 11 beside each file (served as is, never
# compressed per request). `pkg/assets.txt` tells the server the names.
#
#   tools/bundle.sh debug   target/site-debug
#   tools/bundle.sh release target/site
set -euo pipefail
profile=$1
site=$2
cd "$(dirname "$0")/.."

case "$profile" in
  debug) cargo build -p frontend --lib --target wasm32-unknown-unknown; built=debug ;;
  release) cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release; built=wasm-release ;;
  *) echo "usage: $0 debug|release SITE" >&2; exit 2 ;;
esac

staging="$site/pkg.new"
rm -rf "$staging"
mkdir -p "$staging"
wasm-bindgen --target web --no-typescript --out-name proofroom --out-dir "$staging" \
  "target/wasm32-unknown-unknown/$built/frontend.wasm"
if [ "$profile" = release ]; then
  end2end/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$staging/proofroom_bg.wasm" -o "$staging/proofroom_bg.wasm"
fi

hash_of() { cat "$@" | sha256sum | cut -c1-16; }
bundle="proofroom-$(hash_of "$staging/proofroom.js" "$staging/proofroom_bg.wasm")"
# The JS names its wasm only as a default the hydration script overrides; keep it true anyway.
sed "s/proofroom_bg\.wasm/${bundle}_bg.wasm/g" "$staging/proofroom.js" > "$staging/$bundle.js"
mv "$staging/proofroom_bg.wasm" "$staging/${bundle}_bg.wasm"
rm "$staging/proofroom.js"
css="proofroom-$(hash_of style/main.css).css"
cp style/main.css "$staging/$css"
printf 'bundle: %s\ncss: %s\n' "$bundle" "$css" > "$staging/assets.txt"

node tools/brotli.mjs "$staging/$bundle.js" "$staging/${bundle}_bg.wasm" "$staging/$css"

rm -rf "$site/pkg"
mv "$staging" "$site/pkg"
cp -R public/. "$site/"
echo "$site/pkg: $bundle (.js, _bg.wasm), $css; wasm $(stat -c %s "$site/pkg/${bundle}_bg.wasm") bytes, brotli $(stat -c %s "$site/pkg/${bundle}_bg.wasm.br") bytes"
