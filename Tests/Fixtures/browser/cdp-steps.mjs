// Loads a URL in headless Chromium and runs steps over the DevTools protocol, as a user would: waits
// for expressions to become truthy and types or clicks with real (trusted) input events in between.
// Prints the JSON array of the values the `until` steps ended with; exit 1 (with the values so far and
// the failing step) when one times out.
//   node --experimental-websocket cdp-steps.mjs URL STEPS_JSON [TIMEOUT_MS]
// STEPS_JSON: [{"until": "expression"}, {"type": ["#selector", "text"]}, {"click": "#selector"}, ...];
// each `until` has TIMEOUT_MS.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [url, stepsArg, timeoutArg] = process.argv.slice(2);
const steps = JSON.parse(stepsArg);
const timeout = Number(timeoutArg ?? 15000);
const profile = mkdtempSync(join(tmpdir(), "cdp-eval-"));
const browser = spawn(process.env.CHROMIUM ?? "chromium", [
  "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--remote-debugging-port=0",
  `--user-data-dir=${profile}`, "about:blank",
], { stdio: ["ignore", "ignore", "pipe"], detached: true });  // its own process group, killed whole

let finished = false;
function finish(code, output) {
  if (finished) return;
  finished = true;
  if (output !== undefined) process.stdout.write(JSON.stringify(output) + "\n");
  // The profile can only go once the browser has stopped writing to it.
  const done = () => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch {
      // A helper process still writing: a leftover temporary profile must not fail the check.
    }
    process.exit(code);
  };
  if (browser.exitCode !== null || browser.signalCode !== null) return done();
  browser.once("exit", done);
  try {
    process.kill(-browser.pid, "SIGKILL");  // the renderer and GPU processes too
  } catch {
    browser.kill("SIGKILL");
  }
}
setTimeout(() => finish(1, { timeout: true }), timeout + 10000);

const endpoint = await new Promise((resolve) => {
  let text = "";
  browser.stderr.on("data", (chunk) => {
    text += chunk;
    const match = text.match(/DevTools listening on (ws:\/\/\S+)/);
    if (match) resolve(match[1]);
  });
});

const socket = new WebSocket(endpoint);
await new Promise((resolve) => socket.addEventListener("open", resolve));
let nextId = 1;
const pending = new Map();
socket.addEventListener("message", (event) => {
  const message = JSON.parse(event.data);
  if (message.id && pending.has(message.id)) {
    pending.get(message.id)(message);
    pending.delete(message.id);
  }
});
function send(method, params = {}, sessionId) {
  const id = nextId++;
  socket.send(JSON.stringify({ id, method, params, sessionId }));
  return new Promise((resolve) => pending.set(id, resolve));
}

const { result: { targetId } } = await send("Target.createTarget", { url });
const { result: { sessionId } } = await send("Target.attachToTarget", { targetId, flatten: true });

async function evaluate(expression) {
  const reply = await send("Runtime.evaluate", { expression, returnByValue: true }, sessionId);
  return reply.result?.result?.value;
}

const values = [];
for (const [index, step] of steps.entries()) {
  if (step.until !== undefined) {
    const deadline = Date.now() + timeout;
    let value;
    while (Date.now() < deadline) {
      value = await evaluate(step.until);
      if (value) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!value) finish(1, { values, failedStep: index, lastValue: value ?? null });
    if (finished) break;
    values.push(value);
  } else if (step.type !== undefined) {
    const [selector, text] = step.type;
    await evaluate(`document.querySelector(${JSON.stringify(selector)}).focus()`);
    await send("Input.insertText", { text }, sessionId);
  } else if (step.click !== undefined) {
    const [x, y] = await evaluate(`(() => { const r = document.querySelector(${JSON.stringify(step.click)}).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`);
    for (const type of ["mousePressed", "mouseReleased"]) {
      await send("Input.dispatchMouseEvent", { type, x, y, button: "left", clickCount: 1 }, sessionId);
    }
  }
}
if (!finished) finish(0, values);
