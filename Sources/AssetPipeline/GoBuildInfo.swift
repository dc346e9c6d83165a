/// Reads the Go version a wasm was built with from the `producers` custom section that cmd/link writes
/// (`language: Go <version>`; present from Go 1.19 to current, kept by `-ldflags=-s -w`, which drops the
/// build-info blob `go version FILE` relies on). A minimal reader until WasmInspection offers one.
public enum GoBuildInfo {
    public static func goVersion(ofWasm binary: [UInt8]) -> String? {
        let section: [UInt8] = [0x09] + Array("producers".utf8)
        let languageGo: [UInt8] = [0x02] + Array("Go".utf8)
        guard let sectionStart = lastIndex(of: section, in: binary, from: 0),
            let entry = lastIndex(of: languageGo, in: binary, from: sectionStart)
        else { return nil }
        let lengthIndex = entry + languageGo.count
        guard lengthIndex < binary.count else { return nil }
        let length = Int(binary[lengthIndex])
        let start = lengthIndex + 1
        guard length > 2, length < 0x80, start + length <= binary.count else { return nil }
        let version = String(decoding: binary[start..<start + length], as: UTF8.self)
        return version.hasPrefix("go") ? version : nil
    }

    /// The last occurrence at or after `lowerBound` (custom sections follow the code, so search backwards).
    private static func lastIndex(of needle: [UInt8], in haystack: [UInt8], from lowerBound: Int) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = haystack.count - needle.count
        var found: Int?
        while index >= lowerBound {
            if haystack[index] == needle[0], haystack[index..<index + needle.count].elementsEqual(needle) {
                found = index
                break
            }
            index -= 1
        }
        return found
    }
}
