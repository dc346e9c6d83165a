"use strict";
class Go {
  constructor() {
    this.importObject = {
      _gotest: { add: (a, b) => a + b },
      gojs: {
        // func wasmExit(code int32)
        "runtime.wasmExit": (sp) => { sp >>>= 0; },
        "syscall/js.valueGet": (sp) => {},
        'syscall/js.finalizeRef': function (sp) { return `x${sp}`; },
      },
    };
  }
}
