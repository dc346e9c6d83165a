/// The report as a table for a terminal (stderr after `run --diagnose`).
extension DiagnosisReport {
    /// The findings alone, a line each with its fix below (what `dev` prints for a page).
    public var findingLines: [String] {
        findings.flatMap { finding -> [String] in
            let place =
                finding.location.map { " at \(DiagnosisAnalyzer.shortFile($0.file)):\($0.line) \($0.function)" } ?? ""
            return [
                "\(finding.severity.rawValue): \(finding.kind.title)\(place): \(finding.summary)",
                "    fix: \(finding.fix)",
            ]
        }
    }

    public var text: String {
        var lines: [String] = []
        let noun = findings.count == 1 ? "finding" : "findings"
        lines.append(
            "── gowasm-serve diagnosis: \(program) (\(engine), Go imports \"\(goModule)\") — \(findings.count) \(noun)")
        if !findings.isEmpty {
            let header = ["severity", "finding", "where"]
            let rows = findings.map { finding in
                [
                    finding.severity.rawValue, finding.kind.title,
                    finding.location.map { "\(DiagnosisAnalyzer.shortFile($0.file)):\($0.line) \($0.function)" } ?? "-",
                ]
            }
            let widths = (0..<3).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
            let pad = { (cells: [String]) in
                zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
            }
            lines.append(pad(header))
            for (row, finding) in zip(rows, findings) {
                lines.append(pad(row))
                lines.append("    \(finding.summary)")
                lines.append("    fix: \(finding.fix)")
            }
        }
        lines.append(
            "boundary: \(decimal(boundary.crossings)) crossings, \(wholeMilliseconds(boundary.milliseconds)) ms in imports, \(decimal(boundary.stringsMarshalled)) strings marshalled"
        )
        let nameWidth = max(boundary.imports.map(\.name.count).max() ?? 0, 6)
        if !boundary.imports.isEmpty {
            lines.append(
                "  \("import".padding(toLength: nameWidth, withPad: " ", startingAt: 0))  \("calls".leftPadded(10))  \("ms".leftPadded(9))"
            )
            for row in boundary.imports {
                lines.append(
                    "  \(row.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0))  \(decimal(row.calls).leftPadded(10))  \(String(format: "%.1f", row.milliseconds).leftPadded(9))"
                )
            }
        }
        if !boundary.callSites.isEmpty {
            lines.append("  busiest call sites (sampled 1 in \(boundary.sampleEvery)):")
            for site in boundary.callSites.prefix(5) {
                let place =
                    site.location.map { "\(DiagnosisAnalyzer.shortFile($0.file)):\($0.line) \($0.function)" } ?? "?"
                lines.append("  ~\(decimal(site.estimatedCalls).leftPadded(9))  \(site.import)  \(place)")
            }
        }
        lines.append(
            "memory: \(mebibytes(memory.initialBytes)) at start, peak \(mebibytes(memory.peakBytes)) (\(memory.growths) growths)"
        )
        let released = funcs.released.map { "\(decimal($0)) released, " } ?? "releases not visible, "
        lines.append(
            "js.Funcs: \(decimal(funcs.created)) created, \(released)\(decimal(funcs.finalized)) finalized by Go, \(decimal(funcs.calledAfterRelease)) calls after release"
        )
        lines.append(
            "event loop: \(eventLoop.turns) turns, longest \(wholeMilliseconds(eventLoop.longestMilliseconds)) ms (threshold \(wholeMilliseconds(eventLoop.thresholdMilliseconds)) ms)"
        )
        switch locations {
        case .goLineTable:
            lines.append(
                "locations: function, file and line from Go's pclntab\(stripped ? " (the name section is stripped; -s -w keeps the pclntab)" : "")"
            )
        case .unavailable:
            lines.append("locations: unavailable (no Go pclntab found); locations need a Go build without -s -w")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
