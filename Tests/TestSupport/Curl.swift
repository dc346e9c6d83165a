import Foundation

/// curl, as a client outside our code: the response head it received, lines as sent.
public enum Curl {
    public struct Head {
        public let status: Int
        public let fields: [(name: String, value: String)]

        public func values(_ name: String) -> [String] {
            fields.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
        }
    }

    public static func head(_ url: String, _ extra: [String] = []) throws -> Head {
        try get(url, extra).head
    }

    /// The head and the body as received (curl decodes nothing unless asked).
    public static func get(_ url: String, _ extra: [String] = [], timeout: TimeInterval = 10) throws -> (
        head: Head, body: Data
    ) {
        let curl = try requireTool("curl")
        let bodyFile = FileManager.default.temporaryDirectory.appendingPathComponent("curl-body-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: bodyFile) }
        let result = try ProcessRunner.run(
            curl, ["-s", "-o", bodyFile.path, "-D", "-", "--max-time", String(Int(timeout))] + extra + [url],
            timeout: timeout + 10)
        guard result.status == 0 else {
            throw WireError(description: "curl \(url): status \(result.status) \(result.stderrText)")
        }
        let lines = result.stdoutText.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        let fields = lines.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return (Head(status: status, fields: fields), (try? Data(contentsOf: bodyFile)) ?? Data())
    }
}
