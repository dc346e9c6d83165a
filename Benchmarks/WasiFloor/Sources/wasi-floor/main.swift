// wasi-floor MODULE.wasm [ARGS...]: runs a WASI preview-1 command on WasmKit and exits with its code.
// Environment: the variables given as --env NAME=VALUE before the module (none are inherited).
import Foundation
import WasmKit
import WasmKitWASI

var arguments = Array(CommandLine.arguments.dropFirst())
var environment: [String: String] = [:]
while arguments.first == "--env", arguments.count >= 2 {
    let pair = arguments[1].split(separator: "=", maxSplits: 1).map(String.init)
    environment[pair[0]] = pair.count > 1 ? pair[1] : ""
    arguments.removeFirst(2)
}
guard let path = arguments.first else {
    FileHandle.standardError.write(Data("usage: wasi-floor [--env NAME=VALUE]... MODULE.wasm [ARGS...]\n".utf8))
    exit(64)
}

do {
    let module = try parseWasm(filePath: path)
    // The same engine settings as GoJSRuntime (lazy compilation, 64 MiB interpreter stack).
    var configuration = EngineConfiguration(stackSize: 64 << 20)
    configuration.compilationMode = .lazy
    let engine = Engine(configuration: configuration)
    let store = Store(engine: engine)
    let wasi = try WASIBridgeToHost(args: arguments, environment: environment)
    var imports = Imports()
    wasi.link(to: &imports, store: store)
    let instance = try module.instantiate(store: store, imports: imports)
    exit(Int32(bitPattern: try wasi.start(instance)))
} catch {
    FileHandle.standardError.write(Data("wasi-floor: \(error)\n".utf8))
    exit(1)
}
