#!/usr/bin/env bash
# Packs the `subinterp` dotnet tool into artifacts/packages (or $1):
#   Subinterp.<version>.nupkg            the pointer package `dotnet tool install` resolves
#   Subinterp.<this RID>.<version>.nupkg the CLI and its worker compiled with Native AOT (needs clang)
#   Subinterp.any.<version>.nupkg        framework-dependent fallback for every other platform
# Then: dotnet tool install --global --add-source artifacts/packages Subinterp
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT="${1:-artifacts/packages}"
PROJECT=runner/Subinterp.Runner
RID="$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)"
dotnet pack "$PROJECT" -c Release -o "$OUT" -nologo
if command -v clang >/dev/null 2>&1; then
  dotnet pack "$PROJECT" -c Release -r "$RID" -o "$OUT" -nologo
else
  echo "pack-tool.sh: clang not found: no native package for $RID (the 'any' package serves it)" >&2
fi
dotnet pack "$PROJECT" -c Release -r any -p:PublishAot=false -o "$OUT" -nologo
ls -1 "$OUT"/Subinterp*.nupkg
