// WHATWG Streams as a Go program reaches them under `run` (and node): readers, BYOB reads, tee,
// pipeTo/pipeThrough, backpressure, async iteration, TextEncoderStream/TextDecoderStream, errors and
// cancellation, with the order in which their promises settle. Each line is compared with node's.
//go:build js && wasm

package main

import (
	"fmt"
	"syscall/js"
)

const script = `(async function (report) {
  const log = [];
  const line = (...parts) => log.push(parts.map(String).join(" "));
  try {
    line("typeof", typeof ReadableStream, typeof WritableStream, typeof TransformStream, typeof TextDecoderStream);
    line("names", ReadableStream.name, ReadableStream.length, WritableStream.length, TransformStream.length);
    line("tag", Object.prototype.toString.call(new ReadableStream()), Object.prototype.toString.call(new WritableStream().getWriter()));

    // Default reader over a pulled source, with the calls it sees.
    const calls = [];
    let n = 0;
    const counted = new ReadableStream({
      start() { calls.push("start"); },
      pull(c) { calls.push("pull" + n); if (n < 3) c.enqueue(n++); else c.close(); },
      cancel(r) { calls.push("cancel " + r); },
    }, { highWaterMark: 2 });
    const reader = counted.getReader();
    const reads = [];
    for (;;) { const r = await reader.read(); reads.push(r.done ? "done" : r.value); if (r.done) break; }
    line("reads", reads.join(","), "calls", calls.join(","), "locked", counted.locked);
    reader.releaseLock();
    line("released", counted.locked);

    // Byte stream with a BYOB reader.
    const bytes = new ReadableStream({
      type: "bytes",
      pull(c) {
        const view = c.byobRequest.view;
        view[0] = 7; view[1] = 8;
        c.byobRequest.respond(2);
        c.close();
      },
    });
    const byob = bytes.getReader({ mode: "byob" });
    const first = await byob.read(new Uint8Array(4));
    line("byob", first.done, first.value.constructor.name, Array.from(first.value).join(","), first.value.buffer.byteLength);
    const last = await byob.read(new Uint8Array(4));
    line("byob end", last.done, last.value.byteLength);

    // tee, then both branches to their ends.
    const [a, b] = new ReadableStream({ start(c) { c.enqueue("x"); c.enqueue("y"); c.close(); } }).tee();
    const all = async (s) => { const out = []; for await (const v of s) out.push(v); return out.join(""); };
    line("tee", await all(a), await all(b));

    // pipeThrough a TransformStream into a WritableStream with a small high-water mark.
    const written = [];
    const upper = new TransformStream({ transform(chunk, c) { c.enqueue(chunk.toUpperCase()); }, flush(c) { c.enqueue("!"); } });
    await new ReadableStream({ start(c) { for (const w of ["a", "b", "c"]) c.enqueue(w); c.close(); } })
      .pipeThrough(upper)
      .pipeTo(new WritableStream({ write(chunk) { written.push(chunk); } }, new CountQueuingStrategy({ highWaterMark: 1 })));
    line("piped", written.join(""));

    // Writer backpressure: desiredSize as writes queue and drain.
    const sizes = [];
    const slow = new WritableStream({ write() { return new Promise((r) => setTimeout(r, 1)); } }, { highWaterMark: 2 });
    const w = slow.getWriter();
    sizes.push(w.desiredSize);
    const p1 = w.write(1); sizes.push(w.desiredSize);
    const p2 = w.write(2); sizes.push(w.desiredSize);
    const p3 = w.write(3); sizes.push(w.desiredSize);
    await Promise.all([p1, p2, p3]);
    sizes.push(w.desiredSize);
    await w.close();
    line("desiredSize", sizes.join(","));

    // Errors and cancellation.
    const failing = new ReadableStream({ start(c) { c.error(new TypeError("boom")); } });
    await failing.getReader().read().then(() => line("no error"), (e) => line("errored", e.name, e.message));
    const cancelled = new ReadableStream({ cancel(r) { line("cancel reason", r); } });
    await cancelled.cancel("enough");
    const aborted = new WritableStream({ abort(r) { line("abort reason", r); } });
    await aborted.abort("stop");
    try { new ReadableStream({ type: "nope" }); } catch (e) { line("bad type", e.name); }
    try { new ReadableStream({}, { highWaterMark: -1 }); } catch (e) { line("bad hwm", e.name); }
    try { counted.getReader(); line("second reader ok"); } catch (e) { line("second reader", e.name); }

    // Text streams.
    const encoded = [];
    const enc = new TextEncoderStream();
    const encWriter = enc.writable.getWriter();
    encWriter.write("h\u00e9"); encWriter.write("\ud83d"); encWriter.write("\ude00"); encWriter.close();
    for await (const chunk of enc.readable) encoded.push(Array.from(chunk).join(","));
    line("encoded", encoded.join(" | "));
    const dec = new TextDecoderStream();
    const decWriter = dec.writable.getWriter();
    decWriter.write(new Uint8Array([0x68, 0xc3])); decWriter.write(new Uint8Array([0xa9])); decWriter.close();
    line("decoded", await all(dec.readable), dec.encoding);

    // from(), and the order of settlements across two streams.
    line("from", await all(ReadableStream.from(["p", "q"])));
    const order = [];
    const r1 = new ReadableStream({ start(c) { c.enqueue(1); } }).getReader();
    const r2 = new ReadableStream({ start(c) { c.enqueue(2); } }).getReader();
    await Promise.all([r2.read().then(() => order.push("r2")), r1.read().then(() => order.push("r1")), Promise.resolve().then(() => order.push("tick"))]);
    line("order", order.join(","));
  } catch (e) {
    line("threw", e && e.stack || e);
  }
  report(log.join("\n"));
})`

func main() {
	done := make(chan string)
	report := js.FuncOf(func(this js.Value, args []js.Value) any {
		go func() { done <- args[0].String() }()
		return nil
	})
	js.Global().Call("eval", script).Invoke(report)
	fmt.Println(<-done)
}
