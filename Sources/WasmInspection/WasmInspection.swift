// The WasmInspection module: see Package.swift and README "Design".
