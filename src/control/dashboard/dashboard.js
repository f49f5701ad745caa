"use strict";
// The dashboard's script: every call goes to the control plane with the chosen tenant and the
// control token; the journal is read as a live tail (server-sent events read through fetch, so
// the headers can be sent); outbox, notifications, state and fault rules are read again after each new journal
// entry (every SMS and every change of state comes from a vendor call) and every 10 s. The vendors,
// their tabs and filter choices come from `GET /_emulator/vendors`, the emulator's registry.

const $ = id => document.getElementById(id);
const esc = value => String(value ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c]));
// [name, title] of every vendor, in the registry's order; filled by loadVendors().
let VENDORS = [];
const KEPT_ENTRIES = 500;

const store = {
  get tenant() { return localStorage.getItem("emulator.tenant") || "default"; },
  set tenant(name) { localStorage.setItem("emulator.tenant", name); },
  // The token lives as long as the browser tab: typed once, not left on the machine.
  get token() { return sessionStorage.getItem("emulator.token") || ""; },
  set token(value) { sessionStorage.setItem("emulator.token", value); },
  get tab() { return localStorage.getItem("emulator.tab") || ""; },
  set tab(name) { localStorage.setItem("emulator.tab", name); },
};

// Opened as /_t/{tenant}/_emulator/ui, the page starts on that tenant, and its address follows the
// tenant chosen, so it can be bookmarked or sent to a colleague.
const PATH_TENANT = /^\/_t\/([^/]+)\/_emulator\//.exec(location.pathname);
if (PATH_TENANT) store.tenant = decodeURIComponent(PATH_TENANT[1]);

function headers(extra = {}) {
  const result = { "X-Emulator-Tenant": store.tenant, ...extra };
  if (store.token) result.Authorization = "Bearer " + store.token;
  return result;
}

function say(text, ok = false) {
  $("status").textContent = text;
  $("status").className = ok ? "ok" : "";
}

async function call(method, path, body) {
  const init = { method, headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch("/_emulator" + path, init);
  const json = await response.json().catch(() => ({}));
  if (response.status === 401) {
    $("token").focus();
    throw new Error("the control token is needed (type it above)");
  }
  if (!response.ok) throw new Error(json.error || ("HTTP " + response.status));
  return json;
}

async function act(work) {
  try { await work(); say("done", true); } catch (e) { say(e.message); }
}

// ---- tenants -------------------------------------------------------------------------------

async function loadTenants() {
  const { tenants } = await call("GET", "/tenants");
  const names = new Set(tenants);
  names.add(store.tenant);
  const select = $("tenant");
  select.innerHTML = [...names].sort().map(n => `<option${n === store.tenant ? " selected" : ""}>${esc(n)}</option>`).join("");
}

function switchTenant(name) {
  store.tenant = name;
  if (PATH_TENANT) history.replaceState(null, "", "/_t/" + encodeURIComponent(name) + "/_emulator/ui");
  journal.restart();
  refreshAll();
}

// ---- outbox --------------------------------------------------------------------------------

function renderOutbox(messages) {
  const items = messages.slice().reverse().map(m => `<li>
      <button class="code" data-copy="${esc(m.code)}" title="copy the code">${esc(m.code ?? "—")}</button>
      <span class="meta">${esc(vendorLabel(m.vendor))} · ${esc(m.phone)} · ${esc(shortTime(m.created_at))}</span>
      <span class="text">${esc(m.text)}</span></li>`);
  $("outbox").innerHTML = items.join("") || `<li class="empty">no SMS sent yet</li>`;
}

async function copy(button) {
  const text = button.dataset.copy;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Outside a secure context (a plain-HTTP host other than localhost) there is no clipboard API.
    const area = document.createElement("textarea");
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  button.classList.add("copied");
  say("copied " + text, true);
  setTimeout(() => button.classList.remove("copied"), 1200);
}

// ---- notifications (deliveries) ------------------------------------------------------------

function renderDeliveries(list) {
  const rows = list.slice().reverse().map(d => {
    const last = d.attempts[d.attempts.length - 1];
    const tried = last ? `${esc(last.status ?? "—")} ${esc(last.error ?? "")} · ${esc(last.url)}` : "—";
    return `<tr class="delivery ${esc(d.state)}"><td class="mono">${esc(d.type)}</td><td>${esc(d.state)}</td>
      <td>${esc(d.attempts.length)}</td><td class="mono">${tried}</td>
      <td><button data-redeliver="${esc(d.id)}" title="send it again">again</button></td></tr>`;
  });
  $("deliveries").tBodies[0].innerHTML = rows.join("") || `<tr><td colspan="5" class="empty">nothing sent yet</td></tr>`;
}

// ---- journal -------------------------------------------------------------------------------

const journal = {
  entries: [],
  expanded: new Set(),
  lastId: null,
  controller: null,

  restart() {
    this.entries = [];
    this.expanded.clear();
    this.lastId = null;
    this.render();
    this.connect();
  },

  async connect() {
    if (this.controller) this.controller.abort();
    const controller = new AbortController();
    this.controller = controller;
    const extra = this.lastId === null ? {} : { "Last-Event-ID": String(this.lastId) };
    try {
      const response = await fetch("/_emulator/journal/stream?backlog=200", { headers: headers(extra), signal: controller.signal });
      if (response.status === 401) {
        // No retry until a token is typed (which restarts the tail).
        say("the control token is needed (type it above)");
        $("journal-live").textContent = "needs the control token";
        return;
      }
      if (!response.ok || !response.body) throw new Error("journal stream: HTTP " + response.status);
      this.live(true);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          this.onBlock(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (e) {
      if (controller.signal.aborted) return;
      say(e.message);
    }
    if (controller.signal.aborted) return;
    this.live(false);
    setTimeout(() => { if (this.controller === controller) this.connect(); }, 1000);
  },

  live(on) {
    $("journal-live").textContent = on ? "● live" : "reconnecting…";
    $("journal-live").className = "live" + (on ? " on" : "");
  },

  onBlock(block) {
    let event = "message", data = "";
    for (const line of block.split("\n")) {
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data += line.slice(5).replace(/^ /, "");
    }
    if (event === "lagged") { say("the journal tail fell behind: " + data); return; }
    // A try at sending a notification comes as its own event type, shown as an entry.
    if (event !== "entry" && event !== "delivery") return;
    const entry = JSON.parse(data);
    this.lastId = entry.id;
    this.entries.push(entry);
    if (this.entries.length > KEPT_ENTRIES) this.expanded.delete(this.entries.shift().id);
    if (this.matches(entry)) $("journal").tBodies[0].insertAdjacentHTML("afterbegin", this.row(entry));
    scheduleRefresh();
  },

  matches(entry) {
    const vendor = $("filter-vendor").value, status = $("filter-status").value, path = $("filter-path").value.trim();
    const first = String(entry.status)[0];
    return (!vendor || entry.vendor === vendor)
      && (!status || (status === "err" ? entry.status >= 400 : first === status))
      && (!path || entry.path.includes(path));
  },

  row(e) {
    const query = e.query ? "?" + e.query : "";
    const row = `<tr class="entry s${String(e.status)[0]}" data-id="${e.id}">
      <td class="mono nowrap" title="${esc(e.at)}">${esc(clockTime(e.at))}</td><td class="nowrap">${esc(vendorLabel(e.vendor))}</td>
      <td class="mono">${esc(e.method)} ${esc(e.path)}${esc(query)}</td><td class="st">${esc(e.status)}</td>
      <td>${esc(Number(e.duration_ms).toFixed(1))}</td></tr>`;
    return this.expanded.has(e.id) ? row + this.detail(e) : row;
  },

  detail(entry) {
    return `<tr class="detail"><td colspan="5">
      <div class="muted">request${entry.query ? " · query " + esc(entry.query) : ""}</div><pre>${esc(pretty(entry.request_body) || "(no body)")}</pre>
      <div class="muted">response ${esc(entry.status)}</div><pre>${esc(pretty(entry.response_body) || "(no body)")}</pre></td></tr>`;
  },

  render() {
    $("journal").tBodies[0].innerHTML = this.entries.filter(e => this.matches(e)).reverse().map(e => this.row(e)).join("");
  },

  // Expanded rows stay expanded when the filters change.
  toggle(row) {
    const entry = this.entries.find(e => String(e.id) === row.dataset.id);
    if (!entry) return;
    const next = row.nextElementSibling;
    if (this.expanded.delete(entry.id)) {
      if (next && next.classList.contains("detail")) next.remove();
      return;
    }
    this.expanded.add(entry.id);
    row.insertAdjacentHTML("afterend", this.detail(entry));
  },
};

function pretty(body) {
  if (!body) return "";
  try { return JSON.stringify(JSON.parse(body), null, 2); } catch { return body; }
}

// ---- clock ---------------------------------------------------------------------------------

const clock = { now: null, fetchedAt: 0, frozen: false };

function renderClock(state) {
  clock.now = Date.parse(state.now);
  clock.fetchedAt = Date.now();
  clock.frozen = state.frozen;
  $("freeze").textContent = state.frozen ? "unfreeze" : "freeze";
  $("clock-frozen").textContent = state.frozen ? "frozen" : "running";
  const offset = state.offset_seconds;
  $("clock-offset").textContent = offset ? `${formatSeconds(offset)} ahead of real time` : "real time";
  tick();
}

function tick() {
  if (clock.now === null) return;
  const shown = clock.frozen ? clock.now : clock.now + (Date.now() - clock.fetchedAt);
  $("clock-now").textContent = new Date(shown).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

function formatSeconds(total) {
  const days = Math.floor(total / 86400), hours = Math.floor(total % 86400 / 3600);
  const minutes = Math.floor(total % 3600 / 60), seconds = total % 60;
  return [[days, "d"], [hours, "h"], [minutes, "min"], [seconds, "s"]].filter(([n]) => n).map(([n, u]) => n + " " + u).join(" ");
}

async function changeClock(change) {
  renderClock(await call("POST", "/clock", change));
}

// ---- faults --------------------------------------------------------------------------------

function renderFaults(faults) {
  $("faults").tBodies[0].innerHTML = faults.map(f => `<tr>
    <td>${esc(f.vendor ? vendorLabel(f.vendor) : "any")}</td><td>${esc(f.method ?? "any")}</td><td class="mono">${esc(f.path ?? "**")}</td>
    <td>${esc(f.status ?? "")}</td><td>${esc(f.delay_ms ?? "")}</td><td>${esc(f.probability)}</td><td>${esc(f.times ?? "∞")}</td>
    <td><button data-fault="${esc(f.id)}" title="delete this rule">delete</button></td></tr>`).join("")
    || `<tr><td colspan="8" class="empty">no fault rules</td></tr>`;
}

function faultFromForm(form) {
  const rule = {};
  for (const [name, raw] of new FormData(form)) {
    const value = String(raw).trim();
    if (!value) continue;
    if (["status", "delay_ms", "times", "probability"].includes(name)) rule[name] = Number(value);
    else if (name === "body") { try { rule.body = JSON.parse(value); } catch { rule.body = value; } }
    else rule[name] = value;
  }
  return rule;
}

// ---- state ---------------------------------------------------------------------------------

function table(head, rows) {
  if (!rows.length) return `<div class="empty">none</div>`;
  return `<div class="table-wrap"><table><thead><tr>${head.map(h => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>`
    + rows.map(r => `<tr>${r.map(cell => `<td>${cell}</td>`).join("")}</tr>`).join("") + `</tbody></table></div>`;
}
const yes = (flag, text = "yes") => flag ? `<span class="yes">${esc(text)}</span>` : `<span class="no">no</span>`;
const badges = list => (list || []).map(x => `<span class="badge">${esc(x)}</span>`).join("") || `<span class="no">—</span>`;
const mono = value => `<span class="mono">${esc(value ?? "—")}</span>`;
const when = at => at ? `<span class="yes">${esc(shortTime(at))}</span>` : `<span class="no">no</span>`;

// What is left to give back of a LIFE POS payment, by card and in cash, after its refunds.
const refundable = payment => {
  const back = (payment.refunds || []).reduce((sum, r) => ({ card: sum.card + (r.by_card || 0), cash: sum.cash + (r.by_cash || 0) }),
    { card: 0, cash: 0 });
  return { by_card: (payment.by_card || 0) - back.card, by_cash: (payment.by_cash || 0) - back.cash };
};
// The till's buttons for a sale: pay an unpaid one, or give back what is left of each payment.
const tillButtons = sale => {
  if (sale.payment_status === "NotPaid") {
    if (sale.state === "Cancelled") return "";
    const sum = esc((sale.total_sum || {}).value ?? 0);
    return `<button data-pay="${esc(sale.guid)}" data-by="by_card" data-sum="${sum}">paid by card</button>
      <button data-pay="${esc(sale.guid)}" data-by="by_cash" data-sum="${sum}">paid in cash</button>`;
  }
  return (sale.payments || []).map(payment => {
    const left = refundable(payment);
    return left.by_card + left.by_cash > 0
      ? `<button data-refund="${esc(payment.guid)}" data-card="${esc(left.by_card)}" data-cash="${esc(left.by_cash)}">refund ${esc((left.by_card + left.by_cash) / 100)}</button>`
      : "";
  }).join(" ");
};

const STATE_VIEWS = {
  lifepos(section) {
    return (section.organizations || []).map(org => {
      const employees = new Map((org.employees || []).map(e => [e.guid, e.name]));
      const outlets = new Map((org.outlets || []).map(o => [o.guid, o.name]));
      return `<h3>${esc(org.name)} <span class="muted mono">${esc(org.guid)}</span></h3>
        <h4>Workplaces</h4>${table(["number", "name", "type", "activation code", "activated", "archived", "employee", "outlet"],
          (org.workplaces || []).map(w => [esc(w.number), esc(w.name), esc(w.workplace_type),
            `<b class="mono">${esc(w.activation_code ?? "—")}</b>`, when(w.activated_at), when(w.deleted_at),
            esc(employees.get(w.employee) ?? w.employee ?? "—"), esc(outlets.get(w.outlet) ?? w.outlet ?? "—")]))}
        <h4>Employees</h4>${table(["name", "username", "phone", "role"],
          (org.employees || []).map(e => [esc(e.name), mono(e.username), mono(e.phone), esc(e.role)]))}
        <h4>Outlets</h4>${table(["name", "address"], (org.outlets || []).map(o => [esc(o.name), esc(o.address)]))}
        <h4>Sales</h4>${table(["number", "state", "payment", "total", "till"],
          (org.sales || []).map(s => [mono(s.number), esc(s.state), esc(s.payment_status), esc(((s.total_sum || {}).value ?? 0) / 100),
            tillButtons(s)]))}
        <h4>Fiscal registrars</h4>${table(["name", "documents", "shift"],
          (org.fiscal_registrars || []).map(r => [esc(r.name), esc((r.docs || []).length),
            `<button data-shift="${esc(r.guid)}" data-action="open">open</button> <button data-shift="${esc(r.guid)}" data-action="close">close</button>`]))}
        <h4>API keys</h4>${badges(org.api_keys)}`;
    }).join("") || `<div class="empty">no organizations</div>`;
  },
  sup(section) {
    const cards = section.cards || [];
    const names = new Map((section.employees || []).map(e => [e.idEmployee, [e.surname, e.name].filter(Boolean).join(" ")]));
    return `<h3>Employees</h3>${table(["custom id", "name", "phone", "email", "status", "cards"],
        (section.employees || []).map(e => [mono(e.customId), esc([e.surname, e.name, e.patronymic].filter(Boolean).join(" ")),
          mono(e.phone), esc(e.email), `<b>${esc(e.status)}</b>`,
          badges(cards.filter(c => c.idEmployee === e.idEmployee).map(c => `${c.customIdCard} · ${c.statusCard ?? "—"}`))]))}
      <h3>Cards</h3>${table(["number", "type", "employee", "status", "available", "valid until", "balance"],
        cards.map(c => [mono(c.customIdCard), esc(c.type), esc(c.idEmployee ? names.get(c.idEmployee) ?? c.idEmployee : "—"),
          esc(c.statusCard ?? "—"), yes(c.available), esc(c.validUntil), esc(c.balance)]))}
      <h3>API clients</h3>${table(["login", "encrypted bodies"], (section.clients || []).map(c => [mono(c.login), yes(c.encryption_key)]))}`;
  },
  edin(section) {
    const companies = new Map((section.companies || []).map(c => [c.gln, c.name]));
    const access = type => ({ 1: "everyone", 2: "restricted" }[type] ?? String(type));
    return `<h3>Companies</h3>${table(["GLN", "name", "ЄДРПОУ", "network"],
        (section.companies || []).map(c => [mono(c.gln), esc(c.name), mono(c.edrpou),
          c.is_network ? "is a network" : c.network_gln ? "in " + mono(c.network_gln) : `<span class="no">—</span>`]))}
      <h3>Certificates</h3>${table(["id", "number", "owner", "access", "granted to", "valid", "files"],
        (section.certificates || []).map(c => [mono(c.cert_id), mono(c.number), esc(companies.get(c.owner_gln) ?? c.owner_gln),
          `<b>${esc(access(c.access_type))}</b>`,
          badges([...(c.granted_glns || []).map(g => companies.get(g) ?? g), ...(c.granted_networks || []).map(n => "network " + n)]),
          esc([c.starts_on, c.ends_on].filter(Boolean).join(" – ")), esc((c.files || []).length)]))}
      <h3>Users</h3>${table(["login", "company"], (section.users || []).map(u => [mono(u.login), esc(companies.get(u.gln) ?? u.gln)]))}`;
  },
  cloudtips(section) {
    const places = new Map((section.places || []).map(p => [p.id, p.name]));
    const layoutStatus = code => ["None", "Confirmed", "WaitingForConfirmation", "Declined"][code] ?? String(code);
    return `<h3>Places</h3>${table(["id", "name", "partner", "type"],
        (section.places || []).map(p => [mono(p.id), esc(p.name), esc(p.partner ?? "—"), esc(p.placeType)]))}
      <h3>Receivers</h3>${table(["name", "phone", "confirmed", "email", "partner", "places", "layouts"],
        (section.receivers || []).map(r => [esc(r.name), mono(r.phoneNumber), yes(r.phoneNumberConfirmed), esc(r.email ?? "—"),
          esc(r.partner ?? "—"), badges((r.places || []).map(p => places.get(p) ?? p)),
          badges((r.layouts || []).map(l => `${places.get(l.placeId) ?? l.placeId ?? "—"}: ${layoutStatus(l.status)}`))]))}
      <h3>Partners</h3>${table(["username", "client id"], (section.partners || []).map(p => [mono(p.username), mono(p.client_id)]))}`;
  },
};
// Sections each view above already shows; any other list (a new entity) is shown as a plain table.
const SHOWN = { lifepos: ["organizations"], sup: ["employees", "cards", "clients"], edin: ["companies", "certificates", "users"], cloudtips: ["places", "receivers", "partners"] };

function genericTables(vendor, section) {
  return Object.entries(section).filter(([name, list]) => Array.isArray(list) && !(SHOWN[vendor] || []).includes(name)).map(([name, list]) => {
    const columns = [...new Set(list.flatMap(item => Object.keys(item).filter(k => typeof item[k] !== "object" || item[k] === null)))];
    return `<h3>${esc(name)}</h3>` + table(columns, list.map(item => columns.map(k => esc(item[k] ?? "—"))));
  }).join("");
}

let lastState = {};
function renderState(state) {
  lastState = state;
  const tabs = [...VENDORS, ["raw", "raw JSON"]];
  if (!tabs.some(([name]) => name === store.tab)) store.tab = tabs[0][0];
  $("vendor-tabs").innerHTML = tabs.map(([name, label]) =>
    `<button role="tab" data-tab="${esc(name)}" aria-selected="${name === store.tab}">${esc(label)}</button>`).join("");
  const section = state[store.tab] || {};
  $("state").innerHTML = store.tab === "raw"
    ? `<pre>${esc(JSON.stringify(state, null, 2))}</pre>`
    : (STATE_VIEWS[store.tab] || (() => ""))(section) + genericTables(store.tab, section);
}

// ---- refreshing ----------------------------------------------------------------------------

function vendorLabel(name) { return (VENDORS.find(([n]) => n === name) || [name, name])[1]; }
function clockTime(at) { return at ? String(at).replace(/^.*T/, "").replace(/Z$/, "") : ""; }
function shortTime(at) { return at ? String(at).replace("T", " ").replace(/\.\d+Z$|Z$/, "") : ""; }

async function refreshAll() {
  try {
    const [clockState, faults, outbox, state, deliveries] = await Promise.all([
      call("GET", "/clock"), call("GET", "/faults"), call("GET", "/outbox"), call("GET", "/state"),
      call("GET", "/deliveries?limit=1000"), loadTenants()]);
    renderClock(clockState);
    renderFaults(faults.faults);
    renderOutbox(outbox.messages);
    renderDeliveries(deliveries.deliveries);
    renderState(state);
    // Clears an error shown before; a confirmation ("copied …", "done") stays.
    if ($("status").className !== "ok") say("");
  } catch (e) { say(e.message); }
}

// What a vendor call can change: the outbox, the state, the fault rules' remaining times.
let pending = null;
function scheduleRefresh() {
  if (pending) return;
  pending = setTimeout(async () => {
    pending = null;
    try {
      const [faults, outbox, state, deliveries] = await Promise.all([call("GET", "/faults"), call("GET", "/outbox"),
        call("GET", "/state"), call("GET", "/deliveries?limit=1000")]);
      renderFaults(faults.faults);
      renderOutbox(outbox.messages);
      renderDeliveries(deliveries.deliveries);
      renderState(state);
    } catch (e) { say(e.message); }
  }, 200);
}

// ---- wiring --------------------------------------------------------------------------------

// The vendors the emulator serves, as its registry lists them (a call that needs no token), as
// the journal filter's and the fault form's choices; the state tabs follow them.
async function loadVendors() {
  const { vendors } = await call("GET", "/vendors");
  VENDORS = vendors.map(v => [v.name, v.title]);
  for (const [name, label] of VENDORS) {
    for (const select of [$("filter-vendor"), document.querySelector("#fault-form [name=vendor]")]) {
      select.insertAdjacentHTML("beforeend", `<option value="${esc(name)}">${esc(label)}</option>`);
    }
  }
}

function wire() {
  $("token").value = store.token;
  $("tenant").onchange = e => switchTenant(e.target.value);
  $("new-tenant-form").onsubmit = e => {
    e.preventDefault();
    const name = $("new-tenant").value.trim();
    if (name) { $("new-tenant").value = ""; switchTenant(name); }
  };
  $("token-form").onsubmit = e => { e.preventDefault(); store.token = $("token").value; journal.restart(); refreshAll(); };
  $("reset").onclick = () => { $("reset-name").textContent = store.tenant; $("reset-dialog").showModal(); };
  $("reset-dialog").onclose = () => {
    if ($("reset-dialog").returnValue !== "reset") return;
    act(async () => { await call("POST", "/reset"); journal.restart(); await refreshAll(); });
  };
  $("clear-outbox").onclick = () => act(async () => renderOutbox((await call("DELETE", "/outbox")).messages));
  $("clear-journal").onclick = () => act(async () => { await call("DELETE", "/journal"); journal.entries = []; journal.render(); });
  $("clear-faults").onclick = () => act(async () => renderFaults((await call("DELETE", "/faults")).faults));
  $("freeze").onclick = () => act(() => changeClock({ freeze: !clock.frozen }));
  $("advance-form").onsubmit = e => {
    e.preventDefault();
    const seconds = Math.round(Number($("advance-amount").value) * Number($("advance-unit").value));
    act(() => changeClock({ advance_seconds: seconds }));
  };
  $("set-form").onsubmit = e => { e.preventDefault(); act(() => changeClock({ set: $("set-at").value.trim() })); };
  $("fault-form").onsubmit = e => {
    e.preventDefault();
    const form = e.target;
    act(async () => { await call("POST", "/faults", faultFromForm(form)); form.reset(); renderFaults((await call("GET", "/faults")).faults); });
  };
  $("journal-filters").oninput = () => journal.render();
  $("journal-filters").onsubmit = e => e.preventDefault();
  document.addEventListener("click", e => {
    const target = e.target.closest("button, tr.entry");
    if (!target) return;
    if (target.dataset.copy) copy(target);
    else if (target.dataset.advance) act(() => changeClock({ advance_seconds: Number(target.dataset.advance) }));
    else if (target.dataset.fault) act(async () => { await call("DELETE", "/faults/" + encodeURIComponent(target.dataset.fault)); renderFaults((await call("GET", "/faults")).faults); });
    else if (target.dataset.tab) { store.tab = target.dataset.tab; renderState(lastState); }
    else if (target.dataset.redeliver) act(async () => { await call("POST", `/deliveries/${encodeURIComponent(target.dataset.redeliver)}/redeliver`); scheduleRefresh(); });
    // The LIFE POS till: a sale paid in full, a payment given back, a registrar's shift opened or closed.
    else if (target.dataset.pay) act(async () => { await call("POST", `/lifepos/sales/${encodeURIComponent(target.dataset.pay)}/payments`, { [target.dataset.by]: Number(target.dataset.sum) }); scheduleRefresh(); });
    else if (target.dataset.refund) act(async () => { await call("POST", `/lifepos/payments/${encodeURIComponent(target.dataset.refund)}/refunds`, { by_card: Number(target.dataset.card), by_cash: Number(target.dataset.cash) }); scheduleRefresh(); });
    else if (target.dataset.shift) act(async () => { await call("POST", `/lifepos/fiscal-registrars/${encodeURIComponent(target.dataset.shift)}/shift`, { action: target.dataset.action }); scheduleRefresh(); });
    else if (target.matches("tr.entry")) journal.toggle(target);
  });
  setInterval(tick, 1000);
  setInterval(refreshAll, 10000);
}

wire();
loadVendors().catch(e => say(e.message)).finally(() => { refreshAll(); journal.connect(); });
