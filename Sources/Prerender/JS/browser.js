// What pre-rendering watches of a Go program (Prerender/PageRuntime.swift is the Swift half), and
// AbortController/AbortSignal (fetch, Headers, Request and Response are fetch.js's); and, around whatever `Go`
// class the page's own wasm_exec.js defines, the program's exit code and faults. Nothing here recognises
// the page: any glue assigning `globalThis.Go` is watched. Evaluated once per page; returns nothing.
(function (native) {
  "use strict";
  const define = (name, value) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });

  // --- AbortController / AbortSignal ---
  class AbortSignal extends EventTarget {
    aborted = false;
    reason = undefined;
    onabort = null;
    throwIfAborted() { if (this.aborted) throw this.reason; }
  }
  class AbortController {
    #signal = new AbortSignal();
    get signal() { return this.#signal; }
    abort(reason) {
      const signal = this.#signal;
      if (signal.aborted) return;
      signal.aborted = true;
      signal.reason = reason ?? Object.assign(new Error("signal is aborted without reason"), { name: "AbortError" });
      signal.dispatchEvent(new Event("abort"));
    }
  }
  define("AbortSignal", AbortSignal);
  define("AbortController", AbortController);

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
