#!/usr/bin/env bash
# Remakes the binary fixtures of the toolchain and export tests from the Debian sid root's real
# extension modules (scripts/sid-root.sh create --ecosystem): each reduced with objcopy to the
# sections the detectors read (.dynsym and .dynstr: the exported functions; .rodata and .comment:
# the strings toolchains leave), then gzipped. Runs on the host; reads the root's files in place.
#
#   tests/Subinterp.CompatMatrix.Tests/Fixtures/Binaries/make-fixtures.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
root="$("$repo/scripts/sid-root.sh" path)"
site="$root/usr/lib/python3/dist-packages"
[[ -d "$site" ]] || { echo "no sid root with extension packages at $root (scripts/sid-root.sh create --ecosystem)" >&2; exit 2; }
command -v objcopy >/dev/null || { echo "needs objcopy (binutils)" >&2; exit 2; }

# module name -> file under dist-packages, and the Debian package it comes from (for FIXTURES.md)
fixtures=(
  "bcrypt._bcrypt bcrypt/_bcrypt.cpython-314-x86_64-linux-gnu.so python3-bcrypt"
  "orjson.orjson orjson/orjson.cpython-314-x86_64-linux-gnu.so python3-orjson"
  "aiohttp._websocket.mask aiohttp/_websocket/mask.cpython-314-x86_64-linux-gnu.so python3-aiohttp"
  "nacl._sodium nacl/_sodium.abi3-x86_64-linux-gnu.so python3-nacl"
  "charset_normalizer.md charset_normalizer/md.cpython-314-x86_64-linux-gnu.so python3-charset-normalizer"
  "ada92cb5d92a588d1b93__mypyc ada92cb5d92a588d1b93__mypyc.cpython-314-x86_64-linux-gnu.so python3-charset-normalizer"
  "tornado.speedups tornado/speedups.abi3-x86_64-linux-gnu.so python3-tornado"
  "kiwisolver._cext kiwisolver/_cext.cpython-314-x86_64-linux-gnu.so python3-kiwisolver"
  "_cffi_backend _cffi_backend.cpython-314-x86_64-linux-gnu.so python3-cffi-backend"
  "Cryptodome.Cipher._raw_ecb Cryptodome/Cipher/_raw_ecb.abi3.so python3-pycryptodome"
)
manifest="$here/FIXTURES.md"
{
  echo "# Binary fixtures"
  echo
  echo "Made by \`make-fixtures.sh\` from Debian sid's packages (objcopy --only-section=.dynsym,.dynstr,.rodata,.comment, gzip -9)."
  echo
  echo "| fixture | module | Debian package | version |"
  echo "| --- | --- | --- | --- |"
} >"$manifest"
for entry in "${fixtures[@]}"; do
  read -r module file package <<<"$entry"
  out="$here/$module.elf.gz"
  tmp="$(mktemp)"
  objcopy --only-section=.dynsym --only-section=.dynstr --only-section=.rodata --only-section=.comment "$site/$file" "$tmp" 2>/dev/null
  gzip -9 -n -c "$tmp" >"$out"
  rm -f "$tmp"
  version="$(awk -v p="$package" '$0 == "Package: " p { found = 1 } found && /^Version:/ { print $2; exit }' "$root/var/lib/dpkg/status")"
  echo "| \`$module.elf.gz\` | \`$module\` | $package | $version |" >>"$manifest"
done
echo "wrote $(ls "$here"/*.elf.gz | wc -l) fixtures and $manifest"
