// Files in and out of the browser: downloads made from the reader's click, uploads read locally.

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
  if (!file) return { error: "No file was chosen." };
  if (file.size === 0) return { error: `“${file.name}” is empty.` };
  if (file.size > MAX_IMPORT_BYTES) {
    const mb = (file.size / 1024 / 1024).toFixed(1);
    return { error: `“${file.name}” is ${mb} MB, far larger than any saved answers file (at most 5 MB).` };
  }
  let text;
  try {
    text = await file.text();
  } catch {
    return { error: `“${file.name}” could not be read.` };
  }
  try {
    return { data: JSON.parse(text) };
  } catch {
    return { error: `“${file.name}” is not an answers file exported from this site (it is not JSON).` };
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
