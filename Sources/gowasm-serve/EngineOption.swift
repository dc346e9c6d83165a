import ArgumentParser
import WasmEngines

/// `--engine`, as `run` and `prerender` take it: one definition, so both say and default the same.
struct EngineOption: ParsableArguments {
    @Option(help: "Which engine runs the wasm: interpreter (WasmKit, the default) or jit (JavaScriptCore's own).")
    var engine: WasmEngine = .interpreter
}

extension WasmEngine: ExpressibleByArgument {}
