import type { Logger } from "pino";
import { formSettingsFrom } from "../report-form/settings.js";
import type { Settings } from "../settings.js";
import { Sealer } from "../spool/sealed.js";
import { SealedReports } from "./store.js";

/**
 * The sealed-report store of this process: `DATA_DIR/sealed/`, sealed with the
 * spool's key (REPORT_ENCRYPTION_KEY, or the development key file outside
 * production). Null when no key is usable: then no sealed text can be written
 * or read, and a key-holder case is not filed (cases/file-case.ts). `log`
 * hears why.
 */
export function sealedReportsFrom(settings: Settings, log?: Logger): SealedReports | null {
  const result = formSettingsFrom(settings);
  if (!result.ok) {
    log?.error(
      { problem: result.problem },
      "reports about the people who hold the keys cannot be sealed: such cases are not filed until a report key is usable",
    );
    return null;
  }
  return new SealedReports(result.settings.dataDir, new Sealer(result.settings.spoolKey));
}
