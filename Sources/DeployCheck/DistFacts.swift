import Compression
import Foundation
import Hashing

/// Facts a dist folder must satisfy on disk, whatever serves it: content-hashed names match their
/// content, precompressed siblings decode to their file, and `manifest.json` agrees with the files.
public enum DistFacts {
    public static func check(directory: URL) -> [CheckResult] {
        let files = listFiles(directory)
        var results: [CheckResult] = []
        for file in files where !file.hasSuffix(".br") && !file.hasSuffix(".gz") {
            guard let hash = nameHash(file) else { continue }
            guard let bytes = try? Data(contentsOf: directory.appendingPathComponent(file)) else { continue }
            let sha256 = SHA2.sha256.hash(bytes).hexString
            results.append(
                sha256.hasPrefix(hash.lowercased())
                    ? CheckResult(.hashedName, .pass, file, "name hash is the content's sha256 prefix")
                    : CheckResult(
                        .hashedName, .fail, file,
                        "name says \(hash), content's sha256 starts \(sha256.prefix(hash.count))",
                        fix: "the file was changed after the build: rebuild instead of editing dist files"))
        }
        for file in files {
            for coding in [ContentCoding.br, .gzip] where file.hasSuffix(coding.siblingSuffix ?? "-") {
                let original = String(file.dropLast((coding.siblingSuffix ?? "").count))
                guard files.contains(original),
                    let encoded = try? Data(contentsOf: directory.appendingPathComponent(file)),
                    let reference = try? Data(contentsOf: directory.appendingPathComponent(original))
                else { continue }
                let decoded = try? coding.decode([UInt8](encoded), limit: max(reference.count * 2, 1 << 20))
                results.append(
                    decoded == [UInt8](reference)
                        ? CheckResult(.precompressedSibling, .pass, file, "decodes to \(original)")
                        : CheckResult(
                            .precompressedSibling, .fail, file, "does not decode to the current \(original)",
                            fix: "regenerate the .br/.gz siblings after every change (gowasm-serve build does)"))
            }
        }
        results += manifest(directory: directory, files: Set(files))
        return results
    }

    /// `name.<8+ hex>.ext` → the hex.
    static func nameHash(_ path: String) -> String? {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        guard let range = file.range(of: #"\.[0-9a-f]{8,64}\."#, options: .regularExpression) else { return nil }
        return String(file[range].dropFirst().dropLast())
    }

    private static func manifest(directory: URL, files: Set<String>) -> [CheckResult] {
        let url = directory.appendingPathComponent("manifest.json")
        guard let data = try? Data(contentsOf: url) else {
            return [
                CheckResult(
                    .manifest, .warn, "manifest.json",
                    "no manifest.json: hashed names cannot be traced to their sources",
                    fix: "build with `gowasm-serve build`, which writes it")
            ]
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let entries = object["files"] as? [String: Any]
        else {
            return [
                CheckResult(
                    .manifest, .fail, "manifest.json", "not a manifest (no \"files\" object)", fix: "rebuild the dist")
            ]
        }
        var problems: [String] = []
        for (logical, value) in entries.sorted(by: { $0.key < $1.key }) {
            guard let entry = value as? [String: Any], let file = entry["file"] as? String else {
                problems.append("\(logical): no file")
                continue
            }
            guard files.contains(file), let bytes = try? Data(contentsOf: directory.appendingPathComponent(file)) else {
                problems.append("\(logical): \(file) is missing")
                continue
            }
            if let size = entry["size"] as? Int, size != bytes.count {
                problems.append("\(file): size \(bytes.count), manifest says \(size)")
            }
            if let sri = entry["sha384"] as? String,
                sri != "sha384-" + Data(SHA2.sha384.hash(bytes)).base64EncodedString()
            {
                problems.append("\(file): sha384 differs from the manifest")
            }
            for (key, suffix) in [("br", ".br"), ("gzip", ".gz")] {
                guard let size = entry[key] as? Int else { continue }
                let sibling = file + suffix
                let actual =
                    (try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(sibling).path)[
                        .size]) as? Int
                if actual != size {
                    problems.append("\(sibling): \(actual.map { "size \($0)" } ?? "missing"), manifest says \(size)")
                }
            }
        }
        return [
            problems.isEmpty
                ? CheckResult(.manifest, .pass, "manifest.json", "\(entries.count) entries match the files")
                : CheckResult(
                    .manifest, .fail, "manifest.json", problems.joined(separator: "; "),
                    fix: "the dist was changed after the build: rebuild it")
        ]
    }

    private static func listFiles(_ directory: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return [] }
        var files: [String] = []
        while let next = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(
                atPath: directory.appendingPathComponent(next).path, isDirectory: &isDirectory), !isDirectory.boolValue
            {
                files.append(next)
            }
        }
        return files.sorted()
    }
}
