import { formSettingsFrom } from "../report-form/settings.js";
import { Sealer } from "../spool/sealed.js";
import { SealedReports } from "./store.js";

/**
 * The sealed-report store of this process: `DATA_DIR/sealed/`, sealed with the
 * spool's key (from REPORT_ENCRYPTION_KEY). Null when the report form's settings
 * are unusable (the form logs why); no sealed text can be written or read then.
 */
export function sealedReportsFrom(env: NodeJS.ProcessEnv): SealedReports | null {
  const result = formSettingsFrom(env);
  return result.ok ? new SealedReports(result.settings.dataDir, new Sealer(result.settings.spoolKey)) : null;
}
