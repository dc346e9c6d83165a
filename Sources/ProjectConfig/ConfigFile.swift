import Foundation
import TOMLKit

/// `gowasm.toml`: flags of `serve`, `dev`, `build` and `export` kept with the project. Keys are the long flag
/// names; top-level keys apply to every command that has that flag, a `[serve]` (`[dev]`, …) table to that
/// command only. The command line wins over the file: its options come after the file's.
///
/// ```toml
/// port = 9000
/// header = ["X-Frame-Options: DENY"]
/// [build]
/// output = "dist"
/// ```
public struct ConfigFile {
    /// How a command takes a flag, from its argument declarations.
    public enum FlagKind: Sendable, Equatable {
        /// A Boolean flag; `inversion` is its `--no-…` name when it has one.
        case flag(inversion: String?)
        case option
        /// An option given once per value (`--header a --header b`).
        case repeatingOption
    }

    /// A flag catalog: command name → long flag name → kind.
    public typealias Catalog = [String: [String: FlagKind]]

    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var file: String
        /// 1-based; nil when the problem is not one line's.
        public var line: Int?
        public var message: String

        public var description: String { line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)" }
    }

    public static let defaultName = "gowasm.toml"

    public let path: String
    private let table: TOMLTable
    private let lines: [Substring]

    /// Parses the file. A syntax error names the line TOML's parser stopped at.
    public init(path: String) throws(Failure) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(file: path, line: nil, message: "cannot read the file")
        }
        let text = String(decoding: data, as: UTF8.self)
        if let line = Self.dateWithoutTime(in: text) {
            throw Failure(
                file: path, line: line, message: "not valid TOML: a date and `T` must be followed by a time (HH:MM:SS)")
        }
        if let finding = TOMLStructureCheck.misplacedCharacter(in: text) {
            throw Failure(file: path, line: finding.line, message: finding.message)
        }
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw Failure(file: path, line: error.source.begin.line, message: "not valid TOML: \(error.description)")
        } catch {
            throw Failure(file: path, line: nil, message: "not valid TOML: \(error)")
        }
        self.path = path
        // At LF scalars: a String's "\r\n" is one Character, so splitting Characters missed CRLF lines.
        lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(Substring.init)
    }

    /// The line of a `YYYY-MM-DDT` not followed by two digits, if any. toml++ (under TOMLKit) asserts there
    /// (`parse_time`), and C asserts are compiled in: such a file aborted the process (found by fuzz-config).
    static func dateWithoutTime(in text: String) -> Int? {
        let bytes = Array(text.utf8)
        func digit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        var line = 1
        for i in bytes.indices {
            if bytes[i] == 0x0A { line += 1 }
            guard i >= 10, bytes[i] == UInt8(ascii: "T") || bytes[i] == UInt8(ascii: "t"),
                bytes[i - 3] == UInt8(ascii: "-"), bytes[i - 6] == UInt8(ascii: "-"),
                [i - 10, i - 9, i - 8, i - 7, i - 5, i - 4, i - 2, i - 1].allSatisfy(digit)
            else { continue }
            if !(digit(i + 1) && digit(i + 2)) { return line }
        }
        return nil
    }

    /// Checks every key and value against `catalog` (so a mistake is an error whichever command runs), then
    /// returns the arguments the file gives `command`: top-level keys first, then its table's, as `--name=value`.
    public func arguments(for command: String, catalog: Catalog) throws(Failure) -> [String] {
        var topLevel: [(String, any TOMLValueConvertible)] = []
        var tables: [String: [(String, any TOMLValueConvertible)]] = [:]
        for key in table.keys.sorted(by: { line(of: $0, in: nil) ?? 0 < line(of: $1, in: nil) ?? 0 }) {
            guard let value = table[key] else { continue }
            if let section = value.table {
                guard let flags = catalog[key] else {
                    throw Failure(
                        file: path, line: line(ofTable: key),
                        message:
                            "unknown table [\(key)]: the tables are \(catalog.keys.sorted().map { "[\($0)]" }.joined(separator: ", "))"
                    )
                }
                for inner in section.keys.sorted(by: { line(of: $0, in: key) ?? 0 < line(of: $1, in: key) ?? 0 }) {
                    guard flags[inner] != nil, let innerValue = section[inner] else {
                        throw Failure(
                            file: path, line: line(of: inner, in: key),
                            message: "unknown key \"\(inner)\": `\(key)` has no --\(inner)")
                    }
                    tables[key, default: []].append((inner, innerValue))
                }
                continue
            }
            guard catalog.values.contains(where: { $0[key] != nil }) else {
                throw Failure(
                    file: path, line: line(of: key, in: nil),
                    message:
                        "unknown key \"\(key)\": no command (\(catalog.keys.sorted().joined(separator: ", "))) has --\(key)"
                )
            }
            topLevel.append((key, value))
        }
        var requested: [String] = []
        for (name, flags) in catalog.sorted(by: { $0.key < $1.key }) {
            var arguments: [String] = []
            for (key, value) in topLevel {
                guard let kind = flags[key] else { continue }
                arguments += try self.arguments(key, value, kind: kind, table: nil)
            }
            for (key, value) in tables[name] ?? [] {
                guard let kind = flags[key] else { continue }
                arguments += try self.arguments(key, value, kind: kind, table: name)
            }
            if name == command { requested = arguments }
        }
        return requested
    }

    private func arguments(_ key: String, _ value: any TOMLValueConvertible, kind: FlagKind, table: String?)
        throws(Failure) -> [String]
    {
        func mismatch(_ expected: String) -> Failure {
            Failure(file: path, line: line(of: key, in: table), message: "\"\(key)\" must be \(expected)")
        }
        switch kind {
        case .flag(let inversion):
            guard let on = value.bool else { throw mismatch("true or false") }
            if on { return ["--\(key)"] }
            return inversion.map { ["--\($0)"] } ?? []
        case .option:
            guard let text = scalar(value) else { throw mismatch("a string or a number") }
            return ["--\(key)=\(text)"]
        case .repeatingOption:
            if let array = value.array {
                var values: [String] = []
                for element in array {
                    guard let text = scalar(element) else { throw mismatch("a list of strings") }
                    values.append("--\(key)=\(text)")
                }
                return values
            }
            guard let text = scalar(value) else { throw mismatch("a string or a list of strings") }
            return ["--\(key)=\(text)"]
        }
    }

    private func scalar(_ value: any TOMLValueConvertible) -> String? {
        if let string = value.string { return string }
        if let int = value.int { return String(int) }
        if let double = value.double { return String(double) }
        return nil
    }

    // MARK: - Lines (TOMLKit keeps no source positions for keys)

    /// The 1-based line that defines `key`, at the top level (`table` nil) or inside `[table]`.
    func line(of key: String, in table: String?) -> Int? {
        var current: String?
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                current = line.dropFirst().prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces)
                continue
            }
            guard current == table, let equals = line.firstIndex(of: "=") else { continue }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces).trimmingCharacters(
                in: CharacterSet(charactersIn: "\"'"))
            if name == key { return index + 1 }
        }
        return nil
    }

    func line(ofTable name: String) -> Int? {
        lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("[\(name)]") }.map { $0 + 1 }
    }
}
