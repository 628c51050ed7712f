// The ballot page's heavy crypto.js calls, off the page's main thread. This one module is
// both sides: loaded as a module worker (new Worker(this file, {type: "module"})), it
// answers the page's calls; imported by the page, `engine()` makes the calls through that
// worker, or on the page itself where the worker cannot run. The calls and their results
// are crypto.js's own (the same functions, the same bytes: docs/evote-protocol.md §4);
// only the thread changes, so the page keeps painting and answering taps while the tables
// are built (prepareKey) and a ballot is encrypted and proved (bench.evote_browser).
//
//   engine({worker?: true}) -> {call(name, args) -> Promise, mode() -> "worker" | "page"}
//       name: one of CALLS; a CryptoError comes back as an Error of that name and message.
//       With worker: false, or where there is no Worker, or the worker fails to start (an
//       old browser without module workers, the file not served), every call runs here on
//       the page (a call already sent to a worker that failed is run again here).
import * as C from "./crypto.js";

// What the ballot page asks of the worker: the tables, the encryption and its proofs, the
// hashes checked before it, the opening of a challenged ballot (the tables are built in the
// worker's copy of the module, so a call that multiplies must run where they are).
const CALLS = new Set(["prepareKey", "manifestHashes", "encryptBallot", "revealChoices"]);

function run(name, args) {
  if (!CALLS.has(name)) throw new Error(`crypto-worker: unknown call ${name}`);
  return C[name](...args);
}

const inWorker = typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope;
if (inWorker) {
  self.onmessage = (event) => {
    const { id, name, args } = event.data;
    let answer;
    try {
      answer = { id, value: run(name, args) };
    } catch (e) {
      answer = { id, error: { name: e.name, message: e.message } };
    }
    self.postMessage(answer);
  };
}

function here(name, args) {
  return new Promise((resolve) => resolve(run(name, args)));
}

export function engine({ worker: wanted = true } = {}) {
  let worker = null;
  if (wanted && typeof Worker === "function") {
    try {
      worker = new Worker(import.meta.url, { type: "module" });
    } catch {
      worker = null;  // refused at once (no module workers, a policy): the page does it
    }
  }
  const waiting = new Map();
  let next = 0;
  function fallBack() {
    // The worker did not load (or died): what it was asked is done here, and all after.
    if (worker) worker.terminate();
    worker = null;
    const calls = [...waiting.values()];
    waiting.clear();
    for (const c of calls) here(c.name, c.args).then(c.resolve, c.reject);
  }
  if (worker) {
    worker.onerror = (event) => { event.preventDefault(); fallBack(); };
    worker.onmessageerror = fallBack;
    worker.onmessage = (event) => {
      const { id, value, error } = event.data;
      const c = waiting.get(id);
      if (!c) return;  // a call already run here after a failure
      waiting.delete(id);
      if (error) {
        const e = new Error(error.message);
        e.name = error.name;
        c.reject(e);
      } else {
        c.resolve(value);
      }
    };
  }
  return {
    call(name, args) {
      if (!worker) return here(name, args);
      return new Promise((resolve, reject) => {
        const id = ++next;
        waiting.set(id, { name, args, resolve, reject });
        worker.postMessage({ id, name, args });
      });
    },
    mode() { return worker ? "worker" : "page"; },
  };
}
