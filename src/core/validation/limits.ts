/** Files above this size are skipped unless the user says otherwise (the editor setting and the CLI flag share it). */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
