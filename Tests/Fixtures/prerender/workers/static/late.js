// A worker that throws from a timer and from a message handler; its own onerror cancels the second.
self.onerror = (message) => message.includes("handled");
onmessage = () => { throw new RangeError("handled in the worker"); };
setTimeout(() => { throw new TypeError("late"); }, 0);
