// run --browser: what wasm_exec_node.js does, for a program in a page. The toolchain's wasm_exec.js has run
// as the page's classic script before this (it keeps the `fs` and `process` it finds, node's); the
// program's arguments, environment, exit and the deadlock report when the event loop empties are node's.
(function (native, wasmPath, args) {
  "use strict";
  const go = new Go();
  go.argv = [wasmPath, ...args];
  go.env = Object.assign({ TMPDIR: native.tmpdir() }, process.env);
  go.exit = process.exit;
  WebAssembly.instantiate(fs.readFileSync(wasmPath), go.importObject).then((result) => {
    process.on("exit", (code) => {
      if (code === 0 && !go.exited) {
        go._pendingEvent = { id: 0 };
        go._resume();
      }
    });
    return go.run(result.instance);
  }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
})
