//! `GET /_emulator/docs`: a browsable rendering of `/_emulator/openapi.json`, written as one page
//! with its script and styles inline, so it needs no network at all.

use axum::response::Response;

use crate::platform::page_headers::SecuredPage;

pub async fn docs_page() -> Response {
    static DOCS: SecuredPage = SecuredPage::new(PAGE);
    DOCS.response()
}

const PAGE: &str = r##"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>vendor-emulator API</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
  header { background: #1d2330; color: #fff; padding: 14px 24px; }
  header h1 { margin: 0; font-size: 20px; }
  main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 48px; }
  nav a { margin-right: 14px; color: #9fd1ff; }
  h2 { margin-top: 28px; border-bottom: 1px solid #d5d9e0; padding-bottom: 4px; }
  details { background: #fff; border: 1px solid #d5d9e0; border-radius: 6px; margin: 8px 0; }
  summary { cursor: pointer; padding: 8px 12px; font-family: ui-monospace, monospace; }
  .method { display: inline-block; min-width: 62px; font-weight: 700; text-transform: uppercase; }
  .get { color: #0a7d38; } .post { color: #0b5cad; } .patch { color: #8a5a00; } .delete { color: #b00020; }
  .summary { font-family: system-ui, sans-serif; color: #4a5468; margin-left: 10px; }
  .body { padding: 4px 16px 12px; }
  table { border-collapse: collapse; margin: 6px 0; }
  td, th { border: 1px solid #e1e4ea; padding: 3px 8px; text-align: left; vertical-align: top; }
  pre { background: #f0f2f5; padding: 8px; overflow-x: auto; border-radius: 4px; margin: 4px 0 10px; }
  input { padding: 6px 10px; width: 320px; border: 1px solid #c5cad3; border-radius: 4px; }
</style>
</head>
<body>
<header><h1>vendor-emulator API</h1><nav id="nav"></nav></header>
<main>
  <p><input id="filter" placeholder="filter by path or summary…" autofocus>
     <a href="/_emulator/openapi.json">openapi.json</a></p>
  <div id="spec">Loading…</div>
</main>
<script>
const esc = s => String(s ?? "").replace(/[&<>"]/g, c => ({"&":"&amp;","<":"&lt;",">":"&gt;","\"":"&quot;"}[c]));
const pretty = v => esc(JSON.stringify(v, null, 2));
// The first media type's example, else its schema; a media type other than JSON is named.
const shown = content => {
  const [media, c] = Object.entries(content || {})[0] || [];
  if (!c) return "";
  const value = c.example !== undefined ? c.example : c.schema;
  return (media !== "application/json" ? esc(media) + "\n" : "") + pretty(value);
};
function operationHtml(path, method, op) {
  const params = (op.parameters || []).map(p =>
    `<tr><td>${esc(p.name)}</td><td>${esc(p.in)}</td><td>${p.required ? "yes" : ""}</td><td>${esc(p.description)}</td></tr>`).join("");
  const body = op.requestBody ? `<h4>Request body</h4><pre>${shown(op.requestBody.content)}</pre>` : "";
  const responses = Object.entries(op.responses || {}).map(([status, r]) =>
    `<h4>${esc(status)} — ${esc(r.description)}</h4><pre>${shown(r.content)}</pre>`).join("");
  return `<details data-search="${esc((path + " " + op.summary).toLowerCase())}">
    <summary><span class="method ${method}">${method}</span>${esc(path)}<span class="summary">${esc(op.summary)}</span></summary>
    <div class="body">${op.description ? `<p>${esc(op.description)}</p>` : ""}
    ${params ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>meaning</th></tr>${params}</table>` : ""}
    ${body}${responses}</div></details>`;
}
fetch("/_emulator/openapi.json").then(r => r.json()).then(spec => {
  const byTag = {};
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      (byTag[op.tags[0]] ||= []).push(operationHtml(path, method, op));
    }
  }
  document.getElementById("nav").innerHTML = spec.tags.map(t => `<a href="#${esc(t.name)}">${esc(t.name)}</a>`).join("");
  document.getElementById("spec").innerHTML = spec.tags.map(t =>
    `<h2 id="${esc(t.name)}">${esc(t.description)}</h2>${(byTag[t.name] || []).join("")}`).join("");
}).catch(e => { document.getElementById("spec").textContent = "Cannot load the spec: " + e; });
document.getElementById("filter").addEventListener("input", e => {
  const q = e.target.value.toLowerCase();
  for (const d of document.querySelectorAll("details")) d.style.display = d.dataset.search.includes(q) ? "" : "none";
});
</script>
</body>
</html>
"##;
