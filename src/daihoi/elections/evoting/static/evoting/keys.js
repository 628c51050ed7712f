// The trustee's phone in the counting committee's key ceremony and count
// (docs/evote-protocol.md §3, §5). Every secret is drawn and kept here: the polynomial and
// the communication key until the shares are checked, then the secret share, in this
// browser's localStorage (and on the printed recovery sheet, shown once). The server gets
// only public records, shares encrypted to their recipient, and proved decryption shares.
// The cryptography is crypto.js's (the noble libraries); this file only drives the steps.
import {
  decryptionShare, receiveShares, sharesFor, trusteeStart,
} from "./crypto.js";

const device = document.getElementById("keys-device");
const $ = (id) => document.getElementById(id);
const messages = {};
for (const dd of $("keys-msg").querySelectorAll("dd")) messages[dd.dataset.key] = dd.textContent;
const t = (key, values = {}) => (messages[key] || key).replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? ""));
const csrf = device.querySelector("input[name=csrfmiddlewaretoken]").value;
const index = Number(device.dataset.index);
const POLL_MS = 3000;
let state = null;
let timer = null;

// One entry per ceremony and trustee: a ceremony started again (even with the same
// manifest, so the same base hash) is another.
function storageKey() { return `daihoi-evote:${state.base_hash}:${state.ceremony}:${index}`; }
function load() {
  try { return JSON.parse(localStorage.getItem(storageKey()) || "{}"); } catch { return {}; }
}
function save(entry) { localStorage.setItem(storageKey(), JSON.stringify(entry)); }

function showError(text) {
  const box = $("keys-error");
  box.textContent = text;
  box.hidden = !text;
}

async function post(url, body) {
  let response;
  try {
    response = await fetch(url, {
      method: "POST", credentials: "same-origin", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
    });
  } catch (error) {
    throw new Error(t("network", { error: error.message }));
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || t("network", { error: response.status }));
  return data;
}

async function refresh() {
  const response = await fetch(device.dataset.state, { credentials: "same-origin", cache: "no-store" });
  const data = await response.json();
  if (!response.ok) { showError(data.error || String(response.status)); return; }
  state = data;
  render();
}

function poll() {
  clearTimeout(timer);
  timer = setTimeout(() => refresh().catch((e) => showError(e.message)), POLL_MS);
}

function step(name, { title = "", text = "", button = "", consequence = "", confirm = "", run = null } = {}) {
  $("keys-step").dataset.step = name;
  $("keys-step-title").textContent = title;
  $("keys-step-text").textContent = text;
  const action = $("keys-action");
  action.hidden = !run;
  action.disabled = false;
  action.textContent = button;
  $("keys-confirm").hidden = true;
  action.onclick = () => {
    if (!consequence) { execute(run); return; }
    // Every irreversible step asks first, saying what cannot be undone.
    $("keys-consequence").textContent = consequence;
    $("keys-confirm-yes").textContent = confirm;
    $("keys-confirm").hidden = false;
    action.hidden = true;
  };
  $("keys-confirm-yes").onclick = () => execute(run);
  $("keys-confirm-no").onclick = () => { $("keys-confirm").hidden = true; action.hidden = false; };
}

async function execute(run) {
  showError("");
  $("keys-action").disabled = true;
  $("keys-confirm-yes").disabled = true;
  $("keys-step-text").textContent = t("working");
  // Let the page paint "working" before the arithmetic takes the thread.
  await new Promise((resolve) => setTimeout(resolve, 30));
  try {
    await run();
  } catch (error) {
    showError(error.message);
  } finally {
    $("keys-confirm-yes").disabled = false;
  }
  await refresh();
}

function count(key) { return state.trustees.filter((x) => x[key]).length; }

function showSheet(share) {
  $("keys-sheet-ceremony").textContent = state.base_hash.slice(0, 16);
  $("keys-sheet-secret").textContent = share.match(/.{1,8}/g).join(" ");
  $("keys-sheet").hidden = false;
}

// The committee's list on this page follows the state as it is polled.
function renderCommittee() {
  for (const trustee of state.trustees) {
    const item = document.querySelector(`#keys-trustees li[data-index="${trustee.index}"]`);
    if (!item) continue;
    for (const badge of item.querySelectorAll(".badge[data-k]")) {
      badge.classList.toggle("ok", Boolean(trustee[badge.dataset.k]));
    }
  }
}

function render() {
  renderCommittee();
  const refused = $("keys-refused");
  if (refused) refused.hidden = !state.key_refused;
  // A share can be restored once the joint key exists, and is of use until the count.
  $("keys-restore").hidden = !state.public_key || state.counted || Boolean(state.complaint);
  const entry = load();
  const n = state.trustees.length;
  $("keys-sheet").hidden = true;
  if (state.complaint) { step("complained", { text: t("complained") }); return; }
  if (state.ceremony_open && state.key_refused) {
    // The stored record would only be refused again: the phone waits for the new ceremony
    // (its own trustee row, so a fresh entry here).
    step("refused", { text: t("refused") });
    poll();
    return;
  }
  if (state.ceremony_open && !state.published) {
    step("generate", {
      title: t("generate.title"), text: t("generate.text"), button: t("generate.button"),
      consequence: t("generate.consequence"), confirm: t("generate.confirm"),
      run: async () => {
        let current = load();
        if (!current.record) {
          // Stored before it is sent: a lost answer is sent again with the same record.
          const { secret, record } = trusteeStart(state.base_hash, index, state.threshold);
          current = { secret, record };
          save(current);
        }
        await post(device.dataset.publish, current.record);
      },
    });
    return;
  }
  if (state.ceremony_open && !state.public_key) {
    step("wait_publish", { text: t("wait_publish", { done: count("published"), n }) });
    poll();
    return;
  }
  if (state.ceremony_open && !state.shares_sent) {
    if (!entry.secret) { step("no_secret", { text: t("no_secret") }); return; }
    step("send", {
      title: t("send.title"), text: t("send.text"), button: t("send.button"),
      consequence: t("send.consequence"), confirm: t("send.confirm"),
      run: async () => {
        const current = load();
        if (!current.payloads) {
          current.payloads = sharesFor(state.base_hash, current.secret, state.records);
          save(current);
        }
        await post(device.dataset.shares, current.payloads);
      },
    });
    return;
  }
  if (state.ceremony_open && !state.confirmed) {
    if (state.shares.length < n - 1) {
      step("wait_shares", { text: t("wait_shares", { done: count("shares_sent"), n }) });
      poll();
      return;
    }
    if (!entry.share) {
      if (!entry.secret) { step("no_secret", { text: t("no_secret") }); return; }
      step("receive", {
        title: t("receive.title"), text: t("receive.text"), button: t("receive.button"),
        run: async () => {
          const current = load();
          try {
            current.share = receiveShares(state.base_hash, current.secret, state.shares, state.records);
          } catch (error) {
            if (error.sender) {
              await post(device.dataset.confirm, { complaint: error.sender, reason: error.message });
              throw new Error(t("complaint", { sender: error.sender, reason: error.message }));
            }
            throw error;
          }
          save(current);
        },
      });
      return;
    }
    showSheet(entry.share);
    step("sheet", {
      title: t("sheet.title"), text: t("sheet.text"), button: t("sheet.button"),
      consequence: t("sheet.consequence"), confirm: t("sheet.confirm"),
      run: async () => {
        await post(device.dataset.confirm, { ok: true });
        // The polynomial and the communication key are of no further use: only the
        // secret share stays on the device.
        const current = load();
        save({ share: current.share });
      },
    });
    return;
  }
  if (state.awaiting && !state.decrypted) {
    if (!entry.share) { step("done", { title: t("done.title"), text: t("done.missing") }); return; }
    step("decrypt", {
      title: t("decrypt.title"), text: t("decrypt.text"), button: t("decrypt.button"),
      consequence: t("decrypt.consequence"), confirm: t("decrypt.confirm"),
      run: async () => {
        const share = decryptionShare(state.extended_hash, index, load().share, state.records, state.aggregate);
        await post(device.dataset.decrypt, share);
      },
    });
    return;
  }
  if (state.awaiting) {
    step("decrypted", { text: t("decrypted", { done: count("decrypted"), k: state.threshold }) });
    poll();
    return;
  }
  if (state.counted) { step("counted", { text: t("counted") }); return; }
  if (state.confirmed) {
    step("done", { title: t("done.title"), text: entry.share ? t("done.here") : t("done.missing") });
    return;
  }
  step("closed", { text: t("closed") });
}

$("keys-print").addEventListener("click", () => window.print());

$("keys-restore-button").addEventListener("click", () => {
  const out = $("keys-restore-result");
  const value = $("keys-restore-input").value.toLowerCase().replace(/[^0-9a-f]/g, "");
  if (!state || !state.public_key) { out.textContent = t("restore.early"); return; }
  try {
    // With no ciphertext to decrypt, decryptionShare only checks s·G against this
    // trustee's public share S_l (protocol §3): the sheet's code is the right one.
    decryptionShare(state.extended_hash, index, value, state.records, []);
  } catch {
    out.textContent = t("restore.bad", { index });
    return;
  }
  const entry = load();
  entry.share = value;
  save(entry);
  out.textContent = t("restore.ok");
  render();
});

refresh().catch((error) => showError(error.message));
