#!/usr/bin/env bash
# Set up a fresh Debian machine (Python 3.11+, Node.js with npm) to run the app; with --test, the tests too.
# Installs: a virtual environment in .venv (uv when it can, pip otherwise), the pinned npm packages
# (Leaflet, the Natural Earth topology), the map's assets into static/vendor, and for --test Debian's chromium
# and nginx.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=false
[ "${1:-}" = "--test" ] && want_tests=true
extras=""
$want_tests && extras="[test]"

python=${PYTHON:-python3}
if ! command -v uv >/dev/null 2>&1; then
  "$python" -m pip install --quiet --disable-pip-version-check uv || true
fi
if command -v uv >/dev/null 2>&1 || "$python" -m uv --version >/dev/null 2>&1; then
  uv_cmd=$(command -v uv || echo "$python -m uv")
  [ -x .venv/bin/python ] || $uv_cmd venv --quiet --python "$python" .venv
  $uv_cmd pip install --quiet --python .venv/bin/python -e ".$extras"
else
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".$extras"
fi

npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
.venv/bin/python -m geo assets >/dev/null

# The browser tests drive Debian's chromium; the scale-out test puts Debian's nginx in front of the app.
missing=""
if $want_tests; then
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
fi
if [ -n "$missing" ]; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    echo "setup: not installed:$missing (needs root); the tests that use them will be skipped" >&2
  fi
fi
echo "setup: ready"
