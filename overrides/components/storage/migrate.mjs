// What older releases left in storage, carried over once per copy of the guide, behind a version
// key (`migrated`): keys saved before namespacing, and the copy choice an older release kept per
// worksheet. A page load after that reads one key, never scans storage. When storage is too full
// to move something, the version is not written, so the next page load tries again; nor when
// nothing of ours is stored (a browser that saves nothing must hold nothing).

import * as keys from "./keys.mjs";

/** Raise when a new carry-over is added below: every copy then runs the list once more. */
const MIGRATED = "2";
/** Where the copy choice lived before it was one for the guide: per worksheet, and the glance's own. */
const LEGACY_COPY_FIELD = "copy--print";
const LEGACY_GLANCE_COPY = "glance-copy";

let checked = false;

/** Carry over what older releases saved, once: cheap to call from every component's start. */
export function migrateOnce() {
  if (checked) return;
  checked = true;
  if (keys.readSetting("migrated") === MIGRATED) return;
  const complete = keys.adoptLegacyKeys() && carryOverCopyChoice();
  // A browser that saves nothing holds nothing: with nothing of ours stored, there is no key to
  // write (and the next look costs as little as this one did).
  if (complete && keys.listKeys().keys.length) keys.writeSetting("migrated", MIGRATED);
}

/** The reader's newest copy choice in an older release becomes the guide's one choice. */
function carryOverCopyChoice() {
  if (keys.readSetting(keys.PRINT_COPY) !== null) return true;
  const legacy = legacyCopyChoice();
  return legacy === null || keys.writeSetting(keys.PRINT_COPY, legacy).ok;
}

/** The newest `copy--print` of any worksheet (each answer carries when it was written), else the
    glance's own: "share" or "own"; null when there is none. */
function legacyCopyChoice() {
  let latest = null;
  for (const { data } of keys.storedRecords()) {
    const value = data?.answers?.[LEGACY_COPY_FIELD];
    const at = Number(data?.stamps?.[LEGACY_COPY_FIELD] ?? 0);
    if ((value === "share" || value === "everything") && (!latest || at >= latest.at)) latest = { value, at };
  }
  const glance = keys.readSetting(LEGACY_GLANCE_COPY);
  if (!latest && (glance === "share" || glance === "everything")) latest = { value: glance };
  if (!latest) return null;
  return latest.value === "share" ? "share" : "own";
}
