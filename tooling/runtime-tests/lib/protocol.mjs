// The line protocol between a runtime's entry and run.mjs: one `RT_RESULT <json>` line per test,
// and optionally one `RT_VERSION <text>` line naming the runtime's version. Other lines are ignored.
export const RESULT_PREFIX = "RT_RESULT ";
export const VERSION_PREFIX = "RT_VERSION ";

/** @param {string} version */
export const formatVersion = (version) => VERSION_PREFIX + version;

/** The version line's text in `text`, if any. */
export const parseVersion = (text) =>
  text
    .split(/\r?\n/)
    .find((line) => line.startsWith(VERSION_PREFIX))
    ?.slice(VERSION_PREFIX.length)
    .trim();

/** @param {{ name: string, ok: boolean, ms: number, error?: string }} result */
export const formatResult = (result) => RESULT_PREFIX + JSON.stringify(result);

/** Every result line in `text`, in order; other lines are ignored. */
export const parseResults = (text) =>
  text
    .split(/\r?\n/)
    .filter((line) => line.startsWith(RESULT_PREFIX))
    .map((line) => JSON.parse(line.slice(RESULT_PREFIX.length)));
