// A worker that throws from a message handler (its own onerror cancels that) and, when asked, from a timer.
self.onerror = (message) => message.includes("handled");
onmessage = (event) => {
  if (event.data === "late") {
    setTimeout(() => { throw new TypeError("late"); }, 0);
    return;
  }
  throw new RangeError("handled in the worker");
};
