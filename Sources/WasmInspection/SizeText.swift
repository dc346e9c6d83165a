/// The terminal forms of `inspect --sizes` and `inspect --diff`.
public enum SizeText {
    /// The top `top` packages, then every region and section, then the rest of the packages in one line,
    /// and a total that is the file size.
    public static func table(_ breakdown: SizeBreakdown, file: String, top: Int) -> String {
        var out: [String] = []
        out.append(
            "\(file): \(grouped(breakdown.fileSize)) bytes, \(grouped(breakdown.compressedSize)) bytes \(breakdown.compression)"
        )
        if !breakdown.hasGoFunctionTable {
            out.append("No Go function table (pclntab) found: code is not split by package.")
        }
        out.append("")
        let packages = breakdown.entries.filter { $0.kind == .package }
        let shown = packages.prefix(max(0, top))
        let rest = packages.dropFirst(shown.count)
        var rows: [(name: String, size: Int, compressed: Int)] = shown.map {
            (Sanitized.text($0.name), $0.size, $0.compressed)
        }
        if !rest.isEmpty {
            rows.append(
                (
                    "(\(rest.count) more packages)", rest.reduce(0) { $0 + $1.size },
                    rest.reduce(0) { $0 + $1.compressed }
                ))
        }
        for entry in breakdown.entries where entry.kind != .package {
            rows.append((Sanitized.text(entry.name), entry.size, entry.compressed))
        }
        rows.append(
            ("total", breakdown.entries.reduce(0) { $0 + $1.size }, breakdown.entries.reduce(0) { $0 + $1.compressed }))
        // The name column is as wide as its longest name, so the numbers stay in their columns.
        let width = rows.reduce(44) { max($0, $1.name.count) }
        out.append(row("package / region", "bytes", "%", "br (est.)", "%", nameWidth: width))
        for entry in rows {
            out.append(
                row(
                    entry.name, grouped(entry.size), percent(entry.size, breakdown.fileSize), grouped(entry.compressed),
                    percent(entry.compressed, breakdown.compressedSize), nameWidth: width))
        }
        out.append("")
        out.append("Compressed shares are estimates: \(breakdown.method).")
        return out.joined(separator: "\n")
    }

    public static func diff(_ diff: SizeDiff, old: String, new: String, top: Int) -> String {
        var out: [String] = []
        out.append("\(old) → \(new)")
        out.append(
            "  raw  \(grouped(diff.oldSize)) → \(grouped(diff.newSize)) bytes (\(signed(diff.newSize - diff.oldSize)))")
        out.append(
            "  br   \(grouped(diff.oldCompressed)) → \(grouped(diff.newCompressed)) bytes (\(signed(diff.newCompressed - diff.oldCompressed)), estimates per package)"
        )
        out.append("")
        if diff.changes.isEmpty {
            out.append("No package or region changed size.")
            return out.joined(separator: "\n")
        }
        out.append(
            "  " + pad("change", 11) + "  " + pad("br change", 10) + "  " + pad("old", 11) + "  " + pad("new", 11)
                + "  package / region")
        for change in diff.changes.prefix(max(1, top)) {
            let mark = change.status == .changed ? "" : " (\(change.status.rawValue))"
            out.append(
                "  " + pad(signed(change.delta), 11) + "  " + pad(signed(change.compressedDelta), 10) + "  "
                    + pad(grouped(change.oldSize), 11) + "  " + pad(grouped(change.newSize), 11) + "  "
                    + Sanitized.text(change.name) + mark)
        }
        if diff.changes.count > top { out.append("  (\(diff.changes.count - top) more changes; --top to list them)") }
        return out.joined(separator: "\n")
    }

    private static func row(
        _ name: String, _ size: String, _ share: String, _ compressed: String, _ compressedShare: String, nameWidth: Int
    ) -> String {
        "  " + name.padding(toLength: max(name.count, nameWidth), withPad: " ", startingAt: 0) + " " + pad(size, 12)
            + " " + pad(share, 6)
            + " " + pad(compressed, 11) + " " + pad(compressedShare, 6)
    }

    static func percent(_ part: Int, _ whole: Int) -> String {
        guard whole > 0 else { return "-" }
        let tenths = (part * 1000 + whole / 2) / whole
        return "\(tenths / 10).\(tenths % 10)%"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    /// 1234567 → `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    static func signed(_ value: Int) -> String { (value > 0 ? "+" : "") + grouped(value) }

    /// Decimal megabytes with two decimals, as the dev line prints them.
    static func megabytes(_ bytes: Int) -> String {
        let hundredths = (bytes + 5_000) / 10_000
        let cents = hundredths % 100
        return "\(hundredths / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// Decimal kilobytes: `61 KB`, or bytes below one.
    static func kilobytes(_ bytes: Int) -> String {
        bytes >= 1000 ? "\((bytes + 500) / 1000) KB" : "\(bytes) B"
    }
}

/// Names come from the binary (a function table can hold any bytes): control characters never reach a
/// terminal.
enum Sanitized {
    static func text(_ value: String) -> String {
        String(
            String.UnicodeScalarView(value.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }
}
