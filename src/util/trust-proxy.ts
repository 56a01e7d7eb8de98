/**
 * Express's `trust proxy` from `TRUST_PROXY`: the number of reverse proxies in
 * front of Call-In (or `true`), so rate limits count the client's address and
 * not the proxy's. Unset: trust none.
 */
export function trustProxySetting(env: NodeJS.ProcessEnv): number | boolean {
  if (!env.TRUST_PROXY) return false;
  const hops = Number(env.TRUST_PROXY);
  return Number.isInteger(hops) && hops >= 0 ? hops : env.TRUST_PROXY === "true";
}
