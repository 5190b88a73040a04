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

const number = new Intl.NumberFormat("nl-NL");

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
    status.textContent = "Kies eerst de personenlijst en het bestand met het geheim.";
    return;
  }
  startButton.disabled = true;
  status.textContent = "Bezig met versleutelen…";
  try {
    const source = form.dataset.source;
    const dutchNames = JSON.parse(document.getElementById("kolomnamen").textContent);
    const result = await encodePersonsList(
      persons,
      secret,
      source,
      (done, total) => {
        status.textContent = `Bezig met versleutelen: ${number.format(done)} van ${number.format(total)} personen…`;
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
    status.textContent =
      `Klaar: ${number.format(result.records)} personen versleuteld ` +
      `(controlewaarde van het geheim ${result.keyCheck}).`;
    show(result.warnings.map((warning) => `Let op: ${warning}`));
    status.dataset.done = "true";
  } catch (error) {
    status.textContent = "Niet versleuteld: de lijst of het geheim is niet in orde.";
    show(error instanceof EncodingRefused ? error.problems : ["Onverwachte fout bij het versleutelen."]);
    status.dataset.done = "refused";
  } finally {
    startButton.disabled = false;
  }
}

form.addEventListener("submit", encode);
