// Loads a URL in headless Chromium and polls a JavaScript expression until it is truthy, over the
// DevTools protocol: for what --dump-dom cannot see (DOM changes after the load event, e.g. an overlay
// drawn when a Server-Sent Event arrives). Prints the expression's final value as JSON; exit 1 on timeout.
//   node --experimental-websocket cdp-eval.mjs URL EXPRESSION [TIMEOUT_MS]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [url, expression, timeoutArg] = process.argv.slice(2);
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
const deadline = Date.now() + timeout;
let value;
while (Date.now() < deadline) {
  const reply = await send("Runtime.evaluate", { expression, returnByValue: true }, sessionId);
  value = reply.result?.result?.value;
  if (value) {
    finish(0, value);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
if (!finished) finish(1, value ?? null);
