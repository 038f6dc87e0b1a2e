#!/usr/bin/env bash
# Runs a command beside a local S3-compatible server: moto's server mode (PyPI), in memory, on a
# free port of 127.0.0.1, with the bucket the tests use. The command gets TEST_S3_ENDPOINT and
# TEST_S3_BUCKET (see server/tests/it/support.rs) and the AWS_* variables a `server serve` needs.
# The server stops when the command ends.
#
#   tools/with-s3.sh cargo test -p server --test it -- upload::
#
# Why moto: it installs from PyPI (the only registry for such a server here besides crates.io),
# speaks the S3 calls object_store makes (multipart upload and abort, ranged GET, copy, list,
# conditional requests), and keeps nothing on disk between runs.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/tools/moto
if [ ! -x "$venv/bin/moto_server" ]; then
  echo "Installing moto's S3 server (PyPI, once)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'moto[server]==5.*'
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp /tmp/proofroom-moto.XXXXXX)
"$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log"' EXIT

endpoint="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "$endpoint/" 2>/dev/null && break
  sleep 0.1
done
bucket=${TEST_S3_BUCKET:-proofroom-test}
curl -fsS -o /dev/null -X PUT "$endpoint/$bucket" || { cat "$log"; exit 1; }

export TEST_S3_ENDPOINT=$endpoint TEST_S3_BUCKET=$bucket
export AWS_ENDPOINT_URL=$endpoint AWS_ALLOW_HTTP=true AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
"$@"
