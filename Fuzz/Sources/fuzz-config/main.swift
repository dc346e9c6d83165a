// gowasm.toml as `serve`, `dev`, `build` and `export` read it: TOMLKit's parse, then the check of every key
// and value against a flag catalog, and the arguments each command gets.
import Foundation
import FuzzSupport
import ProjectConfig

// Flags of each kind under each command, shaped like the catalog the CLI reads from ArgumentParser.
let flags: [String: ConfigFile.FlagKind] = [
    "port": .option, "host": .option, "header": .repeatingOption, "proxy": .repeatingOption,
    "allowed-host": .repeatingOption, "precompress": .flag(inversion: "no-precompress"), "spa": .flag(inversion: nil),
    "go": .option, "output": .option, "idle-timeout": .option,
]
let catalog: ConfigFile.Catalog = ["serve": flags, "dev": flags, "build": flags, "export": flags]
// In /dev/shm where there is one: the file is rewritten for every input.
let directory =
    FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : FileManager.default.temporaryDirectory.path
let path = directory + "/fuzz-config-\(getpid()).toml"
atexit { unlink(path) }

/// Replaces the file's contents in place. Not FileManager.createFile: that writes a temporary file, fsyncs
/// and renames it, which took more than 40% of each input's time (perf) and made this target ~940 inputs/s.
func replaceContents(of path: String, with bytes: UnsafeRawBufferPointer) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { fatalError("cannot open \(path)") }
    defer { close(fd) }
    var offset = 0
    while offset < bytes.count {
        let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        guard written > 0 else { fatalError("cannot write \(path)") }
        offset += written
    }
}

runFuzzer { input in
    replaceContents(of: path, with: input)
    guard let file = try? ConfigFile(path: path) else { return }
    for command in catalog.keys.sorted() {
        guard let arguments = try? file.arguments(for: command, catalog: catalog) else { continue }
        for argument in arguments { precondition(argument.hasPrefix("--"), "argument \(argument) is not a flag") }
    }
}
