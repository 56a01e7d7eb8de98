/**
 * Express's `trust proxy` from `TRUST_PROXY`: how many reverse proxies stand in
 * front of Call-In, so rate limits count the client's address and not the
 * proxy's. Unset: none. Only a hop count is accepted: `true` would trust the
 * left-most `X-Forwarded-For` entry, which the client writes itself, and let
 * anyone dodge the per-address limits by sending a new one with each request.
 */
export function trustProxySetting(env: NodeJS.ProcessEnv): number {
  const value = env.TRUST_PROXY?.trim();
  if (!value) return 0;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  throw new Error(
    `TRUST_PROXY must be the number of reverse proxies in front of Call-In (for example 1 behind one load balancer), not ${JSON.stringify(value)}. ` +
      "Trusting every proxy would let clients choose their own address with X-Forwarded-For.",
  );
}
