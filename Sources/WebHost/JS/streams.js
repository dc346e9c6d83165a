// WHATWG Streams (https://streams.spec.whatwg.org/): ReadableStream (default and byte controllers, default
// and BYOB readers, tee, pipeTo/pipeThrough, async iteration, from), WritableStream, TransformStream, the
// two queuing strategies, TextEncoderStream and TextDecoderStream. The structure follows the spec's
// abstract operations one for one (same names, same order of steps), because the web-platform-tests check
// the exact order of promise reactions. Internal slots live in records kept in one WeakMap keyed by the
// web-visible object, so nothing internal is reachable from a page.
// Loaded lazily (WebHost/WebPlatform.swift): the first read of one of the global names evaluates this
// file; it returns the classes by name.
(function (native) {
  "use strict";
  // Captured at load, so a page that patches Promise or Promise.prototype.then cannot see inside.
  const OriginalPromise = Promise;
  const promiseThen = Promise.prototype.then;
  const promiseResolve = Promise.resolve.bind(Promise);
  const promiseReject = Promise.reject.bind(Promise);
  const ReflectApply = Reflect.apply;
  const queueTask = typeof queueMicrotask === "function" ? queueMicrotask : (f) => promiseThen.call(promiseResolve(), f);
  const slots = new WeakMap();

  // --- promises, as the spec uses them ---
  const resolved = (v) => promiseResolve(v);
  const rejected = (e) => promiseReject(e);
  const newPromise = () => {
    const d = { state: "pending" };
    d.promise = new OriginalPromise((resolve, reject) => { d.res = resolve; d.rej = reject; });
    return d;
  };
  const resolveD = (d, v) => { if (d.state !== "pending") return; d.state = "fulfilled"; d.res(v); };
  const rejectD = (d, e) => { if (d.state !== "pending") return; d.state = "rejected"; d.rej(e); };
  const resolvedD = (v) => { const d = newPromise(); resolveD(d, v); return d; };
  const rejectedD = (e) => { const d = newPromise(); rejectD(d, e); handled(d.promise); return d; };
  const then = (p, f, r) => promiseThen.call(p, f, r);
  const handled = (p) => { promiseThen.call(p, undefined, () => {}); };
  const upon = (p, f, r) => { handled(then(p, f, r)); };
  const uponFulfillment = (p, f) => upon(p, f);
  const uponRejection = (p, r) => upon(p, undefined, r);
  const transformToUndefined = (p) => then(p, () => undefined);
  const promiseCall = (f, thisArg, args) => {
    try { return resolved(ReflectApply(f, thisArg, args)); } catch (e) { return rejected(e); }
  };
  const iterResult = (value, done) => ({ value, done });

  // --- WebIDL conversions ---
  const isObject = (x) => (typeof x === "object" && x !== null) || typeof x === "function";
  const convertCallback = (f, context) => {
    if (f !== undefined && typeof f !== "function") throw new TypeError(`${context} is not a function`);
    return f;
  };
  const convertDictionary = (x, context) => {
    if (x !== undefined && x !== null && !isObject(x)) throw new TypeError(`${context} is not an object`);
    return x == null ? {} : x;
  };
  const enforceRange = (x, context) => {
    let n = Number(x);
    if (!Number.isFinite(n)) throw new TypeError(`${context} is not a finite number`);
    n = Math.trunc(n);
    if (n < 0 || n > Number.MAX_SAFE_INTEGER) throw new TypeError(`${context} is out of range`);
    return n === 0 ? 0 : n;
  };
  const convertStrategy = (strategy, context) => {
    strategy = convertDictionary(strategy, context);
    const hwm = strategy.highWaterMark;
    const size = strategy.size;
    return {
      highWaterMark: hwm === undefined ? undefined : Number(hwm),
      size: convertCallback(size, `${context}.size`),
    };
  };
  const extractHighWaterMark = (strategy, defaultHWM) => {
    if (strategy.highWaterMark === undefined) return defaultHWM;
    const hwm = strategy.highWaterMark;
    if (Number.isNaN(hwm) || hwm < 0) throw new RangeError("Invalid highWaterMark");
    return hwm;
  };
  const extractSizeAlgorithm = (strategy) => {
    const size = strategy.size;
    if (size === undefined) return () => 1;
    return (chunk) => ReflectApply(size, undefined, [chunk]);
  };
  const isArrayBufferView = (x) => ArrayBuffer.isView(x);
  const typedArrayName = (view) => (view instanceof DataView ? undefined : view.constructor);
  const isDetached = (buffer) => {
    if (typeof buffer.detached === "boolean") return buffer.detached;
    try { new Uint8Array(buffer); return false; } catch { return true; }
  };
  const transferArrayBuffer = (buffer) => {
    if (isDetached(buffer)) throw new TypeError("The ArrayBuffer is detached");
    if (typeof buffer.transfer === "function") return buffer.transfer();
    return buffer.slice(0);
  };
  const canTransfer = (buffer) => !isDetached(buffer);
  const cloneAsUint8Array = (view) => new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
  const copyBytes = (dest, destOffset, src, srcOffset, n) => {
    new Uint8Array(dest, destOffset, n).set(new Uint8Array(src, srcOffset, n));
  };

  // --- queue-with-sizes ---
  const isNonNegativeNumber = (v) => typeof v === "number" && !Number.isNaN(v) && v >= 0;
  const enqueueValueWithSize = (c, value, size) => {
    if (!isNonNegativeNumber(size) || size === Infinity) throw new RangeError("The chunk size must be a finite, non-negative number");
    c.queue.push({ value, size });
    c.queueTotalSize += size;
  };
  const dequeueValue = (c) => {
    const pair = c.queue.shift();
    c.queueTotalSize -= pair.size;
    if (c.queueTotalSize < 0) c.queueTotalSize = 0;
    return pair.value;
  };
  const peekQueueValue = (c) => c.queue[0].value;
  const resetQueue = (c) => { c.queue = []; c.queueTotalSize = 0; };

  // --- brands ---
  const make = (proto, record) => { const api = Object.create(proto); slots.set(api, record); record.api = api; return record; };
  const slotOf = (api, kind) => { const s = isObject(api) ? slots.get(api) : undefined; return s !== undefined && s.kind === kind ? s : undefined; };
  const brand = (api, kind, what) => {
    const s = slotOf(api, kind);
    if (s === undefined) throw new TypeError(`${what} called on an object that is not a ${kind}`);
    return s;
  };
  const defineClass = native.exposeInterface;

  // =====================================================================================================
  // ReadableStream
  // =====================================================================================================
  const newReadableStream = () => make(ReadableStream.prototype, {
    kind: "ReadableStream", state: "readable", reader: undefined, storedError: undefined, disturbed: false, controller: undefined,
  });
  const isReadableStreamLocked = (s) => s.reader !== undefined;

  class ReadableStream {
    constructor(underlyingSource = undefined, strategy = undefined) {
      if (underlyingSource !== undefined && !isObject(underlyingSource)) throw new TypeError("underlyingSource is not an object");
      const strategyDict = convertStrategy(strategy, "strategy");
      const source = underlyingSource ?? {};
      const dict = {
        autoAllocateChunkSize: source.autoAllocateChunkSize,
        cancel: convertCallback(source.cancel, "underlyingSource.cancel"),
        pull: convertCallback(source.pull, "underlyingSource.pull"),
        start: convertCallback(source.start, "underlyingSource.start"),
        type: source.type,
      };
      if (dict.autoAllocateChunkSize !== undefined) dict.autoAllocateChunkSize = enforceRange(dict.autoAllocateChunkSize, "autoAllocateChunkSize");
      if (dict.type !== undefined) {
        dict.type = String(dict.type);
        if (dict.type !== "bytes") throw new TypeError(`'${dict.type}' is not a valid ReadableStream type`);
      }
      const s = { kind: "ReadableStream", state: "readable", reader: undefined, storedError: undefined, disturbed: false, controller: undefined, api: this };
      slots.set(this, s);
      if (dict.type === "bytes") {
        if (strategyDict.size !== undefined) throw new RangeError("The strategy for a byte stream cannot have a size function");
        const hwm = extractHighWaterMark(strategyDict, 0);
        setUpReadableByteStreamControllerFromUnderlyingSource(s, source, dict, hwm);
      } else {
        const size = extractSizeAlgorithm(strategyDict);
        const hwm = extractHighWaterMark(strategyDict, 1);
        setUpReadableStreamDefaultControllerFromUnderlyingSource(s, source, dict, hwm, size);
      }
    }
    static from(asyncIterable) { return readableStreamFromIterable(asyncIterable).api; }
    get locked() { return isReadableStreamLocked(brand(this, "ReadableStream", "locked")); }
    cancel(reason = undefined) {
      const s = slotOf(this, "ReadableStream");
      if (s === undefined) return rejected(new TypeError("cancel called on an object that is not a ReadableStream"));
      if (isReadableStreamLocked(s)) return rejected(new TypeError("Cannot cancel a locked stream"));
      return readableStreamCancel(s, reason);
    }
    getReader(options = undefined) {
      const s = brand(this, "ReadableStream", "getReader");
      options = convertDictionary(options, "options");
      let mode = options.mode;
      if (mode === undefined) return acquireReadableStreamDefaultReader(s).api;
      mode = String(mode);
      if (mode !== "byob") throw new TypeError(`'${mode}' is not a valid reader mode`);
      return acquireReadableStreamBYOBReader(s).api;
    }
    pipeThrough(transform, options = undefined) {
      const s = brand(this, "ReadableStream", "pipeThrough");
      if (!isObject(transform)) throw new TypeError("transform is not an object");
      const readable = slotOf(transform.readable, "ReadableStream");
      if (readable === undefined) throw new TypeError("transform.readable is not a ReadableStream");
      const writable = slotOf(transform.writable, "WritableStream");
      if (writable === undefined) throw new TypeError("transform.writable is not a WritableStream");
      const o = convertPipeOptions(options);
      if (isReadableStreamLocked(s)) throw new TypeError("Cannot pipe a locked stream");
      if (isWritableStreamLocked(writable)) throw new TypeError("Cannot pipe to a locked stream");
      const promise = readableStreamPipeTo(s, writable, o.preventClose, o.preventAbort, o.preventCancel, o.signal);
      handled(promise);
      return readable.api;
    }
    pipeTo(destination, options = undefined) {
      const s = slotOf(this, "ReadableStream");
      if (s === undefined) return rejected(new TypeError("pipeTo called on an object that is not a ReadableStream"));
      const dest = slotOf(destination, "WritableStream");
      if (dest === undefined) return rejected(new TypeError("pipeTo's destination is not a WritableStream"));
      let o;
      try { o = convertPipeOptions(options); } catch (e) { return rejected(e); }
      if (isReadableStreamLocked(s)) return rejected(new TypeError("Cannot pipe a locked stream"));
      if (isWritableStreamLocked(dest)) return rejected(new TypeError("Cannot pipe to a locked stream"));
      return readableStreamPipeTo(s, dest, o.preventClose, o.preventAbort, o.preventCancel, o.signal);
    }
    tee() {
      const s = brand(this, "ReadableStream", "tee");
      return readableStreamTee(s, false).map((b) => b.api);
    }
    values(options = undefined) {
      const s = brand(this, "ReadableStream", "values");
      options = convertDictionary(options, "options");
      const preventCancel = Boolean(options.preventCancel);
      const reader = acquireReadableStreamDefaultReader(s);
      const it = Object.create(ReadableStreamAsyncIteratorPrototype);
      slots.set(it, { kind: "ReadableStreamAsyncIterator", reader, preventCancel, ongoing: undefined, finished: false });
      return it;
    }
  }
  defineClass(ReadableStream);
  Object.defineProperty(ReadableStream.prototype, Symbol.asyncIterator, {
    value: ReadableStream.prototype.values, writable: true, configurable: true,
  });

  const convertPipeOptions = (options) => {
    options = convertDictionary(options, "options");
    const preventAbort = Boolean(options.preventAbort);
    const preventCancel = Boolean(options.preventCancel);
    const preventClose = Boolean(options.preventClose);
    const signal = options.signal;
    if (signal !== undefined && !isAbortSignal(signal)) throw new TypeError("options.signal is not an AbortSignal");
    return { preventAbort, preventCancel, preventClose, signal };
  };
  const isAbortSignal = (x) => (native && native.isAbortSignal ? native.isAbortSignal(x) : typeof AbortSignal === "function" && x instanceof AbortSignal);

  // --- async iteration (WebIDL's asynchronous iterator prototype with the spec's next/return steps) ---
  const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);
  const ReadableStreamAsyncIteratorPrototype = Object.create(AsyncIteratorPrototype, {
    next: {
      writable: true, enumerable: true, configurable: true,
      value: function next() {
        const it = slotOf(this, "ReadableStreamAsyncIterator");
        if (it === undefined) return rejected(new TypeError("next called on an object that is not a ReadableStream async iterator"));
        const nextSteps = () => {
          if (it.finished) return resolved(iterResult(undefined, true));
          const d = newPromise();
          const reader = it.reader;
          if (reader.stream === undefined) {
            rejectD(d, new TypeError("The iterator's reader was released"));
          } else {
            readableStreamDefaultReaderRead(reader, {
              chunkSteps: (chunk) => resolveD(d, { chunk }),
              closeSteps: () => { readableStreamDefaultReaderRelease(reader); resolveD(d, undefined); },
              errorSteps: (e) => { readableStreamDefaultReaderRelease(reader); rejectD(d, e); },
            });
          }
          return then(d.promise,
            (next) => {
              it.ongoing = undefined;
              if (next === undefined) { it.finished = true; return iterResult(undefined, true); }
              return iterResult(next.chunk, false);
            },
            (reason) => { it.ongoing = undefined; it.finished = true; throw reason; });
        };
        it.ongoing = it.ongoing ? then(it.ongoing, nextSteps, nextSteps) : nextSteps();
        return it.ongoing;
      },
    },
    return: {
      writable: true, enumerable: true, configurable: true,
      value: function (value) {
        const it = slotOf(this, "ReadableStreamAsyncIterator");
        if (it === undefined) return rejected(new TypeError("return called on an object that is not a ReadableStream async iterator"));
        const returnSteps = () => {
          if (it.finished) return resolved(iterResult(value, true));
          it.finished = true;
          const reader = it.reader;
          if (reader.stream === undefined) return resolved(iterResult(value, true));
          if (!it.preventCancel) {
            const result = readableStreamReaderGenericCancel(reader, value);
            readableStreamDefaultReaderRelease(reader);
            return then(result, () => iterResult(value, true));
          }
          readableStreamDefaultReaderRelease(reader);
          return resolved(iterResult(value, true));
        };
        it.ongoing = it.ongoing ? then(it.ongoing, returnSteps, returnSteps) : returnSteps();
        return then(it.ongoing, () => iterResult(value, true));
      },
    },
    [Symbol.toStringTag]: { value: "ReadableStream AsyncIterator", configurable: true },
  });
  Object.defineProperty(ReadableStreamAsyncIteratorPrototype.return, "name", { value: "return" });

  // --- ReadableStream abstract operations ---
  const createReadableStream = (startAlgorithm, pullAlgorithm, cancelAlgorithm, hwm = 1, sizeAlgorithm = () => 1) => {
    const s = newReadableStream();
    const c = newDefaultController();
    setUpReadableStreamDefaultController(s, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, hwm, sizeAlgorithm);
    return s;
  };
  const createReadableByteStream = (startAlgorithm, pullAlgorithm, cancelAlgorithm) => {
    const s = newReadableStream();
    const c = newByteController();
    setUpReadableByteStreamController(s, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, 0, undefined);
    return s;
  };

  const readableStreamFromIterable = (asyncIterable) => {
    let iterator, nextMethod;
    const asyncMethod = asyncIterable == null ? undefined : asyncIterable[Symbol.asyncIterator];
    if (asyncMethod != null) {
      if (typeof asyncMethod !== "function") throw new TypeError("Symbol.asyncIterator is not a function");
      iterator = ReflectApply(asyncMethod, asyncIterable, []);
      if (!isObject(iterator)) throw new TypeError("The async iterator is not an object");
      nextMethod = iterator.next;
    } else {
      const syncMethod = asyncIterable == null ? undefined : asyncIterable[Symbol.iterator];
      if (typeof syncMethod !== "function") throw new TypeError("ReadableStream.from's argument is not iterable");
      const syncIterator = ReflectApply(syncMethod, asyncIterable, []);
      if (!isObject(syncIterator)) throw new TypeError("The iterator is not an object");
      const syncNext = syncIterator.next;
      // CreateAsyncFromSyncIterator
      iterator = {
        next() {
          const r = ReflectApply(syncNext, syncIterator, []);
          if (!isObject(r)) throw new TypeError("The iterator result is not an object");
          const done = Boolean(r.done);
          return then(resolved(r.value), (value) => iterResult(value, done));
        },
        return(v) {
          const ret = syncIterator.return;
          if (ret == null) return resolved(iterResult(v, true));
          const r = ReflectApply(ret, syncIterator, [v]);
          if (!isObject(r)) throw new TypeError("The iterator result is not an object");
          const done = Boolean(r.done);
          return then(resolved(r.value), (value) => iterResult(value, done));
        },
      };
      nextMethod = iterator.next;
    }
    let s;
    const pullAlgorithm = () => {
      let nextResult;
      try { nextResult = ReflectApply(nextMethod, iterator, []); } catch (e) { return rejected(e); }
      return then(resolved(nextResult), (r) => {
        if (!isObject(r)) throw new TypeError("The promise returned by the iterator's next() did not fulfil with an object");
        if (r.done) readableStreamDefaultControllerClose(s.controller);
        else readableStreamDefaultControllerEnqueue(s.controller, r.value);
      });
    };
    const cancelAlgorithm = (reason) => {
      let returnMethod;
      try { returnMethod = iterator.return; } catch (e) { return rejected(e); }
      if (returnMethod == null) return resolved(undefined);
      if (typeof returnMethod !== "function") return rejected(new TypeError("The iterator's return is not a function"));
      let returnResult;
      try { returnResult = ReflectApply(returnMethod, iterator, [reason]); } catch (e) { return rejected(e); }
      return then(resolved(returnResult), (r) => {
        if (!isObject(r)) throw new TypeError("The promise returned by the iterator's return() did not fulfil with an object");
      });
    };
    s = createReadableStream(() => undefined, pullAlgorithm, cancelAlgorithm, 0);
    return s;
  };

  const readableStreamCancel = (s, reason) => {
    s.disturbed = true;
    if (s.state === "closed") return resolved(undefined);
    if (s.state === "errored") return rejected(s.storedError);
    readableStreamClose(s);
    const reader = s.reader;
    if (reader !== undefined && reader.kind === "ReadableStreamBYOBReader") {
      const requests = reader.readIntoRequests;
      reader.readIntoRequests = [];
      for (const r of requests) r.closeSteps(undefined);
    }
    const sourceCancelPromise = s.controller.cancelSteps(reason);
    return transformToUndefined(sourceCancelPromise);
  };
  const readableStreamClose = (s) => {
    s.state = "closed";
    const reader = s.reader;
    if (reader === undefined) return;
    resolveD(reader.closed, undefined);
    if (reader.kind === "ReadableStreamDefaultReader") {
      const requests = reader.readRequests;
      reader.readRequests = [];
      for (const r of requests) r.closeSteps();
    }
  };
  const readableStreamError = (s, e) => {
    s.state = "errored";
    s.storedError = e;
    const reader = s.reader;
    if (reader === undefined) return;
    rejectD(reader.closed, e);
    handled(reader.closed.promise);
    if (reader.kind === "ReadableStreamDefaultReader") readableStreamDefaultReaderErrorReadRequests(reader, e);
    else readableStreamBYOBReaderErrorReadIntoRequests(reader, e);
  };
  const readableStreamAddReadRequest = (s, r) => { s.reader.readRequests.push(r); };
  const readableStreamAddReadIntoRequest = (s, r) => { s.reader.readIntoRequests.push(r); };
  const readableStreamFulfillReadRequest = (s, chunk, done) => {
    const r = s.reader.readRequests.shift();
    if (done) r.closeSteps(); else r.chunkSteps(chunk);
  };
  const readableStreamFulfillReadIntoRequest = (s, chunk, done) => {
    const r = s.reader.readIntoRequests.shift();
    if (done) r.closeSteps(chunk); else r.chunkSteps(chunk);
  };
  const readableStreamGetNumReadRequests = (s) => s.reader.readRequests.length;
  const readableStreamGetNumReadIntoRequests = (s) => s.reader.readIntoRequests.length;
  const readableStreamHasDefaultReader = (s) => s.reader !== undefined && s.reader.kind === "ReadableStreamDefaultReader";
  const readableStreamHasBYOBReader = (s) => s.reader !== undefined && s.reader.kind === "ReadableStreamBYOBReader";

  // --- readers ---
  const readableStreamReaderGenericInitialize = (reader, s) => {
    reader.stream = s;
    s.reader = reader;
    if (s.state === "readable") reader.closed = newPromise();
    else if (s.state === "closed") reader.closed = resolvedD(undefined);
    else reader.closed = rejectedD(s.storedError);
  };
  const readableStreamReaderGenericCancel = (reader, reason) => readableStreamCancel(reader.stream, reason);
  const readableStreamReaderGenericRelease = (reader) => {
    const s = reader.stream;
    const e = new TypeError("The reader's lock was released");
    if (s.state === "readable") rejectD(reader.closed, e);
    else reader.closed = rejectedD(e);
    handled(reader.closed.promise);
    s.controller.releaseSteps();
    s.reader = undefined;
    reader.stream = undefined;
  };

  const acquireReadableStreamDefaultReader = (s) => {
    const reader = make(ReadableStreamDefaultReader.prototype, { kind: "ReadableStreamDefaultReader" });
    setUpReadableStreamDefaultReader(reader, s);
    return reader;
  };
  const acquireReadableStreamBYOBReader = (s) => {
    const reader = make(ReadableStreamBYOBReader.prototype, { kind: "ReadableStreamBYOBReader" });
    setUpReadableStreamBYOBReader(reader, s);
    return reader;
  };
  const setUpReadableStreamDefaultReader = (reader, s) => {
    if (isReadableStreamLocked(s)) throw new TypeError("This stream has already been locked for exclusive reading by another reader");
    readableStreamReaderGenericInitialize(reader, s);
    reader.readRequests = [];
  };
  const setUpReadableStreamBYOBReader = (reader, s) => {
    if (isReadableStreamLocked(s)) throw new TypeError("This stream has already been locked for exclusive reading by another reader");
    if (s.controller.kind !== "ReadableByteStreamController") throw new TypeError("Cannot construct a ReadableStreamBYOBReader for a stream not constructed with a byte source");
    readableStreamReaderGenericInitialize(reader, s);
    reader.readIntoRequests = [];
  };
  const readableStreamDefaultReaderRead = (reader, readRequest) => {
    const s = reader.stream;
    s.disturbed = true;
    if (s.state === "closed") readRequest.closeSteps();
    else if (s.state === "errored") readRequest.errorSteps(s.storedError);
    else s.controller.pullSteps(readRequest);
  };
  const readableStreamDefaultReaderRelease = (reader) => {
    readableStreamReaderGenericRelease(reader);
    readableStreamDefaultReaderErrorReadRequests(reader, new TypeError("The reader's lock was released"));
  };
  const readableStreamDefaultReaderErrorReadRequests = (reader, e) => {
    const requests = reader.readRequests;
    reader.readRequests = [];
    for (const r of requests) r.errorSteps(e);
  };
  const readableStreamBYOBReaderRead = (reader, view, min, readIntoRequest) => {
    const s = reader.stream;
    s.disturbed = true;
    if (s.state === "errored") readIntoRequest.errorSteps(s.storedError);
    else readableByteStreamControllerPullInto(s.controller, view, min, readIntoRequest);
  };
  const readableStreamBYOBReaderRelease = (reader) => {
    readableStreamReaderGenericRelease(reader);
    readableStreamBYOBReaderErrorReadIntoRequests(reader, new TypeError("The reader's lock was released"));
  };
  const readableStreamBYOBReaderErrorReadIntoRequests = (reader, e) => {
    const requests = reader.readIntoRequests;
    reader.readIntoRequests = [];
    for (const r of requests) r.errorSteps(e);
  };

  const readerClosed = (api, kind) => {
    const reader = slotOf(api, kind);
    if (reader === undefined) return rejected(new TypeError(`closed called on an object that is not a ${kind}`));
    return reader.closed.promise;
  };
  const readerCancel = (api, kind, reason) => {
    const reader = slotOf(api, kind);
    if (reader === undefined) return rejected(new TypeError(`cancel called on an object that is not a ${kind}`));
    if (reader.stream === undefined) return rejected(new TypeError("Cannot cancel a stream using a released reader"));
    return readableStreamReaderGenericCancel(reader, reason);
  };

  class ReadableStreamDefaultReader {
    constructor(stream) {
      const s = slotOf(stream, "ReadableStream");
      if (s === undefined) throw new TypeError("ReadableStreamDefaultReader's argument is not a ReadableStream");
      const reader = { kind: "ReadableStreamDefaultReader", api: this };
      slots.set(this, reader);
      setUpReadableStreamDefaultReader(reader, s);
    }
    get closed() { return readerClosed(this, "ReadableStreamDefaultReader"); }
    cancel(reason = undefined) { return readerCancel(this, "ReadableStreamDefaultReader", reason); }
    read() {
      const reader = slotOf(this, "ReadableStreamDefaultReader");
      if (reader === undefined) return rejected(new TypeError("read called on an object that is not a ReadableStreamDefaultReader"));
      if (reader.stream === undefined) return rejected(new TypeError("Cannot read from a released reader"));
      const d = newPromise();
      readableStreamDefaultReaderRead(reader, {
        chunkSteps: (chunk) => resolveD(d, iterResult(chunk, false)),
        closeSteps: () => resolveD(d, iterResult(undefined, true)),
        errorSteps: (e) => rejectD(d, e),
      });
      return d.promise;
    }
    releaseLock() {
      const reader = brand(this, "ReadableStreamDefaultReader", "releaseLock");
      if (reader.stream === undefined) return;
      readableStreamDefaultReaderRelease(reader);
    }
  }
  defineClass(ReadableStreamDefaultReader);

  class ReadableStreamBYOBReader {
    constructor(stream) {
      const s = slotOf(stream, "ReadableStream");
      if (s === undefined) throw new TypeError("ReadableStreamBYOBReader's argument is not a ReadableStream");
      const reader = { kind: "ReadableStreamBYOBReader", api: this };
      slots.set(this, reader);
      setUpReadableStreamBYOBReader(reader, s);
    }
    get closed() { return readerClosed(this, "ReadableStreamBYOBReader"); }
    cancel(reason = undefined) { return readerCancel(this, "ReadableStreamBYOBReader", reason); }
    read(view, options = undefined) {
      const reader = slotOf(this, "ReadableStreamBYOBReader");
      if (reader === undefined) return rejected(new TypeError("read called on an object that is not a ReadableStreamBYOBReader"));
      if (!isArrayBufferView(view)) return rejected(new TypeError("read's view is not an ArrayBufferView"));
      let min;
      try {
        options = convertDictionary(options, "options");
        min = options.min === undefined ? 1 : enforceRange(options.min, "options.min");
      } catch (e) { return rejected(e); }
      if (view.byteLength === 0) return rejected(new TypeError("view must have non-zero byteLength"));
      if (view.buffer.byteLength === 0) {
        return rejected(new TypeError(isDetached(view.buffer) ? "view's buffer has been detached" : "view's buffer must have non-zero byteLength"));
      }
      if (isDetached(view.buffer)) return rejected(new TypeError("view's buffer has been detached"));
      if (min === 0) return rejected(new TypeError("options.min must be greater than 0"));
      if (typedArrayName(view) !== undefined) {
        if (min > view.length) return rejected(new RangeError("options.min must be less than or equal to view's length"));
      } else if (min > view.byteLength) {
        return rejected(new RangeError("options.min must be less than or equal to view's byteLength"));
      }
      if (reader.stream === undefined) return rejected(new TypeError("Cannot read from a released reader"));
      const d = newPromise();
      readableStreamBYOBReaderRead(reader, view, min, {
        chunkSteps: (chunk) => resolveD(d, iterResult(chunk, false)),
        closeSteps: (chunk) => resolveD(d, iterResult(chunk, true)),
        errorSteps: (e) => rejectD(d, e),
      });
      return d.promise;
    }
    releaseLock() {
      const reader = brand(this, "ReadableStreamBYOBReader", "releaseLock");
      if (reader.stream === undefined) return;
      readableStreamBYOBReaderRelease(reader);
    }
  }
  defineClass(ReadableStreamBYOBReader);

  // --- ReadableStreamDefaultController ---
  const newDefaultController = () => make(ReadableStreamDefaultController.prototype, {
    kind: "ReadableStreamDefaultController",
    pullSteps(readRequest) {
      const s = this.stream;
      if (this.queue.length > 0) {
        const chunk = dequeueValue(this);
        if (this.closeRequested && this.queue.length === 0) {
          readableStreamDefaultControllerClearAlgorithms(this);
          readableStreamClose(s);
        } else {
          readableStreamDefaultControllerCallPullIfNeeded(this);
        }
        readRequest.chunkSteps(chunk);
      } else {
        readableStreamAddReadRequest(s, readRequest);
        readableStreamDefaultControllerCallPullIfNeeded(this);
      }
    },
    cancelSteps(reason) {
      resetQueue(this);
      const result = this.cancelAlgorithm(reason);
      readableStreamDefaultControllerClearAlgorithms(this);
      return result;
    },
    releaseSteps() {},
  });
  class ReadableStreamDefaultController {
    constructor() { throw new TypeError("Illegal constructor"); }
    get desiredSize() { return readableStreamDefaultControllerGetDesiredSize(brand(this, "ReadableStreamDefaultController", "desiredSize")); }
    close() {
      const c = brand(this, "ReadableStreamDefaultController", "close");
      if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) throw new TypeError("The stream is not in a state that permits close");
      readableStreamDefaultControllerClose(c);
    }
    enqueue(chunk = undefined) {
      const c = brand(this, "ReadableStreamDefaultController", "enqueue");
      if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) throw new TypeError("The stream is not in a state that permits enqueue");
      readableStreamDefaultControllerEnqueue(c, chunk);
    }
    error(e = undefined) { readableStreamDefaultControllerError(brand(this, "ReadableStreamDefaultController", "error"), e); }
  }
  defineClass(ReadableStreamDefaultController);

  const setUpReadableStreamDefaultController = (s, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, hwm, sizeAlgorithm) => {
    c.stream = s;
    resetQueue(c);
    c.started = false;
    c.closeRequested = false;
    c.pullAgain = false;
    c.pulling = false;
    c.strategySizeAlgorithm = sizeAlgorithm;
    c.strategyHWM = hwm;
    c.pullAlgorithm = pullAlgorithm;
    c.cancelAlgorithm = cancelAlgorithm;
    s.controller = c;
    const startResult = startAlgorithm();
    upon(resolved(startResult),
      () => { c.started = true; readableStreamDefaultControllerCallPullIfNeeded(c); },
      (r) => { readableStreamDefaultControllerError(c, r); });
  };
  const setUpReadableStreamDefaultControllerFromUnderlyingSource = (s, source, dict, hwm, sizeAlgorithm) => {
    const c = newDefaultController();
    const startAlgorithm = dict.start ? () => ReflectApply(dict.start, source, [c.api]) : () => undefined;
    const pullAlgorithm = dict.pull ? () => promiseCall(dict.pull, source, [c.api]) : () => resolved(undefined);
    const cancelAlgorithm = dict.cancel ? (reason) => promiseCall(dict.cancel, source, [reason]) : () => resolved(undefined);
    setUpReadableStreamDefaultController(s, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, hwm, sizeAlgorithm);
  };
  const readableStreamDefaultControllerCallPullIfNeeded = (c) => {
    if (!readableStreamDefaultControllerShouldCallPull(c)) return;
    if (c.pulling) { c.pullAgain = true; return; }
    c.pulling = true;
    upon(c.pullAlgorithm(),
      () => {
        c.pulling = false;
        if (c.pullAgain) { c.pullAgain = false; readableStreamDefaultControllerCallPullIfNeeded(c); }
      },
      (e) => { readableStreamDefaultControllerError(c, e); });
  };
  const readableStreamDefaultControllerShouldCallPull = (c) => {
    const s = c.stream;
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) return false;
    if (!c.started) return false;
    if (isReadableStreamLocked(s) && readableStreamGetNumReadRequests(s) > 0) return true;
    return readableStreamDefaultControllerGetDesiredSize(c) > 0;
  };
  const readableStreamDefaultControllerClearAlgorithms = (c) => {
    c.pullAlgorithm = undefined;
    c.cancelAlgorithm = undefined;
    c.strategySizeAlgorithm = undefined;
  };
  const readableStreamDefaultControllerClose = (c) => {
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) return;
    c.closeRequested = true;
    if (c.queue.length === 0) {
      readableStreamDefaultControllerClearAlgorithms(c);
      readableStreamClose(c.stream);
    }
  };
  const readableStreamDefaultControllerEnqueue = (c, chunk) => {
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) return;
    const s = c.stream;
    if (isReadableStreamLocked(s) && readableStreamGetNumReadRequests(s) > 0) {
      readableStreamFulfillReadRequest(s, chunk, false);
    } else {
      let size;
      try {
        size = c.strategySizeAlgorithm(chunk);
      } catch (e) {
        readableStreamDefaultControllerError(c, e);
        throw e;
      }
      try {
        enqueueValueWithSize(c, chunk, size);
      } catch (e) {
        readableStreamDefaultControllerError(c, e);
        throw e;
      }
    }
    readableStreamDefaultControllerCallPullIfNeeded(c);
  };
  const readableStreamDefaultControllerError = (c, e) => {
    const s = c.stream;
    if (s.state !== "readable") return;
    resetQueue(c);
    readableStreamDefaultControllerClearAlgorithms(c);
    readableStreamError(s, e);
  };
  const readableStreamDefaultControllerGetDesiredSize = (c) => {
    const state = c.stream.state;
    if (state === "errored") return null;
    if (state === "closed") return 0;
    return c.strategyHWM - c.queueTotalSize;
  };
  const readableStreamDefaultControllerHasBackpressure = (c) => !readableStreamDefaultControllerShouldCallPull(c);
  const readableStreamDefaultControllerCanCloseOrEnqueue = (c) => !c.closeRequested && c.stream.state === "readable";

  // --- ReadableByteStreamController and ReadableStreamBYOBRequest ---
  const newByteController = () => make(ReadableByteStreamController.prototype, {
    kind: "ReadableByteStreamController",
    cancelSteps(reason) {
      readableByteStreamControllerClearPendingPullIntos(this);
      resetQueue(this);
      const result = this.cancelAlgorithm(reason);
      readableByteStreamControllerClearAlgorithms(this);
      return result;
    },
    pullSteps(readRequest) {
      const s = this.stream;
      if (this.queueTotalSize > 0) {
        readableByteStreamControllerFillReadRequestFromQueue(this, readRequest);
        return;
      }
      const autoAllocateChunkSize = this.autoAllocateChunkSize;
      if (autoAllocateChunkSize !== undefined) {
        let buffer;
        try { buffer = new ArrayBuffer(autoAllocateChunkSize); } catch (e) { readRequest.errorSteps(e); return; }
        this.pendingPullIntos.push({
          buffer, bufferByteLength: autoAllocateChunkSize, byteOffset: 0, byteLength: autoAllocateChunkSize, bytesFilled: 0,
          minimumFill: 1, elementSize: 1, viewConstructor: Uint8Array, readerType: "default",
        });
      }
      readableStreamAddReadRequest(s, readRequest);
      readableByteStreamControllerCallPullIfNeeded(this);
    },
    releaseSteps() {
      if (this.pendingPullIntos.length > 0) {
        const first = this.pendingPullIntos[0];
        first.readerType = "none";
        this.pendingPullIntos = [first];
      }
    },
  });
  class ReadableByteStreamController {
    constructor() { throw new TypeError("Illegal constructor"); }
    get byobRequest() {
      const r = readableByteStreamControllerGetBYOBRequest(brand(this, "ReadableByteStreamController", "byobRequest"));
      return r === null ? null : r.api;
    }
    get desiredSize() { return readableByteStreamControllerGetDesiredSize(brand(this, "ReadableByteStreamController", "desiredSize")); }
    close() {
      const c = brand(this, "ReadableByteStreamController", "close");
      if (c.closeRequested) throw new TypeError("The stream has already been closed; do not close it again");
      if (c.stream.state !== "readable") throw new TypeError("The stream is not in a state that permits close");
      readableByteStreamControllerClose(c);
    }
    enqueue(chunk) {
      const c = brand(this, "ReadableByteStreamController", "enqueue");
      if (!isArrayBufferView(chunk)) throw new TypeError("chunk is not an ArrayBufferView");
      if (chunk.byteLength === 0) throw new TypeError("chunk must have non-zero byteLength");
      if (chunk.buffer.byteLength === 0) throw new TypeError("chunk's buffer must have non-zero byteLength");
      if (c.closeRequested) throw new TypeError("The stream is closed or draining");
      if (c.stream.state !== "readable") throw new TypeError("The stream is not in the readable state and cannot be enqueued to");
      readableByteStreamControllerEnqueue(c, chunk);
    }
    error(e = undefined) { readableByteStreamControllerError(brand(this, "ReadableByteStreamController", "error"), e); }
  }
  defineClass(ReadableByteStreamController);

  class ReadableStreamBYOBRequest {
    constructor() { throw new TypeError("Illegal constructor"); }
    get view() { return brand(this, "ReadableStreamBYOBRequest", "view").view; }
    respond(bytesWritten) {
      const r = brand(this, "ReadableStreamBYOBRequest", "respond");
      bytesWritten = enforceRange(bytesWritten, "bytesWritten");
      if (r.controller === undefined) throw new TypeError("This BYOB request has been invalidated");
      if (isDetached(r.view.buffer)) throw new TypeError("The BYOB request's buffer has been detached and so cannot be used as a response");
      readableByteStreamControllerRespond(r.controller, bytesWritten);
    }
    respondWithNewView(view) {
      const r = brand(this, "ReadableStreamBYOBRequest", "respondWithNewView");
      if (!isArrayBufferView(view)) throw new TypeError("view is not an ArrayBufferView");
      if (r.controller === undefined) throw new TypeError("This BYOB request has been invalidated");
      if (isDetached(view.buffer)) throw new TypeError("The given view's buffer has been detached and so cannot be used as a response");
      readableByteStreamControllerRespondWithNewView(r.controller, view);
    }
  }
  defineClass(ReadableStreamBYOBRequest);

  const setUpReadableByteStreamController = (s, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, hwm, autoAllocateChunkSize) => {
    c.stream = s;
    c.pullAgain = false;
    c.pulling = false;
    c.byobRequest = null;
    resetQueue(c);
    c.closeRequested = false;
    c.started = false;
    c.strategyHWM = hwm;
    c.pullAlgorithm = pullAlgorithm;
    c.cancelAlgorithm = cancelAlgorithm;
    c.autoAllocateChunkSize = autoAllocateChunkSize;
    c.pendingPullIntos = [];
    s.controller = c;
    const startResult = startAlgorithm();
    upon(resolved(startResult),
      () => { c.started = true; readableByteStreamControllerCallPullIfNeeded(c); },
      (r) => { readableByteStreamControllerError(c, r); });
  };
  const setUpReadableByteStreamControllerFromUnderlyingSource = (s, source, dict, hwm) => {
    const c = newByteController();
    const startAlgorithm = dict.start ? () => ReflectApply(dict.start, source, [c.api]) : () => undefined;
    const pullAlgorithm = dict.pull ? () => promiseCall(dict.pull, source, [c.api]) : () => resolved(undefined);
    const cancelAlgorithm = dict.cancel ? (reason) => promiseCall(dict.cancel, source, [reason]) : () => resolved(undefined);
    const autoAllocateChunkSize = dict.autoAllocateChunkSize;
    if (autoAllocateChunkSize === 0) throw new TypeError("autoAllocateChunkSize must be greater than 0");
    setUpReadableByteStreamController(s, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, hwm, autoAllocateChunkSize);
  };
  const readableByteStreamControllerCallPullIfNeeded = (c) => {
    if (!readableByteStreamControllerShouldCallPull(c)) return;
    if (c.pulling) { c.pullAgain = true; return; }
    c.pulling = true;
    upon(c.pullAlgorithm(),
      () => {
        c.pulling = false;
        if (c.pullAgain) { c.pullAgain = false; readableByteStreamControllerCallPullIfNeeded(c); }
      },
      (e) => { readableByteStreamControllerError(c, e); });
  };
  const readableByteStreamControllerClearAlgorithms = (c) => { c.pullAlgorithm = undefined; c.cancelAlgorithm = undefined; };
  const readableByteStreamControllerClearPendingPullIntos = (c) => {
    readableByteStreamControllerInvalidateBYOBRequest(c);
    c.pendingPullIntos = [];
  };
  const readableByteStreamControllerClose = (c) => {
    const s = c.stream;
    if (c.closeRequested || s.state !== "readable") return;
    if (c.queueTotalSize > 0) { c.closeRequested = true; return; }
    if (c.pendingPullIntos.length > 0) {
      const first = c.pendingPullIntos[0];
      if (first.bytesFilled % first.elementSize !== 0) {
        const e = new TypeError("Insufficient bytes to fill elements in the given buffer");
        readableByteStreamControllerError(c, e);
        throw e;
      }
    }
    readableByteStreamControllerClearAlgorithms(c);
    readableStreamClose(s);
  };
  const readableByteStreamControllerCommitPullIntoDescriptor = (s, d) => {
    let done = false;
    if (s.state === "closed") done = true;
    const filledView = readableByteStreamControllerConvertPullIntoDescriptor(d);
    if (d.readerType === "default") readableStreamFulfillReadRequest(s, filledView, done);
    else readableStreamFulfillReadIntoRequest(s, filledView, done);
  };
  const readableByteStreamControllerConvertPullIntoDescriptor = (d) => {
    const buffer = transferArrayBuffer(d.buffer);
    return new d.viewConstructor(buffer, d.byteOffset, d.bytesFilled / d.elementSize);
  };
  const readableByteStreamControllerEnqueue = (c, chunk) => {
    const s = c.stream;
    if (c.closeRequested || s.state !== "readable") return;
    const { buffer, byteOffset, byteLength } = chunk;
    if (isDetached(buffer)) throw new TypeError("chunk's buffer is detached and so cannot be enqueued");
    const transferredBuffer = transferArrayBuffer(buffer);
    if (c.pendingPullIntos.length > 0) {
      const first = c.pendingPullIntos[0];
      if (isDetached(first.buffer)) throw new TypeError("The BYOB request's buffer has been detached and so cannot be filled with an enqueued chunk");
      readableByteStreamControllerInvalidateBYOBRequest(c);
      first.buffer = transferArrayBuffer(first.buffer);
      if (first.readerType === "none") readableByteStreamControllerEnqueueDetachedPullIntoToQueue(c, first);
    }
    if (readableStreamHasDefaultReader(s)) {
      readableByteStreamControllerProcessReadRequestsUsingQueue(c);
      if (readableStreamGetNumReadRequests(s) === 0) {
        readableByteStreamControllerEnqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
      } else {
        if (c.pendingPullIntos.length > 0) readableByteStreamControllerShiftPendingPullInto(c);
        readableStreamFulfillReadRequest(s, new Uint8Array(transferredBuffer, byteOffset, byteLength), false);
      }
    } else if (readableStreamHasBYOBReader(s)) {
      readableByteStreamControllerEnqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
      const filled = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(c);
      for (const d of filled) readableByteStreamControllerCommitPullIntoDescriptor(s, d);
    } else {
      readableByteStreamControllerEnqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
    }
    readableByteStreamControllerCallPullIfNeeded(c);
  };
  const readableByteStreamControllerEnqueueChunkToQueue = (c, buffer, byteOffset, byteLength) => {
    c.queue.push({ buffer, byteOffset, byteLength });
    c.queueTotalSize += byteLength;
  };
  const readableByteStreamControllerEnqueueClonedChunkToQueue = (c, buffer, byteOffset, byteLength) => {
    let clone;
    try { clone = buffer.slice(byteOffset, byteOffset + byteLength); } catch (e) { readableByteStreamControllerError(c, e); throw e; }
    readableByteStreamControllerEnqueueChunkToQueue(c, clone, 0, byteLength);
  };
  const readableByteStreamControllerEnqueueDetachedPullIntoToQueue = (c, d) => {
    if (d.bytesFilled > 0) readableByteStreamControllerEnqueueClonedChunkToQueue(c, d.buffer, d.byteOffset, d.bytesFilled);
    readableByteStreamControllerShiftPendingPullInto(c);
  };
  const readableByteStreamControllerFillPullIntoDescriptorFromQueue = (c, d) => {
    const maxBytesToCopy = Math.min(c.queueTotalSize, d.byteLength - d.bytesFilled);
    const maxBytesFilled = d.bytesFilled + maxBytesToCopy;
    let totalBytesToCopyRemaining = maxBytesToCopy;
    let ready = false;
    const remainderBytes = maxBytesFilled % d.elementSize;
    const maxAlignedBytes = maxBytesFilled - remainderBytes;
    if (maxAlignedBytes >= d.minimumFill) {
      totalBytesToCopyRemaining = maxAlignedBytes - d.bytesFilled;
      ready = true;
    }
    const queue = c.queue;
    while (totalBytesToCopyRemaining > 0) {
      const head = queue[0];
      const bytesToCopy = Math.min(totalBytesToCopyRemaining, head.byteLength);
      const destStart = d.byteOffset + d.bytesFilled;
      copyBytes(d.buffer, destStart, head.buffer, head.byteOffset, bytesToCopy);
      if (head.byteLength === bytesToCopy) queue.shift();
      else { head.byteOffset += bytesToCopy; head.byteLength -= bytesToCopy; }
      c.queueTotalSize -= bytesToCopy;
      readableByteStreamControllerFillHeadPullIntoDescriptor(c, bytesToCopy, d);
      totalBytesToCopyRemaining -= bytesToCopy;
    }
    return ready;
  };
  const readableByteStreamControllerFillHeadPullIntoDescriptor = (c, size, d) => { d.bytesFilled += size; };
  const readableByteStreamControllerFillReadRequestFromQueue = (c, readRequest) => {
    const entry = c.queue.shift();
    c.queueTotalSize -= entry.byteLength;
    readableByteStreamControllerHandleQueueDrain(c);
    readRequest.chunkSteps(new Uint8Array(entry.buffer, entry.byteOffset, entry.byteLength));
  };
  const readableByteStreamControllerGetBYOBRequest = (c) => {
    if (c.byobRequest === null && c.pendingPullIntos.length > 0) {
      const first = c.pendingPullIntos[0];
      const view = new Uint8Array(first.buffer, first.byteOffset + first.bytesFilled, first.byteLength - first.bytesFilled);
      c.byobRequest = make(ReadableStreamBYOBRequest.prototype, { kind: "ReadableStreamBYOBRequest", controller: c, view });
    }
    return c.byobRequest;
  };
  const readableByteStreamControllerGetDesiredSize = (c) => {
    const state = c.stream.state;
    if (state === "errored") return null;
    if (state === "closed") return 0;
    return c.strategyHWM - c.queueTotalSize;
  };
  const readableByteStreamControllerHandleQueueDrain = (c) => {
    if (c.queueTotalSize === 0 && c.closeRequested) {
      readableByteStreamControllerClearAlgorithms(c);
      readableStreamClose(c.stream);
    } else {
      readableByteStreamControllerCallPullIfNeeded(c);
    }
  };
  const readableByteStreamControllerInvalidateBYOBRequest = (c) => {
    if (c.byobRequest === null) return;
    c.byobRequest.controller = undefined;
    c.byobRequest.view = null;
    c.byobRequest = null;
  };
  const readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue = (c) => {
    const filled = [];
    while (c.pendingPullIntos.length > 0) {
      if (c.queueTotalSize === 0) break;
      const d = c.pendingPullIntos[0];
      if (readableByteStreamControllerFillPullIntoDescriptorFromQueue(c, d)) {
        readableByteStreamControllerShiftPendingPullInto(c);
        filled.push(d);
      }
    }
    return filled;
  };
  const readableByteStreamControllerProcessReadRequestsUsingQueue = (c) => {
    const reader = c.stream.reader;
    while (reader.readRequests.length > 0) {
      if (c.queueTotalSize === 0) return;
      const readRequest = reader.readRequests.shift();
      readableByteStreamControllerFillReadRequestFromQueue(c, readRequest);
    }
  };
  const readableByteStreamControllerPullInto = (c, view, min, readIntoRequest) => {
    const s = c.stream;
    let elementSize = 1;
    let ctor = DataView;
    const typed = typedArrayName(view);
    if (typed !== undefined) { elementSize = typed.BYTES_PER_ELEMENT; ctor = typed; }
    const minimumFill = min * elementSize;
    const byteOffset = view.byteOffset;
    const byteLength = view.byteLength;
    let buffer;
    try { buffer = transferArrayBuffer(view.buffer); } catch (e) { readIntoRequest.errorSteps(e); return; }
    const d = {
      buffer, bufferByteLength: buffer.byteLength, byteOffset, byteLength, bytesFilled: 0, minimumFill, elementSize,
      viewConstructor: ctor, readerType: "byob",
    };
    if (c.pendingPullIntos.length > 0) {
      c.pendingPullIntos.push(d);
      readableStreamAddReadIntoRequest(s, readIntoRequest);
      return;
    }
    if (s.state === "closed") {
      readIntoRequest.closeSteps(new ctor(d.buffer, d.byteOffset, 0));
      return;
    }
    if (c.queueTotalSize > 0) {
      if (readableByteStreamControllerFillPullIntoDescriptorFromQueue(c, d)) {
        const filledView = readableByteStreamControllerConvertPullIntoDescriptor(d);
        readableByteStreamControllerHandleQueueDrain(c);
        readIntoRequest.chunkSteps(filledView);
        return;
      }
      if (c.closeRequested) {
        const e = new TypeError("Insufficient bytes to fill elements in the given buffer");
        readableByteStreamControllerError(c, e);
        readIntoRequest.errorSteps(e);
        return;
      }
    }
    c.pendingPullIntos.push(d);
    readableStreamAddReadIntoRequest(s, readIntoRequest);
    readableByteStreamControllerCallPullIfNeeded(c);
  };
  const readableByteStreamControllerRespond = (c, bytesWritten) => {
    const first = c.pendingPullIntos[0];
    const state = c.stream.state;
    if (state === "closed") {
      if (bytesWritten !== 0) throw new TypeError("bytesWritten must be 0 when calling respond() on a closed stream");
    } else {
      if (bytesWritten === 0) throw new TypeError("bytesWritten must be greater than 0 when calling respond() on a readable stream");
      if (first.bytesFilled + bytesWritten > first.byteLength) throw new RangeError("bytesWritten out of range");
    }
    first.buffer = transferArrayBuffer(first.buffer);
    readableByteStreamControllerRespondInternal(c, bytesWritten);
  };
  const readableByteStreamControllerRespondInClosedState = (c, first) => {
    if (first.readerType === "none") readableByteStreamControllerShiftPendingPullInto(c);
    const s = c.stream;
    if (readableStreamHasBYOBReader(s)) {
      while (readableStreamGetNumReadIntoRequests(s) > 0) {
        const d = readableByteStreamControllerShiftPendingPullInto(c);
        readableByteStreamControllerCommitPullIntoDescriptor(s, d);
      }
    }
  };
  const readableByteStreamControllerRespondInReadableState = (c, bytesWritten, d) => {
    readableByteStreamControllerFillHeadPullIntoDescriptor(c, bytesWritten, d);
    if (d.readerType === "none") {
      readableByteStreamControllerEnqueueDetachedPullIntoToQueue(c, d);
      const filled = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(c);
      for (const f of filled) readableByteStreamControllerCommitPullIntoDescriptor(c.stream, f);
      return;
    }
    if (d.bytesFilled < d.minimumFill) return;
    readableByteStreamControllerShiftPendingPullInto(c);
    const remainderSize = d.bytesFilled % d.elementSize;
    if (remainderSize > 0) {
      const end = d.byteOffset + d.bytesFilled;
      readableByteStreamControllerEnqueueClonedChunkToQueue(c, d.buffer, end - remainderSize, remainderSize);
    }
    d.bytesFilled -= remainderSize;
    const filled = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(c);
    readableByteStreamControllerCommitPullIntoDescriptor(c.stream, d);
    for (const f of filled) readableByteStreamControllerCommitPullIntoDescriptor(c.stream, f);
  };
  const readableByteStreamControllerRespondInternal = (c, bytesWritten) => {
    const first = c.pendingPullIntos[0];
    readableByteStreamControllerInvalidateBYOBRequest(c);
    if (c.stream.state === "closed") readableByteStreamControllerRespondInClosedState(c, first);
    else readableByteStreamControllerRespondInReadableState(c, bytesWritten, first);
    readableByteStreamControllerCallPullIfNeeded(c);
  };
  const readableByteStreamControllerRespondWithNewView = (c, view) => {
    const first = c.pendingPullIntos[0];
    const state = c.stream.state;
    if (state === "closed") {
      if (view.byteLength !== 0) throw new TypeError("The view's length must be 0 when calling respondWithNewView() on a closed stream");
    } else if (view.byteLength === 0) {
      throw new TypeError("The view's length must be greater than 0 when calling respondWithNewView() on a readable stream");
    }
    if (first.byteOffset + first.bytesFilled !== view.byteOffset) throw new RangeError("The region specified by view does not match byobRequest");
    if (first.bufferByteLength !== view.buffer.byteLength) throw new RangeError("The buffer of view has different capacity than byobRequest");
    if (first.bytesFilled + view.byteLength > first.byteLength) throw new RangeError("The region specified by view is larger than byobRequest");
    const viewByteLength = view.byteLength;
    first.buffer = transferArrayBuffer(view.buffer);
    readableByteStreamControllerRespondInternal(c, viewByteLength);
  };
  const readableByteStreamControllerShiftPendingPullInto = (c) => c.pendingPullIntos.shift();
  const readableByteStreamControllerShouldCallPull = (c) => {
    const s = c.stream;
    if (s.state !== "readable") return false;
    if (c.closeRequested) return false;
    if (!c.started) return false;
    if (readableStreamHasDefaultReader(s) && readableStreamGetNumReadRequests(s) > 0) return true;
    if (readableStreamHasBYOBReader(s) && readableStreamGetNumReadIntoRequests(s) > 0) return true;
    return readableByteStreamControllerGetDesiredSize(c) > 0;
  };
  const readableByteStreamControllerError = (c, e) => {
    const s = c.stream;
    if (s.state !== "readable") return;
    readableByteStreamControllerClearPendingPullIntos(c);
    resetQueue(c);
    readableByteStreamControllerClearAlgorithms(c);
    readableStreamError(s, e);
  };

  // --- tee ---
  const readableStreamTee = (s, cloneForBranch2) =>
    s.controller.kind === "ReadableByteStreamController" ? readableByteStreamTee(s) : readableStreamDefaultTee(s, cloneForBranch2);

  // What both tees share: which branch was canceled and why, and the promise both cancels return. The source
  // is canceled once both branches are, with both reasons; `settle` ends the promise when the source ended
  // first, `fail` when a chunk could not be cloned.
  const teeCancellation = (s) => {
    const t = { canceled1: false, canceled2: false, reason1: undefined, reason2: undefined, promise: newPromise() };
    t.cancelAlgorithm = (forBranch2) => (reason) => {
      if (forBranch2) { t.canceled2 = true; t.reason2 = reason; } else { t.canceled1 = true; t.reason1 = reason; }
      if (t.canceled1 && t.canceled2) resolveD(t.promise, readableStreamCancel(s, [t.reason1, t.reason2]));
      return t.promise.promise;
    };
    t.settle = () => { if (!t.canceled1 || !t.canceled2) resolveD(t.promise, undefined); };
    t.fail = (e, errorBranch, branches) => {
      for (const branch of branches) errorBranch(branch.controller, e);
      resolveD(t.promise, readableStreamCancel(s, e));
    };
    return t;
  };

  const readableStreamDefaultTee = (s, cloneForBranch2) => {
    const reader = acquireReadableStreamDefaultReader(s);
    const t = teeCancellation(s);
    let reading = false, readAgain = false, branch1, branch2;
    const pullAlgorithm = () => {
      if (reading) { readAgain = true; return resolved(undefined); }
      reading = true;
      readableStreamDefaultReaderRead(reader, {
        chunkSteps: (chunk) => queueTask(() => {
          readAgain = false;
          const chunk1 = chunk;
          let chunk2 = chunk;
          if (!t.canceled2 && cloneForBranch2) {
            try { chunk2 = structuredClone(chunk); } catch (e) {
              t.fail(e, readableStreamDefaultControllerError, [branch1, branch2]);
              return;
            }
          }
          if (!t.canceled1) readableStreamDefaultControllerEnqueue(branch1.controller, chunk1);
          if (!t.canceled2) readableStreamDefaultControllerEnqueue(branch2.controller, chunk2);
          reading = false;
          if (readAgain) pullAlgorithm();
        }),
        closeSteps: () => {
          reading = false;
          if (!t.canceled1) readableStreamDefaultControllerClose(branch1.controller);
          if (!t.canceled2) readableStreamDefaultControllerClose(branch2.controller);
          t.settle();
        },
        errorSteps: () => { reading = false; },
      });
      return resolved(undefined);
    };
    const startAlgorithm = () => undefined;
    branch1 = createReadableStream(startAlgorithm, pullAlgorithm, t.cancelAlgorithm(false));
    branch2 = createReadableStream(startAlgorithm, pullAlgorithm, t.cancelAlgorithm(true));
    uponRejection(reader.closed.promise, (r) => {
      readableStreamDefaultControllerError(branch1.controller, r);
      readableStreamDefaultControllerError(branch2.controller, r);
      t.settle();
    });
    return [branch1, branch2];
  };

  const readableByteStreamTee = (s) => {
    let reader = acquireReadableStreamDefaultReader(s);
    const t = teeCancellation(s);
    let reading = false, readAgainForBranch1 = false, readAgainForBranch2 = false, branch1, branch2;
    const forwardReaderError = (thisReader) => {
      uponRejection(thisReader.closed.promise, (r) => {
        if (thisReader !== reader) return;
        readableByteStreamControllerError(branch1.controller, r);
        readableByteStreamControllerError(branch2.controller, r);
        t.settle();
      });
    };
    const pullAgain = () => {
      if (readAgainForBranch1) pull1Algorithm();
      else if (readAgainForBranch2) pull2Algorithm();
    };
    const pullWithDefaultReader = () => {
      if (reader.kind === "ReadableStreamBYOBReader") {
        readableStreamBYOBReaderRelease(reader);
        reader = acquireReadableStreamDefaultReader(s);
        forwardReaderError(reader);
      }
      readableStreamDefaultReaderRead(reader, {
        chunkSteps: (chunk) => queueTask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const chunk1 = chunk;
          let chunk2 = chunk;
          if (!t.canceled1 && !t.canceled2) {
            try { chunk2 = cloneAsUint8Array(chunk); } catch (e) {
              t.fail(e, readableByteStreamControllerError, [branch1, branch2]);
              return;
            }
          }
          if (!t.canceled1) readableByteStreamControllerEnqueue(branch1.controller, chunk1);
          if (!t.canceled2) readableByteStreamControllerEnqueue(branch2.controller, chunk2);
          reading = false;
          pullAgain();
        }),
        closeSteps: () => {
          reading = false;
          if (!t.canceled1) readableByteStreamControllerClose(branch1.controller);
          if (!t.canceled2) readableByteStreamControllerClose(branch2.controller);
          if (branch1.controller.pendingPullIntos.length > 0) readableByteStreamControllerRespond(branch1.controller, 0);
          if (branch2.controller.pendingPullIntos.length > 0) readableByteStreamControllerRespond(branch2.controller, 0);
          t.settle();
        },
        errorSteps: () => { reading = false; },
      });
    };
    const pullWithBYOBReader = (view, forBranch2) => {
      if (reader.kind === "ReadableStreamDefaultReader") {
        readableStreamDefaultReaderRelease(reader);
        reader = acquireReadableStreamBYOBReader(s);
        forwardReaderError(reader);
      }
      const byobBranch = forBranch2 ? branch2 : branch1;
      const otherBranch = forBranch2 ? branch1 : branch2;
      const byobCanceled = () => (forBranch2 ? t.canceled2 : t.canceled1);
      const otherCanceled = () => (forBranch2 ? t.canceled1 : t.canceled2);
      readableStreamBYOBReaderRead(reader, view, 1, {
        chunkSteps: (chunk) => queueTask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const byobWasCanceled = byobCanceled(), otherWasCanceled = otherCanceled();
          if (!otherWasCanceled) {
            let clonedChunk;
            try { clonedChunk = cloneAsUint8Array(chunk); } catch (e) {
              t.fail(e, readableByteStreamControllerError, [byobBranch, otherBranch]);
              return;
            }
            if (!byobWasCanceled) readableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
            readableByteStreamControllerEnqueue(otherBranch.controller, clonedChunk);
          } else if (!byobWasCanceled) {
            readableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
          }
          reading = false;
          pullAgain();
        }),
        closeSteps: (chunk) => {
          reading = false;
          const byobWasCanceled = byobCanceled(), otherWasCanceled = otherCanceled();
          if (!byobWasCanceled) readableByteStreamControllerClose(byobBranch.controller);
          if (!otherWasCanceled) readableByteStreamControllerClose(otherBranch.controller);
          if (chunk !== undefined) {
            if (!byobWasCanceled) readableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
            if (!otherWasCanceled && otherBranch.controller.pendingPullIntos.length > 0) readableByteStreamControllerRespond(otherBranch.controller, 0);
          }
          if (!byobWasCanceled || !otherWasCanceled) resolveD(t.promise, undefined);
        },
        errorSteps: () => { reading = false; },
      });
    };
    // A pull for one branch reads with a BYOB reader when that branch has a BYOB request, else by default.
    const pullAlgorithm = (forBranch2) => () => {
      if (reading) {
        if (forBranch2) readAgainForBranch2 = true; else readAgainForBranch1 = true;
        return resolved(undefined);
      }
      reading = true;
      const byobRequest = readableByteStreamControllerGetBYOBRequest((forBranch2 ? branch2 : branch1).controller);
      if (byobRequest === null) pullWithDefaultReader();
      else pullWithBYOBReader(byobRequest.view, forBranch2);
      return resolved(undefined);
    };
    const pull1Algorithm = pullAlgorithm(false), pull2Algorithm = pullAlgorithm(true);
    const startAlgorithm = () => undefined;
    branch1 = createReadableByteStream(startAlgorithm, pull1Algorithm, t.cancelAlgorithm(false));
    branch2 = createReadableByteStream(startAlgorithm, pull2Algorithm, t.cancelAlgorithm(true));
    forwardReaderError(reader);
    return [branch1, branch2];
  };

  // --- pipeTo ---
  const readableStreamPipeTo = (source, dest, preventClose, preventAbort, preventCancel, signal) => {
    const reader = acquireReadableStreamDefaultReader(source);
    const writer = acquireWritableStreamDefaultWriter(dest);
    source.disturbed = true;
    let shuttingDown = false;
    let currentWrite = resolved(undefined);
    const result = newPromise();
    let abortAlgorithm;

    const finalize = (isError, error) => {
      writableStreamDefaultWriterRelease(writer);
      readableStreamDefaultReaderRelease(reader);
      if (signal !== undefined) signal.removeEventListener("abort", abortAlgorithm);
      if (isError) rejectD(result, error); else resolveD(result, undefined);
      return null;
    };
    const waitForWritesToFinish = () => {
      const oldCurrentWrite = currentWrite;
      return then(currentWrite, () => (oldCurrentWrite !== currentWrite ? waitForWritesToFinish() : undefined));
    };
    const shutdownWithAnAction = (action, originalIsError, originalError) => {
      if (shuttingDown) return;
      shuttingDown = true;
      const doTheRest = () => {
        upon(action(), () => finalize(originalIsError, originalError), (newError) => finalize(true, newError));
        return null;
      };
      if (dest.state === "writable" && !writableStreamCloseQueuedOrInFlight(dest)) uponFulfillment(waitForWritesToFinish(), doTheRest);
      else doTheRest();
    };
    const shutdown = (isError, error) => {
      if (shuttingDown) return;
      shuttingDown = true;
      if (dest.state === "writable" && !writableStreamCloseQueuedOrInFlight(dest)) {
        uponFulfillment(waitForWritesToFinish(), () => finalize(isError, error));
      } else {
        finalize(isError, error);
      }
    };

    if (signal !== undefined) {
      abortAlgorithm = () => {
        const error = signal.reason;
        const actions = [];
        if (!preventAbort) actions.push(() => (dest.state === "writable" ? writableStreamAbort(dest, error) : resolved(undefined)));
        if (!preventCancel) actions.push(() => (source.state === "readable" ? readableStreamCancel(source, error) : resolved(undefined)));
        shutdownWithAnAction(() => OriginalPromise.all(actions.map((action) => action())), true, error);
      };
      if (signal.aborted) {
        abortAlgorithm();
        return result.promise;
      }
      signal.addEventListener("abort", abortAlgorithm);
    }

    const pipeStep = () => {
      if (shuttingDown) return resolved(true);
      return then(writer.ready.promise, () => {
        const d = newPromise();
        readableStreamDefaultReaderRead(reader, {
          // The write waits for a microtask: a source's enqueue() must not run the sink's write synchronously.
          chunkSteps: (chunk) => {
            currentWrite = then(then(resolved(undefined), () => writableStreamDefaultWriterWrite(writer, chunk)), undefined, () => {});
            resolveD(d, false);
          },
          closeSteps: () => resolveD(d, true),
          errorSteps: (e) => rejectD(d, e),
        });
        return d.promise;
      });
    };
    const pipeLoop = () => new OriginalPromise((resolveLoop, rejectLoop) => {
      const next = (done) => {
        if (done) resolveLoop();
        else then(pipeStep(), next, rejectLoop);
      };
      next(false);
    });

    const isOrBecomesErrored = (stream, promise, action) => {
      if (stream.state === "errored") action(stream.storedError);
      else uponRejection(promise, action);
    };
    const isOrBecomesClosed = (stream, promise, action) => {
      if (stream.state === "closed") action();
      else uponFulfillment(promise, action);
    };
    isOrBecomesErrored(source, reader.closed.promise, (storedError) => {
      if (!preventAbort) shutdownWithAnAction(() => writableStreamAbort(dest, storedError), true, storedError);
      else shutdown(true, storedError);
      return null;
    });
    isOrBecomesErrored(dest, writer.closed.promise, (storedError) => {
      if (!preventCancel) shutdownWithAnAction(() => readableStreamCancel(source, storedError), true, storedError);
      else shutdown(true, storedError);
      return null;
    });
    isOrBecomesClosed(source, reader.closed.promise, () => {
      if (!preventClose) shutdownWithAnAction(() => writableStreamDefaultWriterCloseWithErrorPropagation(writer));
      else shutdown();
      return null;
    });
    if (writableStreamCloseQueuedOrInFlight(dest) || dest.state === "closed") {
      const destClosed = new TypeError("the destination writable stream closed before all data could be piped to it");
      if (!preventCancel) shutdownWithAnAction(() => readableStreamCancel(source, destClosed), true, destClosed);
      else shutdown(true, destClosed);
    }
    handled(pipeLoop());
    return result.promise;
  };

  // =====================================================================================================
  // WritableStream
  // =====================================================================================================
  const newWritableStream = () => make(WritableStream.prototype, initialWritableStream({ kind: "WritableStream" }));
  const initialWritableStream = (s) => Object.assign(s, {
    state: "writable", storedError: undefined, writer: undefined, controller: undefined, inFlightWriteRequest: undefined,
    closeRequest: undefined, inFlightCloseRequest: undefined, pendingAbortRequest: undefined, writeRequests: [], backpressure: false,
  });
  const isWritableStreamLocked = (s) => s.writer !== undefined;

  class WritableStream {
    constructor(underlyingSink = undefined, strategy = undefined) {
      if (underlyingSink !== undefined && !isObject(underlyingSink)) throw new TypeError("underlyingSink is not an object");
      const strategyDict = convertStrategy(strategy, "strategy");
      const sink = underlyingSink ?? {};
      const dict = {
        abort: convertCallback(sink.abort, "underlyingSink.abort"),
        close: convertCallback(sink.close, "underlyingSink.close"),
        start: convertCallback(sink.start, "underlyingSink.start"),
        type: sink.type,
        write: convertCallback(sink.write, "underlyingSink.write"),
      };
      if (dict.type !== undefined) throw new RangeError("Invalid type is specified");
      const s = initialWritableStream({ kind: "WritableStream", api: this });
      slots.set(this, s);
      const size = extractSizeAlgorithm(strategyDict);
      const hwm = extractHighWaterMark(strategyDict, 1);
      setUpWritableStreamDefaultControllerFromUnderlyingSink(s, sink, dict, hwm, size);
    }
    get locked() { return isWritableStreamLocked(brand(this, "WritableStream", "locked")); }
    abort(reason = undefined) {
      const s = slotOf(this, "WritableStream");
      if (s === undefined) return rejected(new TypeError("abort called on an object that is not a WritableStream"));
      if (isWritableStreamLocked(s)) return rejected(new TypeError("Cannot abort a stream that already has a writer"));
      return writableStreamAbort(s, reason);
    }
    close() {
      const s = slotOf(this, "WritableStream");
      if (s === undefined) return rejected(new TypeError("close called on an object that is not a WritableStream"));
      if (isWritableStreamLocked(s)) return rejected(new TypeError("Cannot close a stream that already has a writer"));
      if (writableStreamCloseQueuedOrInFlight(s)) return rejected(new TypeError("Cannot close an already-closing stream"));
      return writableStreamClose(s);
    }
    getWriter() { return acquireWritableStreamDefaultWriter(brand(this, "WritableStream", "getWriter")).api; }
  }
  defineClass(WritableStream);

  const acquireWritableStreamDefaultWriter = (s) => {
    const writer = make(WritableStreamDefaultWriter.prototype, { kind: "WritableStreamDefaultWriter" });
    setUpWritableStreamDefaultWriter(writer, s);
    return writer;
  };
  const createWritableStream = (startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, hwm, sizeAlgorithm) => {
    const s = newWritableStream();
    const c = newWritableController();
    setUpWritableStreamDefaultController(s, c, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, hwm, sizeAlgorithm);
    return s;
  };
  const writableStreamAbort = (s, reason) => {
    if (s.state === "closed" || s.state === "errored") return resolved(undefined);
    if (s.controller.abortController) s.controller.abortController.abort(reason);
    const state = s.state;
    if (state === "closed" || state === "errored") return resolved(undefined);
    if (s.pendingAbortRequest !== undefined) return s.pendingAbortRequest.promise.promise;
    let wasAlreadyErroring = false;
    if (state === "erroring") { wasAlreadyErroring = true; reason = undefined; }
    const promise = newPromise();
    s.pendingAbortRequest = { promise, reason, wasAlreadyErroring };
    if (!wasAlreadyErroring) writableStreamStartErroring(s, reason);
    return promise.promise;
  };
  const writableStreamClose = (s) => {
    const state = s.state;
    if (state === "closed" || state === "errored") return rejected(new TypeError("The stream is not in the writable state and cannot be closed"));
    const promise = newPromise();
    s.closeRequest = promise;
    const writer = s.writer;
    if (writer !== undefined && s.backpressure && state === "writable") resolveD(writer.ready, undefined);
    writableStreamDefaultControllerClose(s.controller);
    return promise.promise;
  };
  const writableStreamAddWriteRequest = (s) => {
    const promise = newPromise();
    s.writeRequests.push(promise);
    return promise.promise;
  };
  const writableStreamCloseQueuedOrInFlight = (s) => s.closeRequest !== undefined || s.inFlightCloseRequest !== undefined;
  const writableStreamDealWithRejection = (s, error) => {
    if (s.state === "writable") { writableStreamStartErroring(s, error); return; }
    writableStreamFinishErroring(s);
  };
  const writableStreamFinishErroring = (s) => {
    s.state = "errored";
    s.controller.errorSteps();
    const storedError = s.storedError;
    for (const r of s.writeRequests) rejectD(r, storedError);
    s.writeRequests = [];
    if (s.pendingAbortRequest === undefined) { writableStreamRejectCloseAndClosedPromiseIfNeeded(s); return; }
    const abortRequest = s.pendingAbortRequest;
    s.pendingAbortRequest = undefined;
    if (abortRequest.wasAlreadyErroring) {
      rejectD(abortRequest.promise, storedError);
      writableStreamRejectCloseAndClosedPromiseIfNeeded(s);
      return;
    }
    const promise = s.controller.abortSteps(abortRequest.reason);
    upon(promise,
      () => { resolveD(abortRequest.promise, undefined); writableStreamRejectCloseAndClosedPromiseIfNeeded(s); },
      (reason) => { rejectD(abortRequest.promise, reason); writableStreamRejectCloseAndClosedPromiseIfNeeded(s); });
  };
  const writableStreamFinishInFlightClose = (s) => {
    resolveD(s.inFlightCloseRequest, undefined);
    s.inFlightCloseRequest = undefined;
    if (s.state === "erroring") {
      s.storedError = undefined;
      if (s.pendingAbortRequest !== undefined) {
        resolveD(s.pendingAbortRequest.promise, undefined);
        s.pendingAbortRequest = undefined;
      }
    }
    s.state = "closed";
    if (s.writer !== undefined) resolveD(s.writer.closed, undefined);
  };
  const writableStreamFinishInFlightCloseWithError = (s, error) => {
    rejectD(s.inFlightCloseRequest, error);
    s.inFlightCloseRequest = undefined;
    if (s.pendingAbortRequest !== undefined) {
      rejectD(s.pendingAbortRequest.promise, error);
      s.pendingAbortRequest = undefined;
    }
    writableStreamDealWithRejection(s, error);
  };
  const writableStreamFinishInFlightWrite = (s) => {
    resolveD(s.inFlightWriteRequest, undefined);
    s.inFlightWriteRequest = undefined;
  };
  const writableStreamFinishInFlightWriteWithError = (s, error) => {
    rejectD(s.inFlightWriteRequest, error);
    s.inFlightWriteRequest = undefined;
    writableStreamDealWithRejection(s, error);
  };
  const writableStreamHasOperationMarkedInFlight = (s) => s.inFlightWriteRequest !== undefined || s.inFlightCloseRequest !== undefined;
  const writableStreamMarkCloseRequestInFlight = (s) => { s.inFlightCloseRequest = s.closeRequest; s.closeRequest = undefined; };
  const writableStreamMarkFirstWriteRequestInFlight = (s) => { s.inFlightWriteRequest = s.writeRequests.shift(); };
  const writableStreamRejectCloseAndClosedPromiseIfNeeded = (s) => {
    if (s.closeRequest !== undefined) {
      rejectD(s.closeRequest, s.storedError);
      s.closeRequest = undefined;
    }
    const writer = s.writer;
    if (writer !== undefined) {
      rejectD(writer.closed, s.storedError);
      handled(writer.closed.promise);
    }
  };
  const writableStreamStartErroring = (s, reason) => {
    const c = s.controller;
    s.state = "erroring";
    s.storedError = reason;
    const writer = s.writer;
    if (writer !== undefined) writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, reason);
    if (!writableStreamHasOperationMarkedInFlight(s) && c.started) writableStreamFinishErroring(s);
  };
  const writableStreamUpdateBackpressure = (s, backpressure) => {
    const writer = s.writer;
    if (writer !== undefined && backpressure !== s.backpressure) {
      if (backpressure) writer.ready = newPromise();
      else resolveD(writer.ready, undefined);
    }
    s.backpressure = backpressure;
  };

  // --- WritableStreamDefaultWriter ---
  class WritableStreamDefaultWriter {
    constructor(stream) {
      const s = slotOf(stream, "WritableStream");
      if (s === undefined) throw new TypeError("WritableStreamDefaultWriter's argument is not a WritableStream");
      const writer = { kind: "WritableStreamDefaultWriter", api: this };
      slots.set(this, writer);
      setUpWritableStreamDefaultWriter(writer, s);
    }
    get closed() {
      const w = slotOf(this, "WritableStreamDefaultWriter");
      if (w === undefined) return rejected(new TypeError("closed called on an object that is not a WritableStreamDefaultWriter"));
      return w.closed.promise;
    }
    get desiredSize() {
      const w = brand(this, "WritableStreamDefaultWriter", "desiredSize");
      if (w.stream === undefined) throw new TypeError("Cannot get the desired size of a released writer");
      return writableStreamDefaultWriterGetDesiredSize(w);
    }
    get ready() {
      const w = slotOf(this, "WritableStreamDefaultWriter");
      if (w === undefined) return rejected(new TypeError("ready called on an object that is not a WritableStreamDefaultWriter"));
      return w.ready.promise;
    }
    abort(reason = undefined) {
      const w = slotOf(this, "WritableStreamDefaultWriter");
      if (w === undefined) return rejected(new TypeError("abort called on an object that is not a WritableStreamDefaultWriter"));
      if (w.stream === undefined) return rejected(new TypeError("Cannot abort a stream using a released writer"));
      return writableStreamAbort(w.stream, reason);
    }
    close() {
      const w = slotOf(this, "WritableStreamDefaultWriter");
      if (w === undefined) return rejected(new TypeError("close called on an object that is not a WritableStreamDefaultWriter"));
      const s = w.stream;
      if (s === undefined) return rejected(new TypeError("Cannot close a stream using a released writer"));
      if (writableStreamCloseQueuedOrInFlight(s)) return rejected(new TypeError("Cannot close an already-closing stream"));
      return writableStreamClose(s);
    }
    releaseLock() {
      const w = brand(this, "WritableStreamDefaultWriter", "releaseLock");
      if (w.stream === undefined) return;
      writableStreamDefaultWriterRelease(w);
    }
    write(chunk = undefined) {
      const w = slotOf(this, "WritableStreamDefaultWriter");
      if (w === undefined) return rejected(new TypeError("write called on an object that is not a WritableStreamDefaultWriter"));
      if (w.stream === undefined) return rejected(new TypeError("Cannot write to a stream using a released writer"));
      return writableStreamDefaultWriterWrite(w, chunk);
    }
  }
  defineClass(WritableStreamDefaultWriter);

  const setUpWritableStreamDefaultWriter = (writer, s) => {
    if (isWritableStreamLocked(s)) throw new TypeError("This stream has already been locked for exclusive writing by another writer");
    writer.stream = s;
    s.writer = writer;
    const state = s.state;
    if (state === "writable") {
      writer.ready = !writableStreamCloseQueuedOrInFlight(s) && s.backpressure ? newPromise() : resolvedD(undefined);
      writer.closed = newPromise();
    } else if (state === "erroring") {
      writer.ready = rejectedD(s.storedError);
      writer.closed = newPromise();
    } else if (state === "closed") {
      writer.ready = resolvedD(undefined);
      writer.closed = resolvedD(undefined);
    } else {
      writer.ready = rejectedD(s.storedError);
      writer.closed = rejectedD(s.storedError);
    }
  };
  const writableStreamDefaultWriterCloseWithErrorPropagation = (writer) => {
    const s = writer.stream;
    const state = s.state;
    if (writableStreamCloseQueuedOrInFlight(s) || state === "closed") return resolved(undefined);
    if (state === "errored") return rejected(s.storedError);
    return writableStreamClose(s);
  };
  const writableStreamDefaultWriterEnsureClosedPromiseRejected = (writer, error) => {
    if (writer.closed.state === "pending") rejectD(writer.closed, error);
    else writer.closed = rejectedD(error);
    handled(writer.closed.promise);
  };
  const writableStreamDefaultWriterEnsureReadyPromiseRejected = (writer, error) => {
    if (writer.ready.state === "pending") rejectD(writer.ready, error);
    else writer.ready = rejectedD(error);
    handled(writer.ready.promise);
  };
  const writableStreamDefaultWriterGetDesiredSize = (writer) => {
    const state = writer.stream.state;
    if (state === "errored" || state === "erroring") return null;
    if (state === "closed") return 0;
    return writableStreamDefaultControllerGetDesiredSize(writer.stream.controller);
  };
  const writableStreamDefaultWriterRelease = (writer) => {
    const releasedError = new TypeError("Writer was released and can no longer be used to monitor the stream's closedness");
    writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, releasedError);
    writableStreamDefaultWriterEnsureClosedPromiseRejected(writer, releasedError);
    writer.stream.writer = undefined;
    writer.stream = undefined;
  };
  const writableStreamDefaultWriterWrite = (writer, chunk) => {
    const s = writer.stream;
    const c = s.controller;
    const chunkSize = writableStreamDefaultControllerGetChunkSize(c, chunk);
    if (s !== writer.stream) return rejected(new TypeError("Cannot write to a stream using a released writer"));
    const state = s.state;
    if (state === "errored") return rejected(s.storedError);
    if (writableStreamCloseQueuedOrInFlight(s) || state === "closed") return rejected(new TypeError("The stream is closing or closed and cannot be written to"));
    if (state === "erroring") return rejected(s.storedError);
    const promise = writableStreamAddWriteRequest(s);
    writableStreamDefaultControllerWrite(c, chunk, chunkSize);
    return promise;
  };

  // --- WritableStreamDefaultController ---
  const closeSentinel = {};
  const newWritableController = () => make(WritableStreamDefaultController.prototype, {
    kind: "WritableStreamDefaultController",
    abortSteps(reason) {
      const result = this.abortAlgorithm(reason);
      writableStreamDefaultControllerClearAlgorithms(this);
      return result;
    },
    errorSteps() { resetQueue(this); },
  });
  class WritableStreamDefaultController {
    constructor() { throw new TypeError("Illegal constructor"); }
    get signal() {
      const c = brand(this, "WritableStreamDefaultController", "signal");
      return c.abortController ? c.abortController.signal : undefined;
    }
    error(e = undefined) {
      const c = brand(this, "WritableStreamDefaultController", "error");
      if (c.stream.state !== "writable") return;
      writableStreamDefaultControllerError(c, e);
    }
  }
  defineClass(WritableStreamDefaultController);

  const setUpWritableStreamDefaultController = (s, c, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, hwm, sizeAlgorithm) => {
    c.stream = s;
    s.controller = c;
    resetQueue(c);
    c.abortController = typeof AbortController === "function" ? new AbortController() : undefined;
    c.started = false;
    c.strategySizeAlgorithm = sizeAlgorithm;
    c.strategyHWM = hwm;
    c.writeAlgorithm = writeAlgorithm;
    c.closeAlgorithm = closeAlgorithm;
    c.abortAlgorithm = abortAlgorithm;
    writableStreamUpdateBackpressure(s, writableStreamDefaultControllerGetBackpressure(c));
    const startResult = startAlgorithm();
    upon(resolved(startResult),
      () => { c.started = true; writableStreamDefaultControllerAdvanceQueueIfNeeded(c); },
      (r) => { c.started = true; writableStreamDealWithRejection(s, r); });
  };
  const setUpWritableStreamDefaultControllerFromUnderlyingSink = (s, sink, dict, hwm, sizeAlgorithm) => {
    const c = newWritableController();
    const startAlgorithm = dict.start ? () => ReflectApply(dict.start, sink, [c.api]) : () => undefined;
    const writeAlgorithm = dict.write ? (chunk) => promiseCall(dict.write, sink, [chunk, c.api]) : () => resolved(undefined);
    const closeAlgorithm = dict.close ? () => promiseCall(dict.close, sink, []) : () => resolved(undefined);
    const abortAlgorithm = dict.abort ? (reason) => promiseCall(dict.abort, sink, [reason]) : () => resolved(undefined);
    setUpWritableStreamDefaultController(s, c, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, hwm, sizeAlgorithm);
  };
  const writableStreamDefaultControllerAdvanceQueueIfNeeded = (c) => {
    const s = c.stream;
    if (!c.started) return;
    if (s.inFlightWriteRequest !== undefined) return;
    if (s.state === "erroring") { writableStreamFinishErroring(s); return; }
    if (c.queue.length === 0) return;
    const value = peekQueueValue(c);
    if (value === closeSentinel) writableStreamDefaultControllerProcessClose(c);
    else writableStreamDefaultControllerProcessWrite(c, value);
  };
  const writableStreamDefaultControllerClearAlgorithms = (c) => {
    c.writeAlgorithm = undefined;
    c.closeAlgorithm = undefined;
    c.abortAlgorithm = undefined;
    c.strategySizeAlgorithm = undefined;
  };
  const writableStreamDefaultControllerClose = (c) => {
    enqueueValueWithSize(c, closeSentinel, 0);
    writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
  };
  const writableStreamDefaultControllerError = (c, error) => {
    writableStreamDefaultControllerClearAlgorithms(c);
    writableStreamStartErroring(c.stream, error);
  };
  const writableStreamDefaultControllerErrorIfNeeded = (c, error) => {
    if (c.stream.state === "writable") writableStreamDefaultControllerError(c, error);
  };
  const writableStreamDefaultControllerGetBackpressure = (c) => writableStreamDefaultControllerGetDesiredSize(c) <= 0;
  const writableStreamDefaultControllerGetChunkSize = (c, chunk) => {
    if (c.strategySizeAlgorithm === undefined) return 1;
    try {
      return c.strategySizeAlgorithm(chunk);
    } catch (e) {
      writableStreamDefaultControllerErrorIfNeeded(c, e);
      return 1;
    }
  };
  const writableStreamDefaultControllerGetDesiredSize = (c) => c.strategyHWM - c.queueTotalSize;
  const writableStreamDefaultControllerProcessClose = (c) => {
    const s = c.stream;
    writableStreamMarkCloseRequestInFlight(s);
    dequeueValue(c);
    const sinkClosePromise = c.closeAlgorithm();
    writableStreamDefaultControllerClearAlgorithms(c);
    upon(sinkClosePromise,
      () => { writableStreamFinishInFlightClose(s); },
      (reason) => { writableStreamFinishInFlightCloseWithError(s, reason); });
  };
  const writableStreamDefaultControllerProcessWrite = (c, chunk) => {
    const s = c.stream;
    writableStreamMarkFirstWriteRequestInFlight(s);
    const sinkWritePromise = c.writeAlgorithm(chunk);
    upon(sinkWritePromise,
      () => {
        writableStreamFinishInFlightWrite(s);
        const state = s.state;
        dequeueValue(c);
        if (!writableStreamCloseQueuedOrInFlight(s) && state === "writable") {
          writableStreamUpdateBackpressure(s, writableStreamDefaultControllerGetBackpressure(c));
        }
        writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
      },
      (reason) => {
        if (s.state === "writable") writableStreamDefaultControllerClearAlgorithms(c);
        writableStreamFinishInFlightWriteWithError(s, reason);
      });
  };
  const writableStreamDefaultControllerWrite = (c, chunk, chunkSize) => {
    try {
      enqueueValueWithSize(c, chunk, chunkSize);
    } catch (e) {
      writableStreamDefaultControllerErrorIfNeeded(c, e);
      return;
    }
    const s = c.stream;
    if (!writableStreamCloseQueuedOrInFlight(s) && s.state === "writable") {
      writableStreamUpdateBackpressure(s, writableStreamDefaultControllerGetBackpressure(c));
    }
    writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
  };

  // =====================================================================================================
  // TransformStream
  // =====================================================================================================
  class TransformStream {
    constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
      if (transformer !== undefined && !isObject(transformer)) throw new TypeError("transformer is not an object");
      const writableStrategyDict = convertStrategy(writableStrategy, "writableStrategy");
      const readableStrategyDict = convertStrategy(readableStrategy, "readableStrategy");
      const t = transformer ?? {};
      const dict = {
        cancel: convertCallback(t.cancel, "transformer.cancel"),
        flush: convertCallback(t.flush, "transformer.flush"),
        readableType: t.readableType,
        start: convertCallback(t.start, "transformer.start"),
        transform: convertCallback(t.transform, "transformer.transform"),
        writableType: t.writableType,
      };
      if (dict.readableType !== undefined) throw new RangeError("Invalid readableType specified");
      if (dict.writableType !== undefined) throw new RangeError("Invalid writableType specified");
      const readableHWM = extractHighWaterMark(readableStrategyDict, 0);
      const readableSize = extractSizeAlgorithm(readableStrategyDict);
      const writableHWM = extractHighWaterMark(writableStrategyDict, 1);
      const writableSize = extractSizeAlgorithm(writableStrategyDict);
      const s = { kind: "TransformStream", api: this };
      slots.set(this, s);
      const startPromise = newPromise();
      initializeTransformStream(s, startPromise, writableHWM, writableSize, readableHWM, readableSize);
      setUpTransformStreamDefaultControllerFromTransformer(s, t, dict);
      if (dict.start) resolveD(startPromise, ReflectApply(dict.start, t, [s.controller.api]));
      else resolveD(startPromise, undefined);
    }
    get readable() { return brand(this, "TransformStream", "readable").readable.api; }
    get writable() { return brand(this, "TransformStream", "writable").writable.api; }
  }
  defineClass(TransformStream);

  const initializeTransformStream = (s, startPromise, writableHWM, writableSize, readableHWM, readableSize) => {
    const startAlgorithm = () => startPromise.promise;
    s.writable = createWritableStream(startAlgorithm,
      (chunk) => transformStreamDefaultSinkWriteAlgorithm(s, chunk),
      () => transformStreamDefaultSinkCloseAlgorithm(s),
      (reason) => transformStreamDefaultSinkAbortAlgorithm(s, reason),
      writableHWM, writableSize);
    s.readable = createReadableStream(startAlgorithm,
      () => transformStreamDefaultSourcePullAlgorithm(s),
      (reason) => transformStreamDefaultSourceCancelAlgorithm(s, reason),
      readableHWM, readableSize);
    s.backpressure = undefined;
    s.backpressureChangePromise = undefined;
    transformStreamSetBackpressure(s, true);
    s.controller = undefined;
  };
  const transformStreamError = (s, e) => {
    readableStreamDefaultControllerError(s.readable.controller, e);
    transformStreamErrorWritableAndUnblockWrite(s, e);
  };
  const transformStreamErrorWritableAndUnblockWrite = (s, e) => {
    transformStreamDefaultControllerClearAlgorithms(s.controller);
    writableStreamDefaultControllerErrorIfNeeded(s.writable.controller, e);
    transformStreamUnblockWrite(s);
  };
  const transformStreamUnblockWrite = (s) => { if (s.backpressure) transformStreamSetBackpressure(s, false); };
  const transformStreamSetBackpressure = (s, backpressure) => {
    if (s.backpressureChangePromise !== undefined) resolveD(s.backpressureChangePromise, undefined);
    s.backpressureChangePromise = newPromise();
    s.backpressure = backpressure;
  };

  class TransformStreamDefaultController {
    constructor() { throw new TypeError("Illegal constructor"); }
    get desiredSize() {
      const c = brand(this, "TransformStreamDefaultController", "desiredSize");
      return readableStreamDefaultControllerGetDesiredSize(c.stream.readable.controller);
    }
    enqueue(chunk = undefined) { transformStreamDefaultControllerEnqueue(brand(this, "TransformStreamDefaultController", "enqueue"), chunk); }
    error(reason = undefined) { transformStreamError(brand(this, "TransformStreamDefaultController", "error").stream, reason); }
    terminate() { transformStreamDefaultControllerTerminate(brand(this, "TransformStreamDefaultController", "terminate")); }
  }
  defineClass(TransformStreamDefaultController);

  const setUpTransformStreamDefaultController = (s, c, transformAlgorithm, flushAlgorithm, cancelAlgorithm) => {
    c.stream = s;
    s.controller = c;
    c.transformAlgorithm = transformAlgorithm;
    c.flushAlgorithm = flushAlgorithm;
    c.cancelAlgorithm = cancelAlgorithm;
    c.finishPromise = undefined;
  };
  const setUpTransformStreamDefaultControllerFromTransformer = (s, transformer, dict) => {
    const c = make(TransformStreamDefaultController.prototype, { kind: "TransformStreamDefaultController" });
    let transformAlgorithm = (chunk) => {
      try { transformStreamDefaultControllerEnqueue(c, chunk); return resolved(undefined); } catch (e) { return rejected(e); }
    };
    let flushAlgorithm = () => resolved(undefined);
    let cancelAlgorithm = () => resolved(undefined);
    if (dict.transform) transformAlgorithm = (chunk) => promiseCall(dict.transform, transformer, [chunk, c.api]);
    if (dict.flush) flushAlgorithm = () => promiseCall(dict.flush, transformer, [c.api]);
    if (dict.cancel) cancelAlgorithm = (reason) => promiseCall(dict.cancel, transformer, [reason]);
    setUpTransformStreamDefaultController(s, c, transformAlgorithm, flushAlgorithm, cancelAlgorithm);
  };
  const transformStreamDefaultControllerClearAlgorithms = (c) => {
    c.transformAlgorithm = undefined;
    c.flushAlgorithm = undefined;
    c.cancelAlgorithm = undefined;
  };
  const transformStreamDefaultControllerEnqueue = (c, chunk) => {
    const s = c.stream;
    const readableController = s.readable.controller;
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(readableController)) throw new TypeError("Readable side is not in a state that permits enqueue");
    try {
      readableStreamDefaultControllerEnqueue(readableController, chunk);
    } catch (e) {
      transformStreamErrorWritableAndUnblockWrite(s, e);
      throw s.readable.storedError;
    }
    const backpressure = readableStreamDefaultControllerHasBackpressure(readableController);
    if (backpressure !== s.backpressure) transformStreamSetBackpressure(s, true);
  };
  const transformStreamDefaultControllerPerformTransform = (c, chunk) => {
    const transformPromise = c.transformAlgorithm(chunk);
    return then(transformPromise, undefined, (r) => { transformStreamError(c.stream, r); throw r; });
  };
  const transformStreamDefaultControllerTerminate = (c) => {
    const s = c.stream;
    readableStreamDefaultControllerClose(s.readable.controller);
    transformStreamErrorWritableAndUnblockWrite(s, new TypeError("TransformStream terminated"));
  };
  const transformStreamDefaultSinkWriteAlgorithm = (s, chunk) => {
    const c = s.controller;
    if (s.backpressure) {
      return then(s.backpressureChangePromise.promise, () => {
        const writable = s.writable;
        if (writable.state === "erroring") throw writable.storedError;
        return transformStreamDefaultControllerPerformTransform(c, chunk);
      });
    }
    return transformStreamDefaultControllerPerformTransform(c, chunk);
  };
  const transformStreamDefaultSinkAbortAlgorithm = (s, reason) => {
    const c = s.controller;
    if (c.finishPromise !== undefined) return c.finishPromise.promise;
    const readable = s.readable;
    c.finishPromise = newPromise();
    const cancelPromise = c.cancelAlgorithm(reason);
    transformStreamDefaultControllerClearAlgorithms(c);
    upon(cancelPromise,
      () => {
        if (readable.state === "errored") rejectD(c.finishPromise, readable.storedError);
        else { readableStreamDefaultControllerError(readable.controller, reason); resolveD(c.finishPromise, undefined); }
      },
      (r) => { readableStreamDefaultControllerError(readable.controller, r); rejectD(c.finishPromise, r); });
    return c.finishPromise.promise;
  };
  const transformStreamDefaultSinkCloseAlgorithm = (s) => {
    const c = s.controller;
    if (c.finishPromise !== undefined) return c.finishPromise.promise;
    const readable = s.readable;
    c.finishPromise = newPromise();
    const flushPromise = c.flushAlgorithm();
    transformStreamDefaultControllerClearAlgorithms(c);
    upon(flushPromise,
      () => {
        if (readable.state === "errored") rejectD(c.finishPromise, readable.storedError);
        else { readableStreamDefaultControllerClose(readable.controller); resolveD(c.finishPromise, undefined); }
      },
      (r) => { readableStreamDefaultControllerError(readable.controller, r); rejectD(c.finishPromise, r); });
    return c.finishPromise.promise;
  };
  const transformStreamDefaultSourceCancelAlgorithm = (s, reason) => {
    const c = s.controller;
    if (c.finishPromise !== undefined) return c.finishPromise.promise;
    const writable = s.writable;
    c.finishPromise = newPromise();
    const cancelPromise = c.cancelAlgorithm(reason);
    transformStreamDefaultControllerClearAlgorithms(c);
    upon(cancelPromise,
      () => {
        if (writable.state === "errored") rejectD(c.finishPromise, writable.storedError);
        else {
          writableStreamDefaultControllerErrorIfNeeded(writable.controller, reason);
          transformStreamUnblockWrite(s);
          resolveD(c.finishPromise, undefined);
        }
      },
      (r) => {
        writableStreamDefaultControllerErrorIfNeeded(writable.controller, r);
        transformStreamUnblockWrite(s);
        rejectD(c.finishPromise, r);
      });
    return c.finishPromise.promise;
  };
  const transformStreamDefaultSourcePullAlgorithm = (s) => {
    transformStreamSetBackpressure(s, false);
    return s.backpressureChangePromise.promise;
  };

  // =====================================================================================================
  // Queuing strategies
  // =====================================================================================================
  const convertStrategyInit = (init, name) => {
    if (init === undefined || init === null) init = undefined;
    if (init !== undefined && !isObject(init)) throw new TypeError(`${name}'s argument is not an object`);
    const hwm = init === undefined ? undefined : init.highWaterMark;
    if (hwm === undefined) throw new TypeError(`${name} requires a highWaterMark`);
    return Number(hwm);
  };
  const byteLengthSize = { size: (chunk) => chunk.byteLength }.size;
  const countSize = { size: () => 1 }.size;
  class ByteLengthQueuingStrategy {
    constructor(init) {
      slots.set(this, { kind: "ByteLengthQueuingStrategy", highWaterMark: convertStrategyInit(init, "ByteLengthQueuingStrategy") });
    }
    get highWaterMark() { return brand(this, "ByteLengthQueuingStrategy", "highWaterMark").highWaterMark; }
    get size() { brand(this, "ByteLengthQueuingStrategy", "size"); return byteLengthSize; }
  }
  defineClass(ByteLengthQueuingStrategy);
  class CountQueuingStrategy {
    constructor(init) {
      slots.set(this, { kind: "CountQueuingStrategy", highWaterMark: convertStrategyInit(init, "CountQueuingStrategy") });
    }
    get highWaterMark() { return brand(this, "CountQueuingStrategy", "highWaterMark").highWaterMark; }
    get size() { brand(this, "CountQueuingStrategy", "size"); return countSize; }
  }
  defineClass(CountQueuingStrategy);

  // =====================================================================================================
  // TextEncoderStream / TextDecoderStream (Encoding standard, section 7), over the platform's coders
  // =====================================================================================================
  class TextEncoderStream {
    constructor() {
      const encoder = new TextEncoder();
      let pendingHighSurrogate = null;
      const transform = new TransformStream({
        transform(chunk, controller) {
          let input = String(chunk);
          if (pendingHighSurrogate !== null) { input = pendingHighSurrogate + input; pendingHighSurrogate = null; }
          const last = input.charCodeAt(input.length - 1);
          if (last >= 0xd800 && last <= 0xdbff) { pendingHighSurrogate = input[input.length - 1]; input = input.slice(0, -1); }
          if (input !== "") controller.enqueue(encoder.encode(input));
        },
        flush(controller) {
          if (pendingHighSurrogate !== null) controller.enqueue(new Uint8Array([0xef, 0xbf, 0xbd]));
        },
      });
      slots.set(this, { kind: "TextEncoderStream", transform });
    }
    get encoding() { brand(this, "TextEncoderStream", "encoding"); return "utf-8"; }
    get readable() { return brand(this, "TextEncoderStream", "readable").transform.readable; }
    get writable() { return brand(this, "TextEncoderStream", "writable").transform.writable; }
  }
  defineClass(TextEncoderStream);
  class TextDecoderStream {
    constructor(label = "utf-8", options = undefined) {
      options = convertDictionary(options, "options");
      const fatal = Boolean(options.fatal);
      const decoder = new TextDecoder(label, { fatal, ignoreBOM: Boolean(options.ignoreBOM) });
      // The platform's TextDecoder decodes each call on its own (no `stream: true`), so a UTF-8 sequence
      // split across chunks is held back here until its last byte arrives; only the first call may strip a BOM.
      const later = new TextDecoder(label, { fatal, ignoreBOM: true });
      let pending = new Uint8Array(0);
      let first = true;
      const decode = (bytes) => { const text = (first ? decoder : later).decode(bytes); if (bytes.byteLength > 0) first = false; return text; };
      const completeLength = (bytes) => {
        for (let back = 1; back <= Math.min(3, bytes.length); back++) {
          const b = bytes[bytes.length - back];
          if ((b & 0xc0) === 0x80) continue;
          const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
          return need > back ? bytes.length - back : bytes.length;
        }
        return bytes.length;
      };
      const transform = new TransformStream({
        transform(chunk, controller) {
          if (!(chunk instanceof ArrayBuffer) && !isArrayBufferView(chunk) && Object.prototype.toString.call(chunk) !== "[object SharedArrayBuffer]") {
            throw new TypeError("The chunk is not an ArrayBuffer or ArrayBufferView");
          }
          const view = chunk instanceof ArrayBuffer || !isArrayBufferView(chunk) ? new Uint8Array(chunk) : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
          const bytes = new Uint8Array(pending.length + view.length);
          bytes.set(pending);
          bytes.set(view, pending.length);
          const cut = completeLength(bytes);
          pending = bytes.slice(cut);
          const output = decode(bytes.subarray(0, cut));
          if (output !== "") controller.enqueue(output);
        },
        flush(controller) {
          const output = pending.length ? decode(pending) : "";
          pending = new Uint8Array(0);
          if (output !== "") controller.enqueue(output);
        },
      });
      slots.set(this, { kind: "TextDecoderStream", decoder, transform });
    }
    get encoding() { return brand(this, "TextDecoderStream", "encoding").decoder.encoding; }
    get fatal() { return brand(this, "TextDecoderStream", "fatal").decoder.fatal; }
    get ignoreBOM() { return brand(this, "TextDecoderStream", "ignoreBOM").decoder.ignoreBOM; }
    get readable() { return brand(this, "TextDecoderStream", "readable").transform.readable; }
    get writable() { return brand(this, "TextDecoderStream", "writable").transform.writable; }
  }
  defineClass(TextDecoderStream);

  // --- what other platform code needs (bodies in Prerender/JS/browser.js) ---
  const internals = {
    isReadableStream: (x) => slotOf(x, "ReadableStream") !== undefined,
    isDisturbed: (x) => slotOf(x, "ReadableStream").disturbed,
    isLocked: (x) => isReadableStreamLocked(slotOf(x, "ReadableStream")),
    isErrored: (x) => slotOf(x, "ReadableStream").state === "errored",
    // A byte stream over `bytes`, in chunks of at most `chunkSize` bytes (one chunk without it), then closed.
    fromBytes(bytes, chunkSize = Infinity) {
      const s = createReadableByteStream(() => undefined, () => resolved(undefined), () => resolved(undefined));
      const c = s.controller;
      for (let offset = 0; offset < bytes.byteLength; offset += chunkSize) {
        readableByteStreamControllerEnqueue(c, bytes.slice(offset, Math.min(bytes.byteLength, offset + chunkSize)));
      }
      readableByteStreamControllerClose(c);
      return s.api;
    },
    // What a body's stream is once its bytes were read without one: closed, disturbed and locked.
    consumed() {
      const s = createReadableByteStream(() => undefined, () => resolved(undefined), () => resolved(undefined));
      readableByteStreamControllerClose(s.controller);
      const reader = acquireReadableStreamDefaultReader(s);
      readableStreamDefaultReaderRead(reader, { chunkSteps() {}, closeSteps() {}, errorSteps() {} });
      return s.api;
    },
    // Reads a stream to its end with a fresh reader; each chunk must be a Uint8Array (the fetch standard's
    // "fully read"). Calls back with one Uint8Array, or the error: no promise is resolved with the bytes, so
    // a page's Object.prototype.then cannot intercept them.
    readAllBytes(stream, onBytes, onError) {
      const reader = acquireReadableStreamDefaultReader(slotOf(stream, "ReadableStream"));
      const chunks = [];
      let total = 0;
      const step = () => {
        readableStreamDefaultReaderRead(reader, {
          chunkSteps: (chunk) => {
            if (!(chunk instanceof Uint8Array)) {
              const e = new TypeError("Received non-Uint8Array chunk");
              onError(e);
              readableStreamReaderGenericCancel(reader, e);
              return;
            }
            chunks.push(chunk.slice());
            total += chunk.byteLength;
            queueTask(step);
          },
          closeSteps: () => {
            const all = new Uint8Array(total);
            let offset = 0;
            for (const chunk of chunks) { all.set(chunk, offset); offset += chunk.byteLength; }
            onBytes(all);
          },
          errorSteps: (e) => onError(e),
        });
      };
      step();
    },
    tee: (stream) => readableStreamTee(slotOf(stream, "ReadableStream"), true).map((b) => b.api),
    cancel: (stream, reason) => readableStreamCancel(slotOf(stream, "ReadableStream"), reason),
  };
  if (native) native.streams = internals;

  return {
    ReadableStream, ReadableStreamDefaultReader, ReadableStreamBYOBReader, ReadableStreamDefaultController,
    ReadableByteStreamController, ReadableStreamBYOBRequest, WritableStream, WritableStreamDefaultWriter,
    WritableStreamDefaultController, TransformStream, TransformStreamDefaultController, ByteLengthQueuingStrategy,
    CountQueuingStrategy, TextEncoderStream, TextDecoderStream,
  };
})
