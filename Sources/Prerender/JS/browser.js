// What pre-rendering watches of a Go program (Prerender/PageRuntime.swift is the Swift half), and
// AbortController/AbortSignal (fetch, Headers, Request and Response are fetch.js's); and, around whatever `Go`
// class the page's own wasm_exec.js defines, the program's exit code and faults. Nothing here recognises
// the page: any glue assigning `globalThis.Go` is watched. Evaluated once per page; returns nothing.
(function (native) {
  "use strict";
  const define = (name, value) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });

  // --- DOMException (WebIDL), where the DOM has none yet: what AbortSignal's reasons are ---
  if (typeof globalThis.DOMException !== "function") {
    const codes = {
      IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
      NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11, SyntaxError: 12,
      InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15, TypeMismatchError: 17, SecurityError: 18,
      NetworkError: 19, AbortError: 20, URLMismatchError: 21, QuotaExceededError: 22, TimeoutError: 23,
      InvalidNodeTypeError: 24, DataCloneError: 25,
    };
    class DOMException extends Error {
      #name; #message;
      constructor(message = "", name = "Error") {
        super();
        this.#message = String(message);
        this.#name = String(name);
      }
      get name() { return this.#name; }
      get message() { return this.#message; }
      get code() { return codes[this.#name] ?? 0; }
    }
    define("DOMException", DOMException);
  }

  // --- AbortController / AbortSignal ---
  const abortError = () => new DOMException("signal is aborted without reason", "AbortError");
  const signalAbort = (signal, reason) => {
    if (signal.aborted) return;
    signal.aborted = true;
    signal.reason = reason === undefined ? abortError() : reason;
    signal.dispatchEvent(new Event("abort"));
  };
  class AbortSignal extends EventTarget {
    #brand = true;
    aborted = false;
    reason = undefined;
    onabort = null;
    throwIfAborted() { if (this.aborted) throw this.reason; }
    static abort(reason = undefined) {
      const signal = new AbortSignal();
      signal.aborted = true;
      signal.reason = reason === undefined ? abortError() : reason;
      return signal;
    }
    static timeout(milliseconds) {
      const signal = new AbortSignal();
      setTimeout(() => signalAbort(signal, new DOMException("signal timed out", "TimeoutError")), Number(milliseconds));
      return signal;
    }
    // A brand check for streams' pipeTo and fetch's Request (an object merely inheriting from
    // AbortSignal.prototype is not a signal).
    static { native.isAbortSignal = (x) => typeof x === "object" && x !== null && #brand in x; }
  }
  class AbortController {
    #signal = new AbortSignal();
    get signal() { return this.#signal; }
    abort(reason = undefined) { signalAbort(this.#signal, reason); }
  }
  define("AbortSignal", AbortSignal);
  define("AbortController", AbortController);

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
