// The encoding page: read the two chosen files locally, encode, offer the result.
// No request leaves the page while encoding (tests/e2e/test_browser_encoder.py listens).

import { EncodingRefused, encodePersonsList } from "./encoder.js";

const form = document.getElementById("versleutelen");
const status = document.getElementById("status");
const problems = document.getElementById("meldingen");
const download = document.getElementById("download");
const uploadForm = document.getElementById("upload");
const uploadInput = document.getElementById("versleuteling");
const startButton = document.getElementById("start");

// The page's own words come from its template (translated there); the encoder's problems
// carry both languages, and the page shows its own.
const language = document.documentElement.lang === "en" ? "en" : "nl";
const texts = JSON.parse(document.getElementById("teksten").textContent);
const number = new Intl.NumberFormat(language === "en" ? "en-GB" : "nl-NL");
const fill = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => values[key]);

function show(messages) {
  problems.replaceChildren(
    ...messages.map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    }),
  );
}

async function bytesOf(input) {
  const file = input.files[0];
  return file ? new Uint8Array(await file.arrayBuffer()) : null;
}

async function encode(event) {
  event.preventDefault();
  download.hidden = true;
  uploadForm.hidden = true;
  show([]);
  const persons = await bytesOf(document.getElementById("personen"));
  const secret = await bytesOf(document.getElementById("geheim"));
  if (!persons || !secret) {
    status.textContent = texts.choose;
    return;
  }
  startButton.disabled = true;
  status.textContent = texts.busy;
  try {
    const source = form.dataset.source;
    const dutchNames = JSON.parse(document.getElementById("kolomnamen").textContent);
    const result = await encodePersonsList(
      persons,
      secret,
      source,
      (done, total) => {
        status.textContent = fill(texts.progress, {
          done: number.format(done),
          total: number.format(total),
        });
      },
      dutchNames,
    );
    const name = `${source}.jsonl`;
    const file = new File([result.text], name, { type: "application/jsonl" });
    if (download.href) URL.revokeObjectURL(download.href);
    download.href = URL.createObjectURL(file);
    download.download = name;
    download.hidden = false;
    const transfer = new DataTransfer();
    transfer.items.add(file);
    uploadInput.files = transfer.files;
    uploadForm.hidden = false;
    status.textContent = fill(texts.done, {
      records: number.format(result.records),
      key_check: result.keyCheck,
    });
    show(result.warnings.map((warning) => fill(texts.warning, { warning: warning[language] })));
    status.dataset.done = "true";
  } catch (error) {
    status.textContent = texts.refused;
    show(
      error instanceof EncodingRefused
        ? error.problems.map((problem) => problem[language])
        : [texts.unexpected],
    );
    status.dataset.done = "refused";
  } finally {
    startButton.disabled = false;
  }
}

form.addEventListener("submit", encode);
