// Files in and out of the browser: downloads made from the reader's click, uploads read locally.

import { t } from "../shared/strings.mjs";

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** Offer `text` as a file download; must run inside the reader's click. */
export function download(filename, text, type = "application/json") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** {data} or {error}: a JSON file the reader picked, refused before reading when too large. */
export async function readJsonFile(file) {
  if (!file) return { error: t("files.none-chosen") };
  if (file.size === 0) return { error: t("files.empty", { file: file.name }) };
  if (file.size > MAX_IMPORT_BYTES) {
    const mb = (file.size / 1024 / 1024).toFixed(1);
    return { error: t("files.too-large", { file: file.name, size: mb }) };
  }
  let text;
  try {
    text = await file.text();
  } catch {
    return { error: t("files.unreadable", { file: file.name }) };
  }
  try {
    return { data: JSON.parse(text) };
  } catch {
    return { error: t("files.not-json", { file: file.name }) };
  }
}

/** A hidden file input's next pick, as a promise (null when the reader cancels). */
export function pickFile(input) {
  return new Promise((resolve) => {
    input.value = "";
    input.addEventListener("change", () => resolve(input.files[0] ?? null), { once: true });
    input.addEventListener("cancel", () => resolve(null), { once: true });
    input.click();
  });
}
