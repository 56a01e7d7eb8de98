/** Where the sealed-report page lives; a module of its own so the sign-in can name it without importing the page. */
export const SEALED_PATH = "/call-in/sealed";
/** A case code as `newCaseCode` makes them (cases/code.ts). */
export const CASE_CODE = /^CI-[0-9A-HJKMNP-TV-Z]{6}$/;
