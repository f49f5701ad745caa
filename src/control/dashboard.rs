//! `GET /_emulator/ui`: the dashboard — clock, outbox, journal, fault rules and state of a tenant —
//! as one page with its script and styles inline. The page itself shows nothing until its script
//! calls the control plane, with the tenant and (when one is configured) the control token typed
//! into it, so it needs no token to load.

use axum::response::Html;

pub async fn dashboard() -> Html<&'static str> {
    Html(PAGE)
}

const PAGE: &str = r##"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>vendor-emulator dashboard</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
  header { background: #1d2330; color: #fff; padding: 10px 24px; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
  header h1 { margin: 0; font-size: 18px; margin-right: 12px; }
  header input { padding: 4px 8px; border-radius: 4px; border: 0; }
  main { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; padding: 16px 24px; }
  section { background: #fff; border: 1px solid #d5d9e0; border-radius: 6px; padding: 10px 14px; overflow: auto; max-height: 480px; }
  section.wide { grid-column: 1 / 3; }
  h2 { font-size: 15px; margin: 0 0 8px; display: flex; gap: 8px; align-items: center; }
  h2 span { flex: 1; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; }
  td, th { border-bottom: 1px solid #e9ecf1; padding: 3px 6px; text-align: left; vertical-align: top; }
  td.body { font-family: ui-monospace, monospace; font-size: 12px; max-width: 420px; word-break: break-all; }
  pre { background: #f0f2f5; padding: 8px; border-radius: 4px; margin: 0; font-size: 12px; }
  button { cursor: pointer; padding: 3px 10px; border: 1px solid #c5cad3; background: #fff; border-radius: 4px; }
  .error { color: #b00020; }
  .s2 { color: #0a7d38; } .s4 { color: #8a5a00; } .s5 { color: #b00020; }
  textarea { width: 100%; font-family: ui-monospace, monospace; font-size: 12px; }
</style>
</head>
<body>
<header>
  <h1>vendor-emulator</h1>
  <label>tenant <input id="tenant" value="default" size="14"></label>
  <label>control token <input id="token" type="password" size="14" placeholder="(none)"></label>
  <button id="refresh">refresh</button>
  <button id="reset">reset tenant</button>
  <a href="/_emulator/docs" style="color:#9fd1ff">API docs</a>
  <span id="status" class="error"></span>
</header>
<main>
  <section><h2><span>Clock</span>
    <button data-clock='{"advance_seconds":60}'>+1 min</button>
    <button data-clock='{"advance_seconds":3600}'>+1 h</button>
    <button data-clock='{"advance_seconds":86400}'>+1 day</button>
    <button id="freeze">freeze / thaw</button></h2>
    <pre id="clock"></pre></section>
  <section><h2><span>Fault rules</span><button id="clear-faults">remove all</button></h2>
    <table id="faults"></table>
    <textarea id="fault-rule" rows="2">{"vendor":"lifepos","path":"/v5/**","status":503,"times":1}</textarea>
    <button id="add-fault">add rule</button></section>
  <section class="wide"><h2><span>Outbox</span><button id="clear-outbox">empty</button></h2><table id="outbox"></table></section>
  <section class="wide"><h2><span>Journal (newest first)</span><button id="clear-journal">empty</button></h2><table id="journal"></table></section>
  <section class="wide"><h2><span>State</span></h2><pre id="state"></pre></section>
</main>
<script>
const $ = id => document.getElementById(id);
const esc = s => String(s ?? "").replace(/[&<>"]/g, c => ({"&":"&amp;","<":"&lt;",">":"&gt;","\"":"&quot;"}[c]));
$("tenant").value = localStorage.getItem("tenant") || "default";
$("token").value = localStorage.getItem("token") || "";
async function call(method, path, body) {
  const headers = { "X-Emulator-Tenant": $("tenant").value };
  if ($("token").value) headers["Authorization"] = "Bearer " + $("token").value;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch("/_emulator" + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(json.error || response.status);
  return json;
}
function rows(table, head, items) {
  $(table).innerHTML = "<tr>" + head.map(h => `<th>${esc(h)}</th>`).join("") + "</tr>" + items.join("");
}
let frozen = false;
async function refresh() {
  localStorage.setItem("tenant", $("tenant").value);
  localStorage.setItem("token", $("token").value);
  try {
    const [clock, faults, outbox, journal, state] = await Promise.all([
      call("GET", "/clock"), call("GET", "/faults"), call("GET", "/outbox"), call("GET", "/journal?limit=100"), call("GET", "/state")]);
    frozen = clock.frozen;
    $("clock").textContent = JSON.stringify(clock, null, 2);
    rows("faults", ["rule", ""], faults.faults.map(f =>
      `<tr><td class="body">${esc(JSON.stringify(f))}</td><td><button data-fault="${esc(f.id)}">remove</button></td></tr>`));
    rows("outbox", ["at", "vendor", "phone", "code", "text"], outbox.messages.slice().reverse().map(m =>
      `<tr><td>${esc(m.created_at)}</td><td>${esc(m.vendor)}</td><td>${esc(m.phone)}</td><td><b>${esc(m.code)}</b></td><td>${esc(m.text)}</td></tr>`));
    rows("journal", ["at", "vendor", "request", "status", "ms", "request body", "response body"], journal.entries.slice().reverse().map(e =>
      `<tr><td>${esc(e.at)}</td><td>${esc(e.vendor)}</td><td>${esc(e.method)} ${esc(e.path)}${e.query ? "?" + esc(e.query) : ""}</td>
       <td class="s${String(e.status)[0]}">${esc(e.status)}</td><td>${esc(e.duration_ms)}</td>
       <td class="body">${esc(e.request_body)}</td><td class="body">${esc(e.response_body)}</td></tr>`));
    $("state").textContent = JSON.stringify(state, null, 2);
    $("status").textContent = "";
  } catch (e) { $("status").textContent = "control plane: " + e.message; }
}
async function act(promise) { try { await promise; } catch (e) { $("status").textContent = e.message; } refresh(); }
$("refresh").onclick = refresh;
$("reset").onclick = () => act(call("POST", "/reset"));
$("freeze").onclick = () => act(call("POST", "/clock", { freeze: !frozen }));
$("clear-faults").onclick = () => act(call("DELETE", "/faults"));
$("clear-outbox").onclick = () => act(call("DELETE", "/outbox"));
$("clear-journal").onclick = () => act(call("DELETE", "/journal"));
$("add-fault").onclick = () => { let rule; try { rule = JSON.parse($("fault-rule").value); } catch (e) { $("status").textContent = e.message; return; } act(call("POST", "/faults", rule)); };
document.addEventListener("click", e => {
  const clock = e.target.dataset?.clock, fault = e.target.dataset?.fault;
  if (clock) act(call("POST", "/clock", JSON.parse(clock)));
  if (fault) act(call("DELETE", "/faults/" + encodeURIComponent(fault)));
});
refresh();
setInterval(refresh, 5000);
</script>
</body>
</html>
"##;
