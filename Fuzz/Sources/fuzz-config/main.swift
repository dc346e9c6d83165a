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
let path = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-config-\(getpid()).toml").path
atexit { unlink(path) }

runFuzzer { input in
    guard FileManager.default.createFile(atPath: path, contents: Data(input)) else { fatalError("cannot write \(path)") }
    guard let file = try? ConfigFile(path: path) else { return }
    for command in catalog.keys.sorted() {
        guard let arguments = try? file.arguments(for: command, catalog: catalog) else { continue }
        for argument in arguments { precondition(argument.hasPrefix("--"), "argument \(argument) is not a flag") }
    }
}
