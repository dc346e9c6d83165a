#!/usr/bin/env python3
"""Flags trapping conversions in the modules that handle values from outside (docs/security.md).

A value from the network, a page, a backend, a guest program or a file must never be converted with a
trapping initializer or force-unwrapped: Swift stops the whole process (SIGILL) on `Int(Double.nan)`,
`UInt8(300)`, `Int32(1 << 40)` or `nil!`. This check reads the sources line by line (no type information,
so it is an approximation, chosen to err towards flagging) and reports:

  conversion   `Int(x)`, `UInt8(x)`, `Int32(x)`, `mode_t(x)`, ... of anything but a literal, a C constant
               (capitals, or several joined by `|`), `MemoryLayout<T>.size`, `Int32.max` and the like, or the process's
               own ids, without a non-trapping label (exactly:, clamping:, truncatingIfNeeded:, bitPattern:, radix:, ascii:,
               bigEndian:, littleEndian:).
               A String parse such as `Int(text)` cannot trap, but the check cannot tell it from a number:
               write `Int(text, radix: 10)` or use a typed parser (`Conversions.decimalCount`).
  unwrap       a force unwrap `x!`, `try!` or `as!`.
  sum          `reduce(0, +)` or `reduce(0) { $0 + ... }`: a sum of counts that may come from outside
               (use `Conversions.saturatingSum`). Other unchecked arithmetic on outside values (`a - b`,
               `a * b`) is beyond a line-based check: review covers it, and `&+`/`addingReportingOverflow`
               are the forms to use.

A reviewed line that handles only our own values (or is checked just before) carries the marker
`// gowasm: allow-trap: <reason>`; a marker without a reason is itself a finding.
Exit status 1 when anything is flagged. Usage: check-conversions.py [repository root]
"""
import os
import re
import sys

# The modules that take values from outside: HTTP clients and backends, pages, guest programs, remote
# servers (check), files (dist, wasm, gowasm.toml).
MODULES = [
    "DistLayout", "HTTPServer", "SiteServing", "PrerenderCache", "DevProxy", "Diagnostics", "WebHost", "GlueHost",
    "NodeSystem", "HeadlessDOM", "Prerender", "RenderProcess", "RenderWire", "RenderChildSide", "DeployCheck",
    "InputSafety",
]
MARKER = "gowasm: allow-trap:"
INTEGER_TYPES = (
    "Int|Int8|Int16|Int32|Int64|UInt|UInt8|UInt16|UInt32|UInt64|mode_t|off_t|uid_t|gid_t|pid_t|size_t|"
    "ssize_t|socklen_t|in_port_t|time_t|sa_family_t|CInt|CUnsignedInt|CLong|CChar"
)
CONVERSION = re.compile(r"(?<![\w.])(" + INTEGER_TYPES + r")\(")
SAFE_LABELS = re.compile(r"^\s*(exactly|clamping|truncatingIfNeeded|bitPattern|radix|ascii|repeating|bigEndian|littleEndian)\s*:")
# Arguments that are never from outside: sizes of our own types, the C library's constants (all capitals,
# possibly `.rawValue`), and the process's own ids.
OWN_VALUE = re.compile(
    r"^\s*(MemoryLayout<[\w.]+>\.(size|stride|alignment)|errno|get(pid|ppid|uid|gid|euid|egid)\(\)|"
    r"(U?Int(8|16|32|64)?|\w+_t)\.(max|min)|"
    r"_*[A-Z][A-Z0-9_]*(\.rawValue)?(\s*\|\s*_*[A-Z][A-Z0-9_]*(\.rawValue)?)*)\s*$")
RADIX = re.compile(r",\s*radix\s*:")  # a String parse: failable, never trapping
LITERAL = re.compile(r"^\s*-?(0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9_]+(\.[0-9_]+)?([eE][-+]?[0-9]+)?)\s*$")
FORCE_UNWRAP = re.compile(r"(?:[\w\)\]\}>])!(?![=\w])|\btry!|\bas!")
SUM = re.compile(r"reduce\(\s*0\s*,\s*\+\s*\)|reduce\(\s*0\s*\)\s*\{\s*\$0\s*\+")


def strip(line, in_block):
    """The code of a line: string literals emptied (their interpolations kept), comments removed.
    Returns (code, in_block)."""
    out = []
    i = 0
    in_string = False
    while i < len(line):
        if in_block:
            end = line.find("*/", i)
            if end < 0:
                return "".join(out), True
            i = end + 2
            in_block = False
            continue
        c = line[i]
        if in_string:
            if line.startswith("\\(", i):
                # An interpolation is code: kept (with its parentheses), so `"\(Int(x))"` is checked too.
                depth = 0
                j = i + 1
                while j < len(line):
                    if line[j] == "(":
                        depth += 1
                    elif line[j] == ")":
                        depth -= 1
                        if depth == 0:
                            break
                    j += 1
                out.append(" " + line[i + 1:j + 1] + " ")
                i = j + 1
                continue
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_string = False
                out.append('"')
            i += 1
            continue
        if line.startswith("//", i):
            break
        if line.startswith("/*", i):
            in_block = True
            i += 2
            continue
        if c == '"':
            in_string = True
            out.append('"')
        else:
            out.append(c)
        i += 1
    return "".join(out), in_block


def argument(code, start):
    """The text of the call's argument list starting after the `(` at `start`."""
    depth = 1
    i = start
    while i < len(code) and depth:
        if code[i] in "([{":
            depth += 1
        elif code[i] in ")]}":
            depth -= 1
        i += 1
    return code[start:i - 1] if depth == 0 else code[start:]


def findings(path):
    results = []
    in_block = False
    multiline_string = False
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, 1):
            if raw.count('"""') % 2 == 1:
                multiline_string = not multiline_string
                continue
            if multiline_string:
                continue
            code, in_block = strip(raw.rstrip("\n"), in_block)
            if not code.strip():
                continue
            marker = raw.find(MARKER)
            if marker >= 0:
                if not raw[marker + len(MARKER):].strip():
                    results.append((number, "marker", "an allow-trap marker needs a reason"))
                continue
            for match in CONVERSION.finditer(code):
                text = argument(code, match.end())
                if (not text.strip() or LITERAL.match(text) or SAFE_LABELS.match(text) or OWN_VALUE.match(text)
                        or RADIX.search(text)):
                    continue
                results.append((number, "conversion", f"{match.group(1)}({text.strip()})"))
            for match in FORCE_UNWRAP.finditer(code):
                results.append((number, "unwrap", code.strip()))
                break
            if SUM.search(code):
                results.append((number, "sum", code.strip()))
    return results


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    total = 0
    for module in MODULES:
        directory = os.path.join(root, "Sources", module)
        for base, _, files in sorted(os.walk(directory)):
            for name in sorted(files):
                if not name.endswith(".swift"):
                    continue
                path = os.path.join(base, name)
                for number, kind, detail in findings(path):
                    total += 1
                    print(f"{os.path.relpath(path, root)}:{number}: {kind}: {detail}")
    if total:
        print(f"check-conversions: {total} trapping form(s) in modules that handle outside values; "
              f"use Conversions (Sources/InputSafety) or mark a reviewed line `// {MARKER} <reason>`",
              file=sys.stderr)
        return 1
    print("check-conversions: no trapping forms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
