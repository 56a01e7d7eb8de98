import { hkdfSync } from "node:crypto";
import type { Settings } from "../settings.js";
import { devKeyIn } from "../spool/dev-key.js";

/** What the report form needs from the environment; see docs/install.md, "Environment variables". */
export interface FormSettings {
  dataDir: string;
  /** AES-256-GCM key for the spool and receipts. */
  spoolKey: Buffer;
  /** Derives report ids and status tokens (so a resubmitted form gets the same receipt). */
  idKey: Buffer;
  csrfSecret: string;
  /** Base URL for links shown to reporters (receipt -> status page), no trailing slash. */
  publicUrl: string | null;
  /** The web host whose links the form accepts: github.com, or GHE_HOST. */
  webHost: string;
  /** Cookies marked Secure when the public URL is https. */
  secureCookies: boolean;
  /** Where the development key is kept when REPORT_ENCRYPTION_KEY is not set (outside production); null with a configured key. */
  devKeyFile: string | null;
}

export type SettingsResult = { ok: true; settings: FormSettings; warnings: string[] } | { ok: false; problem: string };

function derive(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", master, Buffer.alloc(0), `call-in ${purpose} v1`, 32));
}

/** The report form's settings from the app's (settings.ts), with the development key when there is no REPORT_ENCRYPTION_KEY outside production. */
export function formSettingsFrom(settings: Settings): SettingsResult {
  const warnings: string[] = [];
  let master: Buffer | null;
  let devKeyFile: string | null = null;
  const dataDir = settings.dataDir;
  if (settings.reportKey.problem) return { ok: false, problem: settings.reportKey.problem };
  if (settings.reportKey.value) {
    master = settings.reportKey.value;
  } else if (settings.production) {
    return {
      ok: false,
      problem:
        "REPORT_ENCRYPTION_KEY is not set, so the report form is off: reports are stored encrypted until they are filed, and production needs a key that survives restarts. Set it to 32 random bytes (`openssl rand -base64 32`).",
    };
  } else {
    let dev;
    try {
      dev = devKeyIn(dataDir);
    } catch (error) {
      return {
        ok: false,
        problem: `REPORT_ENCRYPTION_KEY is not set, and the development key in DATA_DIR cannot be used (${error instanceof Error ? error.message : String(error)}). The report form is off until REPORT_ENCRYPTION_KEY is set or DATA_DIR is writable.`,
      };
    }
    master = dev.key;
    devKeyFile = dev.path;
    warnings.push(
      `REPORT_ENCRYPTION_KEY is not set: ${dev.created ? "generated a development key and saved it" : "using the development key saved"} in ${dev.path} (readable by this user only), so reports in the spool survive restarts. Anyone who can read that file can read the spooled reports: set REPORT_ENCRYPTION_KEY for real use (set it to this file's contents to keep reports already in the spool).`,
    );
  }
  if (settings.publicUrl.problem) return { ok: false, problem: settings.publicUrl.problem };
  const publicUrl = settings.publicUrl.value;
  if (!publicUrl && settings.production) warnings.push("PUBLIC_URL is not set: receipt links use the host name of each request.");
  return {
    ok: true,
    warnings,
    settings: {
      dataDir,
      spoolKey: derive(master, "spool"),
      idKey: derive(master, "report ids"),
      csrfSecret: settings.csrfSecret || derive(master, "csrf").toString("base64"),
      publicUrl,
      webHost: settings.webHost,
      secureCookies: publicUrl ? publicUrl.startsWith("https:") : settings.production,
      devKeyFile,
    },
  };
}
