#!/usr/bin/env bash
# Runs a command beside a local S3-compatible server on a free port of 127.0.0.1, with the bucket
# the tests use. The command gets TEST_S3_ENDPOINT and TEST_S3_BUCKET (see
# server/tests/it/support.rs) and the AWS_* variables a `server serve` needs. The server stops
# when the command ends.
#
#   tools/with-s3.sh cargo test -p server --test it -- upload::
#   S3_SERVER=s3s-fs tools/with-s3.sh target/tools/moto/bin/python bench/s3.py
#
# Two servers, both installed from a registry on first use:
# - moto's server mode (PyPI), in memory: the default, what the tests run on. It speaks every S3
#   call object_store makes (multipart upload and abort, ranged GET, copy, list, conditional
#   requests) and keeps nothing between runs. It is Python: each request costs it about a
#   millisecond of CPU, which a ZIP of 200 objects feels.
# - s3s-fs (crates.io; `S3_SERVER=s3s-fs`), on a scratch folder: a Rust server that checks
#   SigV4 signatures and sends its answers in small pieces with pauses, as a distant store does.
#   It is no faster than moto, but it shows what a slow store costs us in memory (bench/s3.py:
#   50 ZIPs held 68-73 MB on it before `ReadAhead` had a budget, 17 MB on moto). It ignores
#   conditional GETs, so the tests stay on moto. 0.14.1 is the last release that builds on
#   Rust 1.95; it compiles in about six minutes, once.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/tools/moto
if [ ! -x "$venv/bin/moto_server" ]; then
  echo "Installing moto's S3 server (PyPI, once)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'moto[server]==5.*'
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp /tmp/proofroom-s3.XXXXXX)
server="" root=""
trap '[ -z "$server" ] || { kill $server 2>/dev/null; wait $server 2>/dev/null || true; }; rm -rf "$log" ${root:+"$root"}' EXIT
bucket=${TEST_S3_BUCKET:-proofroom-test}
case "${S3_SERVER:-moto}" in
  moto)
    "$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
    server=$! ;;
  s3s-fs)
    s3s=target/tools/s3s-fs
    if [ ! -x "$s3s/bin/s3s-fs" ]; then
      echo "Installing s3s-fs (crates.io, about 6 minutes, once)"
      cargo install -q --locked --root "$s3s" s3s-fs --version 0.14.1 --features binary
    fi
    root=$(mktemp -d /tmp/proofroom-s3s.XXXXXX)
    mkdir "$root/$bucket"
    "$s3s/bin/s3s-fs" --host 127.0.0.1 --port "$port" --access-key testing --secret-key testing "$root" >"$log" 2>&1 &
    server=$! ;;
  *) echo "S3_SERVER is moto or s3s-fs" >&2; exit 2 ;;
esac

endpoint="http://127.0.0.1:$port"
# Any answer will do (s3s-fs refuses an unsigned request).
for _ in $(seq 1 100); do
  curl -sS -o /dev/null "$endpoint/" 2>/dev/null && break
  sleep 0.1
done
curl -sS -o /dev/null "$endpoint/" 2>/dev/null || { echo "the S3 server did not start:" >&2; cat "$log" >&2; exit 1; }
if [ "${S3_SERVER:-moto}" = moto ]; then
  curl -fsS -o /dev/null -X PUT "$endpoint/$bucket" || { cat "$log"; exit 1; }
fi

export TEST_S3_ENDPOINT=$endpoint TEST_S3_BUCKET=$bucket
export AWS_ENDPOINT_URL=$endpoint AWS_ALLOW_HTTP=true AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
"$@"
