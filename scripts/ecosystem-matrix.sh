#!/usr/bin/env bash
# Regenerates compat-matrix/ecosystem/: the subinterpreter readiness of Debian sid's popular
# extension packages (numpy, lxml, cryptography, orjson, ...) on CPython 3.14 and 3.15, isolated and
# legacy mode, with advice, toolchains, package verdicts and a checked reproducer per crash.
#
# Usage:
#   scripts/ecosystem-matrix.sh [--runs N] [--agreement K] [--out DIR]
#     --runs N       independent runs folded into the published matrix (default 2); cells they
#                    disagree on are marked and listed, never averaged away
#     --agreement K  then K more independent runs of `subinterp matrix --modules site` on 3.14 alone,
#                    each compared with the published 3.14 cells (agreement.md; default 0: none)
#     --out DIR      where to write (default compat-matrix/ecosystem)
#
# Everything product-like (which modules, toolchains, advice, verdicts, pins, the page) is
# `subinterp matrix` and `subinterp agreement`; this script only enters the Debian sid root with its
# extension packages (scripts/sid-root.sh run --ecosystem, which makes or completes the root first)
# and runs them there. Build first: dotnet build Subinterp.slnx -c Release (SUBINTERP_CLI names
# another build of the CLI inside the repository, e.g. a copy that a rebuild will not replace mid-run).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLI="${SUBINTERP_CLI:-$REPO/runner/Subinterp.Runner/bin/Release/net10.0/subinterp}"
OUT="$REPO/compat-matrix/ecosystem"
RUNS=2
AGREEMENT=0

die() { printf 'ecosystem-matrix: ERROR: %s\n' "$*" >&2; exit 2; }
usage() { sed -n '5,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--runs needs a number >= 1"; RUNS="$2"; shift 2 ;;
    --agreement) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || die "--agreement needs a number >= 0"; AGREEMENT="$2"; shift 2 ;;
    --out) [[ $# -ge 2 ]] || die "--out needs a folder"; mkdir -p "$2"; OUT="$(cd "$2" && pwd)"; shift 2 ;;
    -h|--help) usage ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
[[ -x "$CLI" ]] || die "no CLI at $CLI: build first (dotnet build Subinterp.slnx -c Release)"
case "$OUT/" in
  "$REPO"/*) ;;
  *) die "--out $OUT must be inside the repository ($REPO): only the repository is mounted in the root" ;;
esac

SID=("$REPO/scripts/sid-root.sh" run --ecosystem --)
"${SID[@]}" "$CLI" matrix --python 3.14 --python 3.15 --mode both --modules site --runs "$RUNS" -j 2 --out "$OUT" --progress lines

if [[ "$AGREEMENT" -gt 0 ]]; then
  work="$OUT/.agreement"
  rm -rf "$work"
  runs=()
  for i in $(seq 1 "$AGREEMENT"); do
    "${SID[@]}" "$CLI" matrix --python 3.14 --mode both --modules site -j 2 --no-reproducers --out "$work/run-$i" --progress lines
    runs+=(--run "$work/run-$i/matrix.json")
  done
  status=0
  "$CLI" agreement --published "$OUT/matrix.json" "${runs[@]}" --python 3.14 --min 95 --out "$OUT/agreement.md" || status=$?
  rm -rf "$work"
  exit "$status"
fi
