"""The dynamic loader's own checks, made against glibc 2.26 (Amazon Linux 2, provided.al2), which no reachable
root file system has: every version a bootstrap requires of a glibc library must be defined by that library in
2.26, and every versioned glibc symbol it imports must be exported, with that version, by one of the glibc
libraries it links. glibc 2.26's libraries are the link stubs the Zig toolchain (PyPI `ziglang`) generates from
its record of every glibc release's symbols and versions.

    python check_glibc_2_26.py <bootstrap>...     one line per bootstrap; exits 1 if any would not load
"""

import glob
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STUBS = os.path.join(ROOT, ".local", "glibc-2.26-stubs")
GLIBC_LIBRARIES = {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libutil.so.1",
                   "libresolv.so.2", "ld-linux-x86-64.so.2"}
STUB_NAME = {"ld-linux-x86-64.so.2": "libld.so.2"}  # Zig's name for the loader's stub


def run(*command):
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def stubs():
    """glibc 2.26's libraries as link stubs, generated once and kept under .local/."""
    if os.path.exists(os.path.join(STUBS, "libc.so.6")):
        return STUBS
    with tempfile.TemporaryDirectory() as work:
        source = os.path.join(work, "main.c")
        with open(source, "w") as handle:
            handle.write("int main(void) { return 0; }\n")
        env = dict(os.environ, ZIG_GLOBAL_CACHE_DIR=os.path.join(work, "cache"), ZIG_LOCAL_CACHE_DIR=os.path.join(work, "cache"))
        subprocess.run([sys.executable, "-m", "ziglang", "cc", "-target", "x86_64-linux-gnu.2.26", "-o",
                        os.path.join(work, "main"), source], env=env, check=True)
        found = glob.glob(os.path.join(work, "cache", "o", "*", "libc.so.6"))
        if not found:
            sys.exit("zig cc left no glibc 2.26 stubs")
        os.makedirs(STUBS, exist_ok=True)
        for path in glob.glob(os.path.join(os.path.dirname(found[0]), "*.so.*")):
            os.replace(path, os.path.join(STUBS, os.path.basename(path)))
    return STUBS


def definitions(library):
    """(version names defined, {(symbol, version)} exported) of one stub library."""
    versions = set(re.findall(r"Name: (\S+)", run("readelf", "-V", "--wide", library).split("Version needs")[0]))
    exported = set()
    for line in run("objdump", "-T", library).splitlines():
        fields = line.split()
        if len(fields) >= 2 and "*UND*" not in line and re.fullmatch(r"\(?GLIBC_[0-9.]+\)?", fields[-2]):
            exported.add((fields[-1], fields[-2].strip("()")))
    return versions, exported


def requirements(binary):
    """NEEDED libraries, {file: versions required}, and the versioned glibc symbols imported."""
    dynamic = run("readelf", "-d", "--wide", binary)
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", dynamic)
    required = {}
    current = None
    for line in run("readelf", "-V", "--wide", binary).split("Version needs")[-1].splitlines():
        match = re.search(r"File: (\S+)", line)
        if match:
            current = match.group(1)
        match = re.search(r"Name: (\S+)", line)
        if match and current:
            required.setdefault(current, set()).add(match.group(1))
    imported = set()
    for line in run("objdump", "-T", binary).splitlines():
        fields = line.split()
        if "*UND*" in line and len(fields) >= 2 and re.fullmatch(r"\(?GLIBC_[0-9.]+\)?", fields[-2]):
            imported.add((fields[-1], fields[-2].strip("()")))
    return needed, required, imported


def check(binary, directory):
    needed, required, imported = requirements(binary)
    problems = []
    libraries = {}
    for name in needed:
        if name not in GLIBC_LIBRARIES:
            continue
        path = os.path.join(directory, STUB_NAME.get(name, name))
        if not os.path.exists(path):
            problems.append(f"links {name}, which glibc 2.26 does not have")
            continue
        libraries[name] = definitions(path)
    for name, versions in sorted(required.items()):
        if name in libraries:
            for version in sorted(versions - libraries[name][0]):
                problems.append(f"requires {version} of {name}, which glibc 2.26 does not define")
    exported = set().union(*(symbols for _, symbols in libraries.values())) if libraries else set()
    for symbol, version in sorted(imported - exported):
        problems.append(f"imports {symbol}@{version}, which no glibc 2.26 library it links exports")
    return problems, len(imported)


def main():
    directory = stubs()
    failed = False
    for binary in sys.argv[1:]:
        problems, count = check(binary, directory)
        if problems:
            failed = True
            for problem in problems:
                print(f"FAIL {binary}: {problem}")
        else:
            print(f"ok   {binary}: all {count} versioned glibc imports resolve against glibc 2.26's libraries")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
