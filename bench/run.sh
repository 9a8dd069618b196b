#!/usr/bin/env bash
# The benchmark in one command, from the repository root:
#
#     bash bench/run.sh [harness options, e.g. --reps 3 -j 2 --workloads W1,W2,W3,W4,W5 --python 3.12]
#
# Builds the CLI in Release (framework-dependent, with the native worker beside it) and, where clang
# is installed, publishes it natively as the tool package installs it; then runs bench/harness.py.
# Writes bench/out/results.json and bench/out/results.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build runner/Subinterp.Runner -c Release -nologo -v quiet >/dev/null
CLI="runner/Subinterp.Runner/bin/Release/net10.0/subinterp.dll"
NATIVE=()
if command -v clang >/dev/null 2>&1; then
  RID="$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)"
  dotnet publish runner/Subinterp.Runner -c Release -r "$RID" -o bench/out/native -nologo -v quiet >/dev/null
  NATIVE=(--native bench/out/native/subinterp)
else
  echo "bench/run.sh: clang not found: the subinterp rows run 'dotnet subinterp.dll' (no native CLI)" >&2
fi

# The harness runs on the CPython `subinterp doctor` picks by default; the CPython it
# benchmarks is --python (a version or an executable, 3.13 by default), resolved the same way.
PY="$(dotnet "$CLI" doctor | sed -n 's/^would use: CPython [^ ]* (\(.*\)) library.*/\1/p')"
if [[ -z "$PY" ]]; then
  dotnet "$CLI" doctor >&2
  echo "bench/run.sh: no usable CPython found" >&2
  exit 2
fi
exec "$PY" bench/harness.py --subinterp "$CLI" "${NATIVE[@]}" "$@"
