"""Lists the extension modules of the Python running this script, as JSON on stdout.

    python catalog.py '{"sets": ["stdlib", "site"], "names": ["pkg._speedups"], "paths": ["src"]}'

Nothing is imported: files are found where the import system would find them.
Output: {"version", "stdlib" (its folder), "modules": [{"name", "kind", "origin",
"distribution", "distributionVersion"}], "missing": [names not found]}.
distribution: the installed distribution the module belongs to (importlib.metadata:
its RECORD names the file, else its top_level.txt or its own name names the
module's top-level package), or null.
kind: stdlib-shared (a shared library in lib-dynload), stdlib-builtin
(sys.builtin_module_names), site (under site-packages), path (under a --path
folder), named (a name given, found elsewhere)."""

import importlib.machinery
import json
import os
import re
import site
import sys
import sysconfig

SUFFIXES = tuple(sorted(importlib.machinery.EXTENSION_SUFFIXES, key=len, reverse=True))
SKIPPED_DIRS = {"__pycache__", ".git", ".tox", ".venv", "venv", "node_modules"}


def module_name(relative):
    """'pkg/sub/_x.cpython-313-x86_64-linux-gnu.so' -> 'pkg.sub._x', or None."""
    for suffix in SUFFIXES:
        if relative.endswith(suffix):
            parts = relative[: -len(suffix)].split(os.sep)
            if all(part.isidentifier() for part in parts):
                return ".".join(parts)
    return None


def walk(root):
    """(name, path) of every extension module file under root."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith(".") and not d.endswith((".dist-info", ".egg-info")))
        for file in sorted(files):
            path = os.path.join(folder, file)
            name = module_name(os.path.relpath(path, root))
            if name:
                yield name, path


def lib_dynload():
    candidates = [sysconfig.get_config_var("DESTSHARED"),
                  os.path.join(sysconfig.get_paths()["platstdlib"], "lib-dynload")]
    for folder in candidates:
        if folder and os.path.isdir(folder):
            return folder
    return None


def site_dirs():
    dirs = []
    try:
        dirs += site.getsitepackages()
    except AttributeError:
        pass
    paths = sysconfig.get_paths()
    dirs += [paths.get("purelib"), paths.get("platlib")]
    if site.ENABLE_USER_SITE and site.USER_SITE:
        dirs.append(site.USER_SITE)
    seen = []
    for d in dirs:
        if d and os.path.isdir(d) and os.path.realpath(d) not in [os.path.realpath(s) for s in seen]:
            seen.append(d)
    return seen


def find(name, paths):
    """Where the import system would find `name` (without importing it)."""
    if "." not in name and name in sys.builtin_module_names:
        return "stdlib-builtin", None
    parts = name.split(".")
    dynload = lib_dynload()
    for entry in list(paths) + [p for p in sys.path if p]:
        base = os.path.join(entry, *parts)
        for suffix in SUFFIXES + (".py",):
            if os.path.isfile(base + suffix):
                if entry in paths:
                    return "path", base + suffix
                if dynload and os.path.realpath(entry) == os.path.realpath(dynload):
                    return "stdlib-shared", base + suffix
                return "named", base + suffix
        if os.path.isfile(os.path.join(base, "__init__.py")):
            return ("path" if entry in paths else "named"), os.path.join(base, "__init__.py")
    return None, None


def distribution_index(paths):
    """({real path: (name, version)}, {top-level name, lower-cased: (name, version)}) of the
    distributions installed where this Python (and the --path folders) would import from."""
    try:
        import importlib.metadata as metadata
    except ImportError:
        return {}, {}
    by_file, by_top = {}, {}
    try:
        found = list(metadata.distributions(path=list(paths) + [p for p in sys.path if p]))
    except Exception:
        return {}, {}
    for dist in found:
        try:
            name = dist.metadata["Name"]
            if not name:
                continue
            entry = (name, dist.version)
            for file in dist.files or []:
                if str(file).endswith(SUFFIXES):
                    by_file.setdefault(os.path.realpath(str(dist.locate_file(file))), entry)
            for line in (dist.read_text("top_level.txt") or "").splitlines():
                if line.strip():
                    by_top.setdefault(line.strip().lower(), entry)
            by_top.setdefault(re.sub(r"[-_.]+", "_", name).lower(), entry)
        except Exception:
            continue
    return by_file, by_top


def with_distribution(module, index):
    by_file, by_top = index
    found = None
    if module.get("origin"):
        found = by_file.get(os.path.realpath(module["origin"]))
    if found is None:
        found = by_top.get(module["name"].split(".")[0].lower())
    module["distribution"], module["distributionVersion"] = found if found else (None, None)


def main(request):
    modules = {}
    paths = [os.path.abspath(p) for p in request.get("paths", [])]
    sets = request.get("sets", [])
    if "stdlib" in sets:
        dynload = lib_dynload()
        if dynload:
            for name, path in walk(dynload):
                modules.setdefault(name, {"name": name, "kind": "stdlib-shared", "origin": path})
        for name in sys.builtin_module_names:
            modules.setdefault(name, {"name": name, "kind": "stdlib-builtin", "origin": None})
    if "site" in sets:
        for folder in site_dirs():
            for name, path in walk(folder):
                modules.setdefault(name, {"name": name, "kind": "site", "origin": path})
    if "path" in sets:
        for folder in paths:
            for name, path in walk(folder):
                modules.setdefault(name, {"name": name, "kind": "path", "origin": path})
    missing = []
    for name in request.get("names", []):
        if name in modules:
            continue
        kind, origin = find(name, paths)
        if kind is None:
            missing.append(name)
        else:
            modules[name] = {"name": name, "kind": kind, "origin": origin}
    stdlib_kinds = ("stdlib-builtin", "stdlib-shared")
    index = distribution_index(paths) if any(m["kind"] not in stdlib_kinds for m in modules.values()) else ({}, {})
    for module in modules.values():
        if module["kind"] in stdlib_kinds:
            module["distribution"] = module["distributionVersion"] = None
        else:
            with_distribution(module, index)
    return {
        "version": "%d.%d.%d" % sys.version_info[:3],
        "stdlib": sysconfig.get_paths()["stdlib"],
        "modules": sorted(modules.values(), key=lambda m: m["name"]),
        "missing": sorted(missing),
    }


if __name__ == "__main__":
    json.dump(main(json.loads(sys.argv[1])), sys.stdout)
