#!/usr/bin/env bash
# A Debian sid root for the CPythons people run now (3.13.x, 3.14, 3.15), and a way to run any
# command of the project inside it.
#
# Why a root: sid's CPythons are built against glibc >= 2.38, newer than Debian 12's, so they cannot
# run on a Debian 12 host; inside a sid root they run as they are, and so do the host's native CLI,
# worker and .NET SDK (glibc is backward compatible), bind-mounted at the same paths.
#
# Usage:
#   scripts/sid-root.sh create [--ecosystem]      make the root, or add what is missing; idempotent
#   scripts/sid-root.sh run [--ecosystem] [--] COMMAND [ARGS...]
#                                                 run COMMAND inside (creating the root first if needed)
#   scripts/sid-root.sh path                      print the root's folder
#   scripts/sid-root.sh packages [--ecosystem]    print the Debian packages a root of that kind holds
#   scripts/sid-root.sh remove                    delete the root
#
# --ecosystem adds sid's popular extension packages (numpy, lxml, cryptography, ...) built for its
# python3 (3.14): what `subinterp matrix --modules site` measures for compat-matrix/ecosystem/.
#
# Inside, the repository is at the same path as outside, and so are the .NET SDK (/usr/share/dotnet,
# `dotnet` on PATH), NuGet's package folder (~/.nuget) and any folder named by --bind or
# SUBINTERP_SID_BIND (colon-separated). The working directory is kept when it is one of those.
# Each `run` mounts in a private mount namespace (unshare -m): the mounts vanish when the command
# ends, whatever way it ends, and two runs at once do not disturb each other.
#
# Environment:
#   SUBINTERP_SID_ROOT    the root's folder (default: ${XDG_CACHE_HOME:-~/.cache}/subinterp/sid-root)
#   SUBINTERP_SID_MIRROR  the Debian mirror (default: the one the system's apt sources name)
#   SUBINTERP_SID_BIND    extra folders to bind at the same path, colon-separated
# Needs: root (debootstrap, chroot, mount), debootstrap (installed with apt-get when missing).
# Measured on a 2-core Debian 12 machine: debootstrap ~40 s, the base packages ~30 s (~1 GB);
# --ecosystem ~40 s more.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="${SUBINTERP_SID_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/subinterp/sid-root}"
STAMP_DIR=".subinterp-sid-root"

# The CPythons, their test packages and headers (the sample suites build C extensions), pytest.
BASE_PACKAGES=(
  ca-certificates
  python3.13 libpython3.13 libpython3.13-dev libpython3.13-testsuite python3.13-venv
  python3.14 libpython3.14 libpython3.14-dev libpython3.14-testsuite python3.14-venv
  python3.15 libpython3.15 libpython3.15-dev libpython3.15-testsuite python3.15-venv
  python3-pytest gcc libc6-dev
)
# Popular extension packages, built by Debian for sid's python3 (3.14); each brings its own
# extension modules (compat-matrix/ecosystem/ lists them). Pure-Python dependencies come along.
ECOSYSTEM_PACKAGES=(
  python3-numpy python3-lxml python3-yaml python3-msgpack python3-ujson python3-orjson
  python3-cryptography python3-pydantic-core python3-bcrypt python3-rpds-py python3-psutil
  python3-regex python3-simplejson python3-markupsafe python3-zstandard python3-greenlet
  python3-pil python3-charset-normalizer python3-frozenlist python3-multidict python3-yarl
  python3-aiohttp python3-wrapt python3-cffi python3-bitarray python3-brotli python3-propcache
  python3-setproctitle python3-xxhash python3-levenshtein python3-rapidfuzz python3-pyrsistent
  python3-gevent python3-lz4 python3-ruamel.yaml.clib python3-tornado python3-sqlalchemy
  python3-nacl python3-pycryptodome python3-uvloop python3-zmq python3-crcmod
  python3-tokenizers python3-blake3 python3-kiwisolver python3-pyroaring python3-cbor2 python3-pycurl
)

say() { printf 'sid-root: %s\n' "$*" >&2; }
die() { printf 'sid-root: ERROR: %s\n' "$*" >&2; exit 2; }

usage() { sed -n '5,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

mirror() {
  if [[ -n "${SUBINTERP_SID_MIRROR:-}" ]]; then
    echo "$SUBINTERP_SID_MIRROR"
    return
  fi
  local uri=""
  shopt -s nullglob
  for f in /etc/apt/sources.list.d/*.sources; do
    uri="$(awk '/^URIs:/ && $2 !~ /security/ && $2 ~ /debian/ { print $2; exit }' "$f")"
    [[ -n "$uri" ]] && break
  done
  if [[ -z "$uri" && -f /etc/apt/sources.list ]]; then
    uri="$(awk '$1 == "deb" && $2 !~ /security/ && $2 ~ /debian/ { print $2; exit }' /etc/apt/sources.list)"
  fi
  shopt -u nullglob
  echo "${uri:-http://deb.debian.org/debian}"
}

need_root() {
  [[ $(id -u) -eq 0 ]] || die "needs root (debootstrap, chroot and mount do); run it with sudo"
  for tool in unshare chroot mount; do
    command -v "$tool" >/dev/null || die "needs $tool (util-linux, coreutils)"
  done
}

packages_for() {  # packages_for ECOSYSTEM(0|1)
  printf '%s\n' "${BASE_PACKAGES[@]}"
  if [[ "$1" == 1 ]]; then printf '%s\n' "${ECOSYSTEM_PACKAGES[@]}"; fi
}

# chroot_in ROOT COMMAND...: a command inside the root with /proc, /dev and /sys mounted, in a
# private mount namespace, so nothing is left mounted whatever happens.
chroot_in() {
  local root="$1"; shift
  unshare --mount --propagation private -- bash -c '
    set -e
    root="$1"; shift
    mount --bind /proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount --rbind /sys "$root/sys"
    exec chroot "$root" "$@"' chroot_in "$root" "$@"
}

apt_in() {  # apt_in ROOT apt-get ARGS...
  local root="$1"; shift
  # The served sid snapshot's Release file is past its Valid-Until date.
  chroot_in "$root" env DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    "$@"
}

installed_stamp() { cat "$ROOT/$STAMP_DIR/packages" 2>/dev/null || true; }

create() {  # create ECOSYSTEM(0|1)
  need_root
  local ecosystem="$1"
  if [[ ! -x "$ROOT/usr/bin/apt-get" || ! -f "$ROOT/$STAMP_DIR/bootstrapped" ]]; then
    command -v debootstrap >/dev/null || {
      say "installing debootstrap (apt-get)"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap </dev/null >&2 \
        || { DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null >&2 \
             && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap </dev/null >&2; } \
        || die "could not install debootstrap"
    }
    local partial="$ROOT.partial"
    rm -rf "$partial"
    mkdir -p "$(dirname "$ROOT")"
    local m; m="$(mirror)"
    say "debootstrap --variant=minbase sid $partial $m (about 40 s)"
    # A failed bootstrap leaves nothing behind: it is built beside the root and moved in at the end.
    if ! debootstrap --variant=minbase --include=ca-certificates sid "$partial" "$m" >"$ROOT.debootstrap.log" 2>&1; then
      tail -20 "$ROOT.debootstrap.log" >&2
      rm -rf "$partial"
      die "debootstrap failed (log above, whole log in $ROOT.debootstrap.log); is $m reachable? Set SUBINTERP_SID_MIRROR to another mirror."
    fi
    mkdir -p "$partial/$STAMP_DIR" "$partial/usr/share/dotnet"
    ln -sf /usr/share/dotnet/dotnet "$partial/usr/bin/dotnet"
    date -u +%FT%TZ >"$partial/$STAMP_DIR/bootstrapped"
    rm -rf "$ROOT"
    mv "$partial" "$ROOT"
    rm -f "$ROOT.debootstrap.log"
  fi
  local wanted missing=()
  wanted="$(packages_for "$ecosystem")"
  local have; have="$(installed_stamp)"
  while read -r p; do
    grep -qxF "$p" <<<"$have" || missing+=("$p")
  done <<<"$wanted"
  if [[ ${#missing[@]} -eq 0 ]]; then
    say "up to date: $ROOT"
    return
  fi
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
  say "apt-get install ${#missing[@]} packages into $ROOT (about 30 s)"
  apt_in "$ROOT" apt-get -q -o Acquire::Check-Valid-Until=false update >&2 \
    || die "apt-get update inside $ROOT failed (output above)"
  # Packages sid no longer has are named and skipped, not fatal: the root is still useful.
  local available=() p
  for p in "${missing[@]}"; do
    if apt_in "$ROOT" apt-cache show "$p" >/dev/null 2>&1; then available+=("$p"); else say "sid has no package $p: skipped"; fi
  done
  apt_in "$ROOT" apt-get install -y -q --no-install-recommends "${available[@]}" >&2 \
    || die "apt-get install inside $ROOT failed (output above); run the same command again to retry"
  apt_in "$ROOT" apt-get clean >&2 || true
  { printf '%s\n' "$have"; printf '%s\n' "${missing[@]}"; } | sed '/^$/d' | sort -u >"$ROOT/$STAMP_DIR/packages"
  say "ready: $ROOT"
}

run_inside() {  # run_inside ECOSYSTEM BIND... -- COMMAND...
  local ecosystem="$1"; shift
  local binds=()
  while [[ $# -gt 0 && "$1" != "--" ]]; do binds+=("$1"); shift; done
  [[ $# -gt 0 ]] && shift
  [[ $# -gt 0 ]] || die "run: no command given (scripts/sid-root.sh run -- COMMAND ARGS...)"
  create "$ecosystem"
  binds+=("$REPO")
  [[ -d /usr/share/dotnet ]] && binds+=(/usr/share/dotnet)
  [[ -d "$HOME/.nuget" ]] && binds+=("$HOME/.nuget")
  [[ -d /opt/nuget ]] && binds+=(/opt/nuget)
  if [[ -n "${SUBINTERP_SID_BIND:-}" ]]; then
    local extra; IFS=: read -r -a extra <<<"$SUBINTERP_SID_BIND"
    binds+=("${extra[@]}")
  fi
  # The host's trust store and name servers: NuGet (restore, and its vulnerability audit, an error
  # with warnings as errors) must reach the same servers through the same proxies as on the host.
  [[ -d /etc/ssl/certs ]] && binds+=(/etc/ssl/certs)
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
  local cwd="/" b
  for b in "${binds[@]}"; do
    [[ -d "$b" ]] || die "--bind $b: no such folder"
    if [[ "$PWD" == "$b" || "$PWD" == "$b"/* ]]; then cwd="$PWD"; fi
  done
  local envs=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "HOME=$HOME" LANG=C.UTF-8
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 SUBINTERP_IN_SID_ROOT=1)
  local name
  for name in $(compgen -e); do
    case "$name" in
      CI|TERM|GITHUB_*|DOTNET_*|NUGET_*|SUBINTERP_*|PYTHON*|SSL_CERT_*|*_proxy|*_PROXY) envs+=("$name=${!name}") ;;
    esac
  done
  unshare --mount --propagation private -- bash -c '
    set -e
    root="$1"; cwd="$2"; nb="$3"; ne="$4"; shift 4
    binds=("${@:1:$nb}"); shift "$nb"
    envs=("${@:1:$ne}"); shift "$ne"
    mount --bind /proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount --rbind /sys "$root/sys"
    for b in "${binds[@]}"; do
      mkdir -p "$root$b"
      mount --rbind "$b" "$root$b"
    done
    exec chroot "$root" /usr/bin/env -i "${envs[@]}" /bin/bash -c "cd \"\$1\" && shift && exec \"\$@\"" sid-root "$cwd" "$@"
  ' run_inside "$ROOT" "$cwd" "${#binds[@]}" "${#envs[@]}" "${binds[@]}" "${envs[@]}" "$@"
}

cmd="${1:-}"; [[ $# -gt 0 ]] && shift
ecosystem=0
binds=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --ecosystem) ecosystem=1; shift ;;
    --bind) [[ $# -ge 2 ]] || die "--bind needs a folder"; binds+=("$(cd "$2" && pwd)"); shift 2 ;;
    --) shift; break ;;
    -h|--help) usage ;;
    *) break ;;
  esac
done

case "$cmd" in
  create) [[ $# -eq 0 ]] || die "create: unexpected argument $1"; create "$ecosystem" ;;
  run) need_root; run_inside "$ecosystem" "${binds[@]}" -- "$@" ;;
  path) echo "$ROOT" ;;
  packages) packages_for "$ecosystem" ;;
  remove) need_root; rm -rf "$ROOT" "$ROOT.partial"; say "removed $ROOT" ;;
  ""|-h|--help) usage ;;
  *) die "unknown command '$cmd' (create, run, path, packages, remove)" ;;
esac
