#!/usr/bin/env bash
# Runs every benchmark in bench/ and ends with one summary line per benchmark
# (`NAME: ours/REFERENCE = RATIO` or `NAME: VALUE UNIT`), collected from their output.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
summary=()
# run NAMES COMMAND…: NAMES is one name, or several as a|b, of the summary lines it prints.
run() {
  local names=$1; shift
  echo "== $names =="
  local log="bench/results/${names%%|*}.log"
  "$@" 2>&1 | tee "$log"
  while IFS= read -r line; do summary+=("$line"); done < <(grep -E "^($names)(_[a-z0-9_]+)?: " "$log")
}
run ingest cargo bench -p media --bench ingest
run zip python3 bench/zip.py
run "archive|restore" python3 bench/archive.py
run "s3_zip|s3_upload|s3_gallery" tools/with-s3.sh target/tools/moto/bin/python bench/s3.py
run "s3_zip_on_s3s_fs|s3_zip_vs_gets_on_s3s_fs|s3_zip_rss_50_on_s3s_fs|s3_upload_on_s3s_fs|s3_gallery_rps_on_s3s_fs" \
  env S3_SERVER=s3s-fs tools/with-s3.sh target/tools/moto/bin/python bench/s3.py
run contact_sheet python3 bench/contact_sheet.py
run "gallery_ssr|wasm" python3 bench/gallery_page.py
run lcp_phone python3 bench/phone.py
run contact_sheet_render cargo bench -p backend --bench contact_sheet
run watermark cargo bench -p backend --bench watermark
run report_1m_events cargo bench -p backend --bench report
echo
echo "== summary =="
printf '%s\n' "${summary[@]}"
