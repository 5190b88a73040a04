// The runs page while a run is queued or running: the table of runs is fetched again every
// 5 seconds and swapped in place (the page itself never reloads), a polite status line says
// which run changed, and a button stops and resumes the updating (WCAG 2.2.1 and 2.2.2).

const INTERVAL_MS = 5000;
const texts = JSON.parse(document.getElementById("taken-teksten").textContent);
const status = document.getElementById("taken-stand");
const toggle = document.getElementById("bijwerken");
const fill = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => values[key]);

let timer = null;

function statuses(list) {
  const found = new Map();
  for (const row of list.querySelectorAll("tr[data-run]")) {
    const label = row.querySelector(".portal-status");
    found.set(row.dataset.run, { code: row.dataset.status, label: label ? label.textContent : "" });
  }
  return found;
}

function announce(before, after) {
  const changes = [];
  for (const [run, now] of after) {
    const then = before.get(run);
    if (!then || then.code !== now.code) {
      changes.push(fill(texts.changed, { run, status: now.label }));
    }
  }
  return changes;
}

function stop(message) {
  clearTimeout(timer);
  timer = null;
  toggle.textContent = texts.resume;
  if (message) status.textContent = message;
}

function finish() {
  clearTimeout(timer);
  timer = null;
  toggle.hidden = true;
}

async function update() {
  const current = document.getElementById("taken-lijst");
  let fresh;
  try {
    const response = await fetch(window.location.pathname, { credentials: "same-origin" });
    if (!response.ok) throw new Error(String(response.status));
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    fresh = page.getElementById("taken-lijst");
    if (!fresh) throw new Error("no runs");
  } catch {
    stop(texts.unreachable);
    return;
  }
  if (timer === null) return; // stopped while the request was under way
  const changes = announce(statuses(current), statuses(fresh));
  current.replaceWith(document.importNode(fresh, true));
  if (fresh.dataset.active !== "1") {
    finish();
    status.textContent = [...changes, texts.all_done].join(" ");
    return;
  }
  if (changes.length) status.textContent = changes.join(" ");
  timer = setTimeout(update, INTERVAL_MS);
}

function start() {
  toggle.textContent = texts.stop;
  status.textContent = texts.resumed;
  timer = setTimeout(update, INTERVAL_MS);
}

toggle.hidden = false;
toggle.addEventListener("click", () => {
  if (timer === null) start();
  else stop(texts.stopped);
});
start();
