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
  release)
    # The release bundle builds the standard library too, for size (`rust-src`, which `make
    # setup` installs): with `panic = "immediate-abort"` a panic is a trap at once, so neither
    # std's panic machinery nor any panic message is in the bundle; `optimize_for_size` picks
    # std's smaller code paths; `location-detail=none` drops the file and line of each panic.
    # Together 8 % of the client bundle as served (brotli: 350 → 323 KiB) and 7 % of the
    # studio's. A panic in a release bundle then shows in the console as "unreachable" with no
    # message; the debug bundle keeps the messages. (The first such build fetches std's own
    # dependencies from crates.io.) These flags are unstable and the machines have only the
    # stable toolchain (1.95), hence RUSTC_BOOTSTRAP for this one build; the server and the
    # debug bundle use none.
    cargo_profile=(-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size -Zpanic-immediate-abort
      --profile wasm-release --config 'profile.wasm-release.panic="immediate-abort"')
    export RUSTC_BOOTSTRAP=1
    # (Cargo adds this to the target's flags in .cargo/config.toml.)
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:+$CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS }-Zlocation-detail=none"
    built=wasm-release ;;
  *) echo "usage: $0 debug|release SITE" >&2; exit 2 ;;
esac

staging="$site/pkg.new"
rm -rf "$staging"
mkdir -p "$staging"
hash_of() { cat "$@" | sha256sum | cut -c1-16; }

# bundle NAME CARGO-FEATURE-ARGS…: builds the frontend with those features into NAME-HASH.js,
# NAME-HASH_bg.wasm and the lazily loaded parts (`#[lazy]` functions: NAME-HASH_split.js, which
# fetches NAME-HASH_chunk_*.wasm and NAME-HASH_split_*.wasm when first called), and prints
# NAME-HASH. One hash of every file names them all: the parts refer to each other in a circle
# (the main module imports the loader, the loader the main module), so no file can carry a hash
# of the others.
bundle() {
  local name=$1; shift
  local parts="$staging/$name.parts"
  cargo build -p frontend --lib --target wasm32-unknown-unknown "${cargo_profile[@]}" "$@" >&2
  # Cuts the lazy functions out of the main module (wasm_split_cli_support, as cargo-leptos's
  # `--split` does); wasm-bindgen then keeps the exports the parts link against.
  mkdir -p "$parts"
  wasm-split-cli --out-name "$name" "target/wasm32-unknown-unknown/$built/frontend.wasm" "$parts" >&2
  wasm-bindgen --target web --no-typescript --keep-lld-exports --out-name "$name" --out-dir "$parts" \
    "$parts/$name.wasm" >&2
  rm "$parts/$name.wasm"
  if [ "$profile" = release ]; then
    for wasm in "$parts"/*.wasm; do
      # WASM_NAMES=1 keeps the functions' names, for a CPU profile (bench/README.md).
      end2end/node_modules/.bin/wasm-opt -Oz ${WASM_NAMES:+-g} --enable-bulk-memory --enable-nontrapping-float-to-int \
        "$wasm" -o "$wasm" >&2
    done
  fi
  local hashed
  # (This script is hashed too: how it rewrites the files is part of what they hold.)
  hashed="$name-$(hash_of "$parts"/* "$0" tools/fetch_part.js)"
  # Every file renamed NAME-HASH…, every reference to one rewritten: `./__wasm_split.js` (the
  # loader), `./NAME.js`, `NAME_bg.wasm`, `./chunk_N.wasm`, `./split_X.wasm`.
  # (The main module's imports object keeps the key "./__wasm_split.js": the wasm's own name for
  # its import. Only the `from` of the import statement moves.)
  local rewrite=(-e "s#from \"\./__wasm_split\.js\"#from \"./${hashed}_split.js\"#g" -e "s#\./${name}\.js#./${hashed}.js#g"
    -e "s#${name}_bg\.wasm#${hashed}_bg.wasm#g" -e "s#\./\(chunk_[0-9]*\|split_[A-Za-z0-9_]*\)\.wasm#./${hashed}_\1.wasm#g")
  sed "${rewrite[@]}" "$parts/$name.js" > "$staging/$hashed.js"
  if [ -f "$parts/__wasm_split.js" ]; then
    # The loader fetches its parts through tools/fetch_part.js, which retries.
    grep -q 'const src = fetch(new URL(' "$parts/__wasm_split.js" || { echo "the loader no longer fetches as tools/fetch_part.js expects" >&2; exit 1; }
    { sed "${rewrite[@]}" -e 's#const src = fetch(new URL(#const src = fetchPart(new URL(#' "$parts/__wasm_split.js"; cat tools/fetch_part.js; } > "$staging/${hashed}_split.js"
  fi
  mv "$parts/${name}_bg.wasm" "$staging/${hashed}_bg.wasm"
  for wasm in "$parts"/chunk_*.wasm "$parts"/split_*.wasm; do
    [ -e "$wasm" ] && mv "$wasm" "$staging/${hashed}_$(basename "$wasm")"
  done
  rm -r "$parts"
  node tools/brotli.mjs "$staging/$hashed".js "$staging/$hashed"_*
  echo "$hashed"
}

# parts_of NAME FUNCTION: the files of the lazy FUNCTION's part of bundle NAME, its own and the
# chunks it shares with other parts, as the loader (NAME_split.js) lists them: the fetch of
# `NAME_split_FUNCTION_….wasm`, then the list of the chunks it waits for (`, [__chunk_4, …]`).
parts_of() {
  awk -v name="$1" -v fn="$2" '
    $0 ~ ("_split_" fn "_[0-9]+\\.wasm") && match($0, /"\.\/[^"]+\.wasm"/) { own = substr($0, RSTART + 3, RLENGTH - 4); next }
    own != "" && /^, \[/ {
      while (match($0, /__chunk_[0-9]+/)) { printf "%s_chunk_%s.wasm ", name, substr($0, RSTART + 8, RLENGTH - 8); $0 = substr($0, RSTART + RLENGTH) }
      print own; exit
    }' "$staging/${1}_split.js"
}

# The studio bundle has every page; the client bundle (what visitors download) the gallery's.
studio=$(bundle studio)
client=$(bundle client --no-default-features)
# A gallery fetches the lightbox's part ahead, a page that opens on a photo in <head>
# (app::client_hydration).
lightbox=$(parts_of "$client" lightbox_part)
[ -n "$lightbox" ] || { echo "the client bundle has no lightbox part" >&2; exit 1; }
css="proofroom-$(hash_of style/main.css).css"
cp style/main.css "$staging/$css"
node tools/brotli.mjs "$staging/$css"
printf 'bundle: %s\nclient: %s\nclient-lightbox: %s\ncss: %s\n' "$studio" "$client" "$lightbox" "$css" > "$staging/assets.txt"

rm -rf "$site/pkg"
mv "$staging" "$site/pkg"
cp -R public/. "$site/"
for b in "$studio" "$client"; do
  echo "$site/pkg/$b: wasm $(stat -c %s "$site/pkg/${b}_bg.wasm") bytes, brotli $(stat -c %s "$site/pkg/${b}_bg.wasm.br") bytes;" \
    "lazy parts $(cat "$site/pkg/${b}"_*_*.wasm 2>/dev/null | wc -c) bytes"
done
