// Control characters: never allowed in names, titles or typed commands (they can move a terminal's cursor or hide text).

/** C0 and C1 controls and the Unicode line/paragraph separators; tabs and newlines are separate cases. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point of this pattern.
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** As above, but tab, newline and carriage return pass (they are whitespace in a typed message). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point of this pattern.
export const CONTROL_CHARS_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
