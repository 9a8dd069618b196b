#!/usr/bin/env bash
# Fetch the pure-Python test dependencies (pytest and what it needs) without PyPI.
#
# Downloads Debian's pure-Python packages from the `sid` suite of the same mirror the system uses
# (they work with CPython 3.12/3.13), unpacks them with `dpkg -x` into $REPO/.deps/python and
# prints the folder to put on PYTHONPATH. The system's apt state (lists, cache, sources) is left
# unchanged: apt runs with a private sources file, lists folder and cache under $REPO/.deps/apt.
#
# Idempotent: does nothing when the packages are already unpacked. `--force` fetches again.
# Usage: scripts/fetch-python-deps.sh [--force]     (prints the dist-packages path on stdout)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS="$REPO/.deps"
APT_DIR="$DEPS/apt"
OUT="$DEPS/python"
SITE="$OUT/usr/lib/python3/dist-packages"
STAMP="$OUT/.fetched"
PACKAGES=(python3-pytest python3-pluggy python3-iniconfig python3-packaging python3-pygments)
SUITE=sid
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
SYSTEM_SOURCES=/etc/apt/sources.list.d/debian.sources

log() { printf 'fetch-python-deps: %s\n' "$*" >&2; }

force=0
case "${1:-}" in
  --force) force=1 ;;
  "") ;;
  *) echo "usage: $0 [--force]" >&2; exit 2 ;;
esac

if [[ $force -eq 0 && -f "$STAMP" && "$(cat "$STAMP")" == "${PACKAGES[*]}" && -d "$SITE/pytest" ]]; then
  log "already present in $OUT"
  echo "$SITE"
  exit 0
fi

for tool in apt-get dpkg; do
  command -v "$tool" >/dev/null || { log "needs $tool (a Debian-based machine)"; exit 1; }
done
[[ -f "$KEYRING" ]] || { log "missing $KEYRING (apt-get install debian-archive-keyring)"; exit 1; }

# The mirror: the first URI of the system's main (non-security) Debian source; deb.debian.org if none.
MIRROR=""
if [[ -f "$SYSTEM_SOURCES" ]]; then
  MIRROR="$(awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }' "$SYSTEM_SOURCES")"
fi
MIRROR="${MIRROR:-http://deb.debian.org/debian}"

mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$APT_DIR/debs"
SOURCES="$APT_DIR/sid.sources"
cat > "$SOURCES" <<SOURCES_EOF
Types: deb
URIs: $MIRROR
Suites: $SUITE
Components: main
Targets: Packages
Signed-By: $KEYRING
SOURCES_EOF

APT_OPTS=(
  -o "Dir::Etc::sourcelist=$SOURCES"
  -o "Dir::Etc::sourceparts=/dev/null"
  -o "Dir::State::Lists=$APT_DIR/lists"
  -o "Dir::Cache=$APT_DIR/cache"
  -o "Dir::Cache::archives=$APT_DIR/cache/archives"
  -o "APT::Update::Post-Invoke::="
  -o "APT::Sandbox::User=root"
  -o "Acquire::Languages=none"
)

log "apt-get update ($MIRROR $SUITE, private lists in $APT_DIR)"
apt-get -q "${APT_OPTS[@]}" update >&2

log "apt-get download ${PACKAGES[*]}"
rm -f "$APT_DIR/debs/"*.deb
(cd "$APT_DIR/debs" && apt-get -q "${APT_OPTS[@]}" download "${PACKAGES[@]}" >&2)

rm -rf "$OUT"
mkdir -p "$OUT"
for deb in "$APT_DIR/debs/"*.deb; do
  log "unpack $(basename "$deb")"
  dpkg -x "$deb" "$OUT"
done
[[ -d "$SITE/pytest" ]] || { log "pytest not found in $SITE after unpacking"; exit 1; }
echo "${PACKAGES[*]}" > "$STAMP"
echo "$SITE"
