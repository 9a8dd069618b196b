#!/usr/bin/env python3
"""Print the line-coverage total of each product assembly from coverlet's cobertura files.

Usage: coverage-summary.py [RESULTS_DIR ...]   (default: artifacts/test-results)

coverlet.collector writes one coverage.cobertura.xml per test project, and several test
projects may cover the same assembly. Lines are merged across files: a line counts as covered
if any file reports a hit on it, and each (source file, line) counts once. Never fails the
build: prints what it found, exit code 0 (2 only for bad usage).
"""
import os
import sys
import xml.etree.ElementTree as ET

PRODUCT_ASSEMBLIES = [
    "Subinterp.Runtime",
    "Subinterp.Worker",
    "subinterp",
    "Subinterp.Runner",
    "Subinterp.TestAdapter",
    "Subinterp.CompatMatrix",
]


def find_reports(dirs):
    for d in dirs:
        for base, _, files in os.walk(d):
            for f in files:
                if f.endswith(".cobertura.xml"):
                    yield os.path.join(base, f)


def merge(reports):
    # assembly -> {(file, line): covered}
    lines = {}
    for path in reports:
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as e:
            print(f"  (skipped unreadable {path}: {e})")
            continue
        sources = [s.text or "" for s in root.iter("source")]
        for package in root.iter("package"):
            name = package.get("name", "?")
            merged = lines.setdefault(name, {})
            for cls in package.iter("class"):
                filename = cls.get("filename", "")
                if len(sources) == 1 and not os.path.isabs(filename):
                    filename = os.path.normpath(os.path.join(sources[0], filename))
                for line in cls.iter("line"):
                    key = (filename, line.get("number"))
                    hit = int(line.get("hits", "0") or 0) > 0
                    merged[key] = merged.get(key, False) or hit
    return lines


def main(argv):
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__)
        return 2
    dirs = argv or ["artifacts/test-results"]
    reports = sorted(find_reports(dirs))
    print(f"Line coverage per product assembly ({len(reports)} cobertura file(s) under "
          f"{', '.join(dirs)}):")
    if not reports:
        print("  no coverage.cobertura.xml found (did the tests run with --collect?)")
        return 0
    lines = merge(reports)
    shown = [a for a in PRODUCT_ASSEMBLIES if a in lines]
    if not shown:
        print("  none of the product assemblies appear; found: " + ", ".join(sorted(lines)))
        return 0
    width = max(len(a) for a in shown)
    total_cov = total_all = 0
    for name in shown:
        merged = lines[name]
        covered = sum(1 for v in merged.values() if v)
        total_cov += covered
        total_all += len(merged)
        pct = 100.0 * covered / len(merged) if merged else 0.0
        print(f"  {name:<{width}}  {pct:6.2f}%  ({covered}/{len(merged)} lines)")
    pct = 100.0 * total_cov / total_all if total_all else 0.0
    print(f"  {'all of the above':<{width}}  {pct:6.2f}%  ({total_cov}/{total_all} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
