// Runs libFuzzer from a Swift `main`: SwiftPM makes the executable's own entry point `main`, so libFuzzer's
// `main` cannot be the one; its driver is called instead, with the process's arguments (-runs=, corpus dirs).
#if canImport(Glibc)
import Glibc
#endif

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

nonisolated(unsafe) private var target: (UnsafeRawBufferPointer) -> Void = { _ in }

/// Hands every input libFuzzer generates to `body`, then exits with libFuzzer's status. A crash or trap in
/// `body` is a finding: libFuzzer saves the input as `crash-…`.
public func runFuzzer(_ body: @escaping (UnsafeRawBufferPointer) -> Void) -> Never {
    target = body
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv) { data, count in
        target(UnsafeRawBufferPointer(start: data, count: count))
        return 0
    }
    exit(status)
}

/// Splits an input into up to `count` fields at 0x0A bytes (the last takes the rest).
public func fields(_ bytes: UnsafeRawBufferPointer, count: Int) -> [String] {
    var parts: [String] = []
    var start = 0
    for (index, byte) in bytes.enumerated() where byte == 0x0A && parts.count < count - 1 {
        parts.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
        start = index + 1
    }
    parts.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
    return parts
}
