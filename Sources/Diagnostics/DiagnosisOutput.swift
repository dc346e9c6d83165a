import Foundation

/// Where a command's diagnosis goes: the table on stderr (`--diagnose`) and/or JSON in a file
/// (`--diagnose-json FILE`). Nothing else of the command's output is touched.
public struct DiagnosisOutput: Sendable {
    public var table: Bool
    public var jsonPath: String?
    public var thresholds: DiagnosisThresholds

    public init(table: Bool, jsonPath: String?, thresholds: DiagnosisThresholds = DiagnosisThresholds()) {
        self.table = table
        self.jsonPath = jsonPath
        self.thresholds = thresholds
    }

    /// Whether diagnosis was asked for at all.
    public var isEnabled: Bool { table || jsonPath != nil }

    /// Writes `report`; nil (the glue made no Go instance) is said in one line.
    public func deliver(_ report: DiagnosisReport?) {
        guard let report else {
            Self.writeError("gowasm-serve: no diagnosis: the glue made no Go instance\n")
            return
        }
        if table { Self.writeError(report.text) }
        guard let jsonPath else { return }
        do {
            try report.json().write(to: URL(fileURLWithPath: jsonPath))
        } catch {
            Self.writeError("gowasm-serve: cannot write \(jsonPath): \(error.localizedDescription)\n")
        }
    }

    private static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
