/* The door list that survives a bad signal. The list is kept on this device (localStorage); each tap gets its own
   id here and waits in a queue until the server has it, so a tap sent twice is stored once. Our own code, no
   framework. */
(function () {
  "use strict";
  const root = document.getElementById("door");
  if (!root) return;
  const KEY = root.dataset.key;
  const csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  const els = {
    count: document.getElementById("door-count"),
    status: document.getElementById("door-status"),
    list: document.getElementById("door-list"),
    empty: document.getElementById("door-empty"),
    search: document.getElementById("door-search"),
    sync: document.getElementById("door-sync"),
    walkIn: document.getElementById("door-walk-in"),
    walkInName: document.getElementById("door-walk-in-name"),
    conflicts: document.getElementById("door-conflicts"),
    conflictList: document.getElementById("door-conflict-list"),
  };
  let confirming = null;  // the key of the holder whose check-in is about to be undone
  let syncing = false;

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || null; } catch (e) { return null; }
  }
  const state = load() || { holders: [], queue: [], walkIns: [], conflicts: [] };
  function save() { localStorage.setItem(KEY, JSON.stringify(state)); }

  function keyOf(h) { return h.walkIn ? "w:" + h.walkIn : "h:" + h.id; }
  function pending() { return state.queue.length + state.walkIns.length; }

  function counter() {
    const inside = state.holders.filter((h) => h.in).length;
    els.count.textContent = `${inside} of ${state.holders.length} in`;
  }

  function say(text) { els.status.textContent = text; }

  function statusLine() {
    const waiting = state.queue.length;  // a walk-in always comes with its check-in
    if (!navigator.onLine) say(waiting ? `No signal: ${waiting} waiting on this phone, sent when the signal is back.` : "No signal: working from the list on this phone.");
    else if (pending()) say(`${waiting} waiting to be sent…`);
    else say("All check-ins sent.");
  }

  function button(text, cls, label, onClick) {
    const b = document.createElement("button");
    b.type = "button"; b.className = cls; b.textContent = text;
    if (label) b.setAttribute("aria-label", label);
    b.addEventListener("click", onClick);
    return b;
  }

  function render() {
    counter();
    statusLine();
    const q = els.search.value.trim().toLowerCase();
    els.list.replaceChildren();
    let shown = 0;
    for (const h of state.holders) {
      if (q && !(h.name.toLowerCase().includes(q) || (h.ref || "").toLowerCase().includes(q))) continue;
      shown += 1;
      const li = document.createElement("li");
      li.className = "list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2 btb-door-row" + (h.in ? " btb-door-in" : "");
      const who = document.createElement("div");
      who.className = "btb-door-who";
      const name = document.createElement("span");
      name.className = "fw-semibold d-block"; name.textContent = h.name;
      const detail = document.createElement("span");
      detail.className = "small text-body-secondary";
      detail.textContent = [h.type, h.ref].filter(Boolean).join(" · ") + (h.waiting ? " · waiting to be sent" : "");
      who.append(name, detail);
      const actions = document.createElement("div");
      actions.className = "d-flex flex-wrap gap-2";
      const k = keyOf(h);
      if (confirming === k) {
        const ask = document.createElement("span");
        ask.className = "align-self-center"; ask.textContent = `Undo ${h.name}'s check-in?`;
        actions.append(ask,
          button("Yes, undo", "btn btn-danger btn-lg", `Yes, undo the check-in of ${h.name}`, () => { confirming = null; tap(h, false); }),
          button("Keep", "btn btn-outline-secondary btn-lg", `Keep ${h.name} checked in`, () => { confirming = null; render(); }));
      } else if (h.in) {
        actions.append(button("✓ In", "btn btn-success btn-lg btb-door-button", `${h.name} is in: undo the check-in`, () => { confirming = k; render(); }));
      } else {
        actions.append(button("Check in", "btn btn-outline-primary btn-lg btb-door-button", `Check in ${h.name}`, () => tap(h, true)));
      }
      li.append(who, actions);
      els.list.append(li);
    }
    els.empty.classList.toggle("d-none", shown > 0 || state.holders.length === 0);
    els.conflicts.classList.toggle("d-none", state.conflicts.length === 0);
    els.conflictList.replaceChildren(...state.conflicts.map((text) => { const li = document.createElement("li"); li.textContent = text; return li; }));
  }

  function tap(h, checkIn) {
    const item = { id: newId(), in: checkIn, at: new Date().toISOString() };
    if (h.walkIn) item.walk_in = h.walkIn; else item.holder = h.id;
    state.queue.push(item);
    h.in = checkIn; h.waiting = true;
    save(); render(); sync();
  }

  function merge(server) {
    // The server's list, with what this phone has not yet sent laid over it.
    const unsent = new Set(state.walkIns.map((w) => w.id));
    const mine = new Map(state.holders.filter((h) => h.walkIn && unsent.has(h.walkIn)).map((h) => [h.walkIn, h]));
    const byId = new Map(server.holders.map((h) => [h.id, h]));
    for (const item of state.queue) {
      const h = item.walk_in ? mine.get(item.walk_in) : byId.get(item.holder);
      if (h) { h.in = item.in; h.waiting = true; }
    }
    state.holders = server.holders.concat([...mine.values()]).sort((a, b) => a.name.localeCompare(b.name));
  }

  async function refresh() {
    if (!navigator.onLine) { render(); return; }  // no signal: the list on this phone stands
    try {
      const response = await fetch(root.dataset.dataUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(response.status);
      merge(await response.json());
      save();
    } catch (e) { /* no signal: the list on this phone stands */ }
    render();
  }

  async function sync() {
    if (syncing || !pending() || !navigator.onLine) { statusLine(); return; }
    syncing = true;
    const body = { taps: state.queue.slice(0, 400), walk_ins: state.walkIns.slice(0, 100) };
    try {
      const response = await fetch(root.dataset.syncUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
        body: JSON.stringify(body),
      });
      const answer = await response.json();
      if (!response.ok) { say(answer.error || "The server refused the check-ins."); return; }
      const done = new Set(answer.results.map((r) => r.id));
      for (const r of answer.results) if (r.status === "conflict" && r.message) state.conflicts.push(r.message);
      state.queue = state.queue.filter((t) => !done.has(t.id));
      state.walkIns = state.walkIns.filter((w) => !done.has(w.id));
      save();
      await refresh();
    } catch (e) {
      statusLine();  // no signal: try again when it is back
    } finally {
      syncing = false;
    }
  }

  els.search.addEventListener("input", render);
  els.sync.addEventListener("click", () => { sync(); refresh(); });
  els.walkIn.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = els.walkInName.value.trim();
    if (!name) { els.walkInName.focus(); return; }
    const id = newId(), at = new Date().toISOString();
    state.walkIns.push({ id, name, at });
    const h = { walkIn: id, name, type: "Walk-in", ref: "", in: false };
    state.holders.push(h);
    state.holders.sort((a, b) => a.name.localeCompare(b.name));
    els.walkInName.value = "";
    tap(h, true);
  });
  window.addEventListener("online", sync);
  window.addEventListener("offline", statusLine);
  setInterval(sync, 10000);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(root.dataset.workerUrl, { scope: root.dataset.scope }).catch(() => {});
  }
  render();
  refresh().then(sync);
})();
