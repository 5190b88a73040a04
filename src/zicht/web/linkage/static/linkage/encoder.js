// Zicht's person-list encoder for the browser: the same bytes as `zicht link encode`.
//
// A port of src/zicht/core/privacy/linkage/ (persons_file.py, normalise.py, features.py,
// encoder.py, encoding_file.py) for schema zicht-pprl/2 and the default column layout.
// Web Crypto HMAC-SHA-256 does every keyed hash; nothing leaves the page. The Playwright
// test tests/e2e/test_browser_encoder.py compares this module's output with the CLI's,
// byte for byte. Change the two together, never one alone.

import { COMBINING_RANGES, DIGIT_ZEROS, PYTHON_WHITESPACE } from "./unicode-tables.js";

export const SCHEMA = Object.freeze({
  version: "zicht-pprl/2",
  filterBits: 2048,
  encodingBits: 2048,
  diffusionInputs: 2,
  weights: Object.freeze({
    nameBigram: 32,
    nameLetter: 16,
    birthYear: 64,
    birthDecade: 12,
    birthDayMonthPair: 64,
    birthMonthDayOrdered: 40,
    birthFullDate: 80,
    birthDayOrMonth: 24,
    sex: 10,
    countryOfBirth: 16,
  }),
});

export const MINIMUM_SECRET_BYTES = 16;
const KEY_CHECK_BYTES = 8;
const MAX_PROBLEMS = 50;
const RECORD_REF = "record_ref";
const IDENTIFYING = ["given_name", "family_name", "date_of_birth", "sex", "country_of_birth"];
const NON_IDENTIFYING = ["year", "municipality", "exploitation_form", "age_group"];
const SEPARATORS = [",", ";", "\t"];
const DUTCH_NAME_PREFIXES = new Set(
  ("van der den de het t ter ten te in op aan bij onder uit voor vd v d la le du da di del " +
    "von zu el al").split(" "),
);
const SEX_CODES = new Map([
  ["m", "m"], ["man", "m"], ["male", "m"],
  ["v", "f"], ["vrouw", "f"], ["f", "f"], ["female", "f"],
]);

/** A message in Dutch and English, as the core's Text: the page shows its own language. */
const say = (nl, en) => ({ nl, en });

/**
 * A refusal naming rows and columns, never a value; `problems` are say() messages, and the
 * error's own message is their Dutch (what the CLI says).
 */
export class EncodingRefused extends Error {
  constructor(problems) {
    super(problems.map((problem) => problem.nl).join("; "));
    this.problems = problems;
  }
}

// ---------------------------------------------------------------- Python's text rules

const WHITESPACE = new Set(PYTHON_WHITESPACE);

function isCombining(codePoint) {
  let low = 0;
  let high = COMBINING_RANGES.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (codePoint < COMBINING_RANGES[2 * middle]) high = middle - 1;
    else if (codePoint > COMBINING_RANGES[2 * middle + 1]) low = middle + 1;
    else return true;
  }
  return false;
}

function digitValue(codePoint) {
  // Python's \d is any Unicode decimal digit; they come in runs of ten from a zero.
  let low = 0;
  let high = DIGIT_ZEROS.length - 1;
  let zero = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (DIGIT_ZEROS[middle] <= codePoint) {
      zero = DIGIT_ZEROS[middle];
      low = middle + 1;
    } else high = middle - 1;
  }
  return zero >= 0 && codePoint - zero <= 9 ? codePoint - zero : -1;
}

/** str.strip() with Python's whitespace (JavaScript's trim() differs at the edges). */
export function pythonStrip(text) {
  const points = Array.from(text);
  let start = 0;
  let end = points.length;
  while (start < end && WHITESPACE.has(points[start].codePointAt(0))) start += 1;
  while (end > start && WHITESPACE.has(points[end - 1].codePointAt(0))) end -= 1;
  return points.slice(start, end).join("");
}

function withoutCombining(text) {
  let kept = "";
  for (const ch of text) if (!isCombining(ch.codePointAt(0))) kept += ch;
  return kept;
}

/** normalise.fold_text: lower-case ASCII letters and single spaces. */
export function foldText(value) {
  let folded = withoutCombining(value.normalize("NFKD"));
  folded = folded.replaceAll("ß", "ss").replaceAll("ø", "o").replaceAll("æ", "ae");
  folded = folded.toLowerCase().replace(/[-'.]/g, " ");
  folded = folded.replace(/[^a-z ]+/g, " ");
  return folded.replace(/ +/g, " ").trim();
}

/** normalise.name_tokens: name parts without prefixes, "Berg, van der" as "van der Berg". */
export function nameTokens(value) {
  const comma = value.indexOf(",");
  if (comma >= 0) value = `${value.slice(comma + 1)} ${value.slice(0, comma)}`;
  const words = foldText(value).split(" ").filter((word) => word);
  const kept = words.filter((word) => !DUTCH_NAME_PREFIXES.has(word));
  return kept.length ? kept : words;
}

function digitRuns(text) {
  const runs = [];
  let current = null;
  for (const ch of text) {
    const digit = digitValue(ch.codePointAt(0));
    if (digit >= 0) {
      if (current === null) current = [];
      current.push(digit);
    } else if (current !== null) {
      runs.push(current);
      current = null;
    }
  }
  if (current !== null) runs.push(current);
  return runs;
}

const number = (digits) => digits.reduce((total, digit) => total * 10 + digit, 0);

/** normalise.parse_birth_date: {year, month, day}, each null when unknown. */
export function parseBirthDate(value) {
  const unknown = { year: null, month: null, day: null };
  if (!pythonStrip(value)) return unknown;
  let groups = digitRuns(value);
  if (groups.length === 1 && groups[0].length === 8) {
    const digits = groups[0];
    groups = [digits.slice(0, 4), digits.slice(4, 6), digits.slice(6)];
  }
  if (groups.length !== 3) return unknown;
  let yearDigits;
  let monthDigits;
  let dayDigits;
  if (groups[0].length === 4) [yearDigits, monthDigits, dayDigits] = groups;
  else if (groups[2].length === 4) [dayDigits, monthDigits, yearDigits] = groups;
  else return unknown;
  const [year, month, day] = [number(yearDigits), number(monthDigits), number(dayDigits)];
  return {
    year: year >= 1000 && year <= 2999 ? year : null,
    month: month >= 1 && month <= 31 ? month : null,
    day: day >= 1 && day <= 31 ? day : null,
  };
}

function foldCode(value) {
  return value ? foldText(value).replaceAll(" ", "") : "";
}

// ---------------------------------------------------------------- feature tokens

function paddedBigrams(word) {
  const padded = Array.from(`_${word}_`);
  const grams = [];
  for (let start = 0; start < padded.length - 1; start += 1) {
    grams.push(padded[start] + padded[start + 1]);
  }
  return grams;
}

function* nameFeatures(tokens, weights) {
  const bigrams = new Set();
  const letters = new Set();
  for (const token of tokens) {
    for (const gram of paddedBigrams(token)) bigrams.add(gram);
    for (const letter of token) letters.add(letter);
  }
  for (const gram of bigrams) yield [`n:${gram}`, weights.nameBigram];
  for (const letter of letters) yield [`l:${letter}`, weights.nameLetter];
}

function* birthFeatures(text, weights) {
  const birth = parseBirthDate(text);
  if (birth.year !== null) {
    yield [`y:${birth.year}`, weights.birthYear];
    yield [`dec:${Math.floor(birth.year / 10)}`, weights.birthDecade];
  }
  const parts = [birth.day, birth.month].filter((part) => part !== null).sort((a, b) => a - b);
  if (parts.length === 2) {
    yield [`dm:${parts[0]}-${parts[1]}`, weights.birthDayMonthPair];
    yield [`md:${birth.month}-${birth.day}`, weights.birthMonthDayOrdered];
    if (birth.year !== null) {
      yield [`ydm:${birth.year}-${parts[0]}-${parts[1]}`, weights.birthFullDate];
    }
  }
  for (const part of new Set(parts)) yield [`d|m:${part}`, weights.birthDayOrMonth];
}

/** features.record_features for the default layout; the order of tokens does not matter
 * (each sets positions in one filter). */
export function* recordFeatures(values, schema = SCHEMA) {
  const weights = schema.weights;
  const names = [...nameTokens(values.given_name || ""), ...nameTokens(values.family_name || "")];
  yield* nameFeatures(names, weights);
  yield* birthFeatures(values.date_of_birth || "", weights);
  const sex = SEX_CODES.get(foldCode(values.sex || ""));
  if (sex) {
    const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    yield [`s:${sex}|${sorted.join(" ")}`, weights.sex];
  }
  const country = foldCode(values.country_of_birth || "");
  if (country) yield [`c:${country}`, weights.countryOfBirth];
}

// ---------------------------------------------------------------- keyed hashing

const utf8 = new TextEncoder();

async function hmacKey(raw) {
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

async function hmac(key, text) {
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8.encode(text)));
}

const hex = (bytes) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");

/** encoder.load_secret: surrounding ASCII whitespace ignored, at least 16 bytes. */
export function secretFromBytes(bytes) {
  const space = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c]);
  let start = 0;
  let end = bytes.length;
  while (start < end && space.has(bytes[start])) start += 1;
  while (end > start && space.has(bytes[end - 1])) end -= 1;
  if (end - start < MINIMUM_SECRET_BYTES) {
    throw new EncodingRefused([
      say(
        `het geheim is te kort: gebruik minstens ${MINIMUM_SECRET_BYTES} tekens`,
        `the secret is too short: use at least ${MINIMUM_SECRET_BYTES} characters`,
      ),
    ]);
  }
  return bytes.slice(start, end);
}

/** HMAC-SHA-256 counter stream (block i = HMAC(key, "i")), as encoder._KeyStream. */
class KeyStream {
  constructor(key) {
    this.key = key;
    this.block = 0;
    this.buffer = new Uint8Array(0);
    this.offset = 0;
  }

  async word() {
    if (this.offset === this.buffer.length) {
      this.buffer = await hmac(this.key, String(this.block));
      this.block += 1;
      this.offset = 0;
    }
    const b = this.buffer;
    const o = this.offset;
    this.offset += 4;
    return ((b[o] << 24) >>> 0) + (b[o + 1] << 16) + (b[o + 2] << 8) + b[o + 3];
  }

  async below(bound) {
    const limit = 2 ** 32 - (2 ** 32 % bound);
    for (;;) {
      const word = await this.word();
      if (word < limit) return word % bound;
    }
  }
}

async function diffusionWiring(schema, key) {
  const stream = new KeyStream(key);
  const repeats = Math.ceil(schema.encodingBits / schema.filterBits);
  const columns = [];
  for (let column = 0; column < schema.diffusionInputs; column += 1) {
    const stacked = [];
    for (let repeat = 0; repeat < repeats; repeat += 1) {
      const permutation = Array.from({ length: schema.filterBits }, (_, index) => index);
      for (let last = schema.filterBits - 1; last > 0; last -= 1) {
        const other = await stream.below(last + 1);
        [permutation[last], permutation[other]] = [permutation[other], permutation[last]];
      }
      stacked.push(...permutation);
    }
    columns.push(stacked.slice(0, schema.encodingBits));
  }
  const wiring = [];
  for (let row = 0; row < schema.encodingBits; row += 1) {
    const inputs = columns.map((column) => column[row]);
    for (let column = 1; column < inputs.length; column += 1) {
      while (inputs.slice(0, column).includes(inputs[column])) {
        inputs[column] = await stream.below(schema.filterBits);
      }
    }
    wiring.push(inputs);
  }
  return wiring;
}

/** encoder.RecordEncoder: one secret, one schema; create with `await RecordEncoder.create`. */
export class RecordEncoder {
  static async create(secret, schema = SCHEMA) {
    const encoder = new RecordEncoder();
    const master = await hmacKey(secret);
    const derive = async (purpose) => hmac(master, `${schema.version}|${purpose}`);
    encoder.schema = schema;
    encoder.keyCheck = hex((await derive("key-check")).slice(0, KEY_CHECK_BYTES));
    encoder.hashKey = await hmacKey(await derive("hash"));
    encoder.wiring = await diffusionWiring(schema, await hmacKey(await derive("diffusion")));
    encoder.cache = new Map();
    return encoder;
  }

  async positions(token, count) {
    const cacheKey = `${count}\u0000${token}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const digest = [];
    for (let block = 0; digest.length < 2 * count; block += 1) {
      digest.push(...(await hmac(this.hashKey, `${block}\u001f${token}`)));
    }
    const positions = [];
    for (let index = 0; index < count; index += 1) {
      positions.push(((digest[2 * index] << 8) | digest[2 * index + 1]) % this.schema.filterBits);
    }
    this.cache.set(cacheKey, positions);
    return positions;
  }

  /** The published encoding of one record, as lower-case hex. */
  async encodeHex(values) {
    const inner = new Uint8Array(this.schema.filterBits);
    for (const [token, count] of recordFeatures(values, this.schema)) {
      for (const position of await this.positions(token, count)) inner[position] = 1;
    }
    const packed = new Uint8Array(this.schema.encodingBits / 8);
    this.wiring.forEach((inputs, bit) => {
      let value = 0;
      for (const input of inputs) value ^= inner[input];
      packed[bit >> 3] |= value << (7 - (bit & 7));
    });
    return hex(packed);
  }
}

// ---------------------------------------------------------------- CSV as Python reads it

function physicalLines(text) {
  // Python's universal newlines with newline="": a line ends after \n, \r\n or a lone \r.
  const lines = [];
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const ch = text[index];
    if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[index + 1] === "\n") index += 1;
      lines.push(text.slice(start, index + 1));
      start = index + 1;
    }
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** Records of Python's csv.reader (excel dialect, non-strict) over the given lines. */
export function* csvRecords(text, delimiter) {
  let fields = [];
  let field = "";
  let state = "start_record";
  const save = () => {
    if (field.length > FIELD_SIZE_LIMIT) throw new EncodingRefused([UNREADABLE]);
    fields.push(field);
    field = "";
  };
  for (const line of physicalLines(text)) {
    for (const ch of [...line, null]) {
      const end = ch === null; // the end of a physical line, as Python's reader marks it
      const newline = ch === "\n" || ch === "\r";
      switch (state) {
        case "start_record":
          if (end) break;
          if (newline) {
            state = "eat_crnl";
            break;
          }
          state = "start_field";
        // falls through
        case "start_field":
          if (newline || end) {
            save();
            state = end ? "start_record" : "eat_crnl";
          } else if (ch === '"') state = "in_quoted_field";
          else if (ch === delimiter) save();
          else {
            field += ch;
            state = "in_field";
          }
          break;
        case "in_field":
          if (newline || end) {
            save();
            state = end ? "start_record" : "eat_crnl";
          } else if (ch === delimiter) {
            save();
            state = "start_field";
          } else field += ch;
          break;
        case "in_quoted_field":
          if (end) break;
          if (ch === '"') state = "quote_in_quoted_field";
          else field += ch;
          break;
        case "quote_in_quoted_field":
          if (ch === '"') {
            field += ch;
            state = "in_quoted_field";
          } else if (ch === delimiter) {
            save();
            state = "start_field";
          } else if (newline || end) {
            save();
            state = end ? "start_record" : "eat_crnl";
          } else {
            field += ch;
            state = "in_field";
          }
          break;
        case "eat_crnl":
          if (newline) break;
          if (end) state = "start_record";
          else throw new EncodingRefused([UNREADABLE]);
          break;
        default:
          break;
      }
    }
    if (state === "start_record") {
      yield fields;
      fields = [];
    }
  }
  if (field !== "" || state === "in_quoted_field") {
    save();
    yield fields;
  }
}

const FIELD_SIZE_LIMIT = 131072; // csv.field_size_limit()
const UNREADABLE = say(
  "het bestand is geen leesbare CSV-tekst in UTF-8 (sla het op als 'CSV UTF-8'; een cel is " +
    "misschien te lang of een aanhalingsteken staat verkeerd)",
  "the file is no readable CSV text in UTF-8 (save it as 'CSV UTF-8'; a cell may be too " +
    "long or a quotation mark misplaced)",
);

function decode(bytes) {
  try {
    // utf-8-sig: a leading byte-order mark is dropped (TextDecoder's default).
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new EncodingRefused([UNREADABLE]);
  }
}

/**
 * schema.standard_mapping: each standard column by the name this header uses, English, or
 * Dutch (`dutchNames`, from the page) where the English name is absent.
 */
function columnsOf(header, dutchNames) {
  const named = (name) =>
    !header.includes(name) && header.includes(dutchNames[name]) ? dutchNames[name] : name;
  return Object.fromEntries([RECORD_REF, ...IDENTIFYING, ...NON_IDENTIFYING].map((n) => [n, named(n)]));
}

/** schema.column_label: "voornaam (given_name)" for a standard column; in English the other way. */
const columnLabel = (name, dutchNames) =>
  dutchNames[name] ? say(`${dutchNames[name]} (${name})`, `${name} (${dutchNames[name]})`) : say(name, name);

/** persons_file.persons_rows: [row number, row Map] pairs, the header being row 1, and the columns. */
function personsRows(text, dutchNames) {
  const firstLine = physicalLines(text)[0] || "";
  const count = (separator) => firstLine.split(separator).length - 1;
  const delimiter = SEPARATORS.reduce((best, s) => (count(s) > count(best) ? s : best));
  const records = csvRecords(text, delimiter);
  const header = records.next().value || [];
  const columns = columnsOf(header, dutchNames);
  const missing = [...new Set([RECORD_REF, ...IDENTIFYING])].filter((c) => !header.includes(columns[c]));
  if (missing.length) {
    const labels = missing.map((c) => columnLabel(c, dutchNames));
    const nl = labels.map((label) => label.nl).join(", ");
    const en = labels.map((label) => label.en).join(", ");
    throw new EncodingRefused([
      say(
        `ontbrekende kolommen: ${nl} (gebruik de kolomnamen van het sjabloon)`,
        `missing columns: ${en} (use the column names of the template)`,
      ),
    ]);
  }
  const rows = [];
  let number = 1;
  for (const record of records) {
    if (record.length === 0) continue; // csv.DictReader skips empty lines
    number += 1;
    const row = new Map();
    header.forEach((name, index) => row.set(name, index < record.length ? record[index] : null));
    rows.push([number, row]);
  }
  return { rows, columns };
}

const cell = (row, column) => pythonStrip(row.get(column) || "");

/** persons_file.RowChecks: problems that refuse the file, warnings that only inform. */
function checkRows(rows, columns) {
  const problems = [];
  const firstRowOf = new Map();
  const unreadableDates = [];
  for (const [number, row, identifying] of rows) {
    const reference = cell(row, columns[RECORD_REF]);
    const ref = columns[RECORD_REF];
    if (!reference) {
      problems.push([number, say(`rij ${number}: ${ref} is leeg`, `row ${number}: ${ref} is empty`)]);
    } else if (firstRowOf.has(reference)) {
      const first = firstRowOf.get(reference);
      problems.push([
        number,
        say(
          `rij ${number}: ${ref} komt al voor in rij ${first}`,
          `row ${number}: ${ref} already occurs in row ${first}`,
        ),
      ]);
    } else firstRowOf.set(reference, number);
    if (!Object.values(identifying).some((value) => value)) {
      problems.push([
        number,
        say(
          `rij ${number}: geen enkel identificerend gegeven ingevuld`,
          `row ${number}: no identifying value filled in`,
        ),
      ]);
    }
    const date = identifying.date_of_birth;
    if (date && parseBirthDate(date).year === null) unreadableDates.push(number);
  }
  // As Python's sorted((row, Dutch message)): by row, then by the Dutch text.
  problems.sort((a, b) => a[0] - b[0] || (a[1].nl < b[1].nl ? -1 : a[1].nl > b[1].nl ? 1 : 0));
  const warnings = [];
  if (unreadableDates.length) {
    const shown = unreadableDates.slice(0, 10).join(", ");
    const more = unreadableDates.length > 10 ? " …" : "";
    warnings.push(
      say(
        `${unreadableDates.length} onleesbare geboortedatum(s), gecodeerd als onbekend ` +
          `(rij ${shown}${more}); gebruik JJJJ-MM-DD`,
        `${unreadableDates.length} unreadable date(s) of birth, encoded as unknown ` +
          `(row ${shown}${more}); use YYYY-MM-DD`,
      ),
    );
  }
  return { problems: problems.slice(0, MAX_PROBLEMS).map(([, message]) => message), warnings };
}

function outputLine(row, columns, hexEncoding, source, keyCheck) {
  const line = [
    ["schema", SCHEMA.version],
    ["source", source],
    [RECORD_REF, cell(row, columns[RECORD_REF])],
    ["encoding", hexEncoding],
    ["key_check", keyCheck],
    ...NON_IDENTIFYING.map((name) => [name, cell(row, columns[name])]),
  ];
  // json.dumps(ensure_ascii=False) escapes exactly what JSON.stringify escapes in a string.
  return `{${line.map(([key, value]) => `"${key}": ${JSON.stringify(value)}`).join(", ")}}`;
}

/**
 * encoding_file.encode_csv in the browser: the person list's bytes and the secret's bytes in,
 * the encoding file's text out (JSON Lines, as the CLI writes it). Throws EncodingRefused with
 * Dutch problems naming rows and columns; `progress(done, total)` is called now and then.
 * `dutchNames` maps the standard columns to their Dutch names (schema.DUTCH_COLUMN_NAMES).
 */
export async function encodePersonsList(
  csvBytes,
  secretBytes,
  source,
  progress = () => {},
  dutchNames = {},
) {
  const secret = secretFromBytes(secretBytes);
  if (!source) throw new EncodingRefused([say("geef de naam van de bron op", "give the source's name")]);
  const read = personsRows(decode(csvBytes), dutchNames);
  const columns = read.columns;
  const rows = read.rows.map(([number, row]) => {
    const identifying = {};
    for (const name of IDENTIFYING) identifying[name] = cell(row, columns[name]);
    return [number, row, identifying];
  });
  const { problems, warnings } = checkRows(rows, columns);
  if (problems.length) throw new EncodingRefused(problems);
  const encoder = await RecordEncoder.create(secret);
  const lines = [];
  for (const [index, [, row, identifying]] of rows.entries()) {
    const hex = await encoder.encodeHex(identifying);
    lines.push(outputLine(row, columns, hex, source, encoder.keyCheck));
    if (index % 100 === 99) progress(index + 1, rows.length);
  }
  progress(rows.length, rows.length);
  return {
    text: lines.map((line) => `${line}\n`).join(""),
    records: rows.length,
    warnings,
    keyCheck: encoder.keyCheck,
  };
}
