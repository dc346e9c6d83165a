// Tests for the WasmInspection module.
