// What pre-rendering watches of a Go program (Prerender/PageRuntime.swift is the Swift half), and the brand
// check fetch.js and streams use for the DOM's AbortSignal (fetch, Headers, Request and Response are
// fetch.js's); and, around whatever `Go` class the page's own wasm_exec.js defines, the program's exit code
// and faults. Nothing here recognises the page: any glue assigning `globalThis.Go` is watched. Evaluated once per page; returns nothing.
(function (native) {
  "use strict";

  // --- AbortSignal: the DOM's (dom.js, installed before this, as are AbortController and DOMException) ---
  // One AbortSignal class per page, so the signals fetch, streams and addEventListener accept are the same
  // objects. Its `aborted` getter is the brand check: it throws for anything that is not a signal.
  const aborted = Object.getOwnPropertyDescriptor(globalThis.AbortSignal.prototype, "aborted").get;
  native.isAbortSignal = (x) => {
    if (typeof x !== "object" || x === null) return false;
    try { aborted.call(x); return true; } catch { return false; }
  };

  // --- an Error a loader caught and logged is what a failed page reports (PageException) ---
  const consoleError = console.error;
  Object.defineProperty(console, "error", {
    configurable: true, enumerable: true, writable: true,
    value: { error(...args) {
      const error = args.find((value) => value instanceof Error);
      if (error) native.reported(error);
      return consoleError.apply(this, args);
    } }.error,
  });

  // --- the Go program, whichever glue defines it: its exit code and the faults that end it ---
  // Only wasm's own faults end a render (a trap, a budget); other exceptions are the page's to handle.
  const faulted = (error) => { if (error instanceof WebAssembly.RuntimeError) native.faulted(String(error.message)); };
  const watch = (Go) => {
    if (typeof Go !== "function" || Go.gowasmWatched) return Go;
    const Watched = class extends Go {
      constructor(...args) {
        super(...args);
        let exit = this.exit;
        Object.defineProperty(this, "exit", {
          configurable: true, enumerable: true,
          get: () => (code) => { native.exited(code); return exit.call(this, code); },
          set: (value) => { exit = value; },
        });
        const resume = this._resume;
        if (typeof resume === "function") {
          this._resume = (...a) => {
            try { return resume.apply(this, a); } catch (error) { faulted(error); throw error; }
          };
        }
      }
      run(instance) {
        native.started();
        let started;
        try { started = super.run(instance); } catch (error) { faulted(error); throw error; }
        return Promise.resolve(started).catch((error) => { faulted(error); throw error; });
      }
    };
    Object.defineProperty(Watched, "name", { value: Go.name });
    Object.defineProperty(Watched, "gowasmWatched", { value: true });
    return Watched;
  };
  let current;
  Object.defineProperty(globalThis, "Go", {
    configurable: true, enumerable: true,
    get: () => current,
    set: (value) => { current = watch(value); },
  });
})
