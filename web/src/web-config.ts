import { cachedJson } from './api/cached-json.js';
import { setBureauTimezone } from './format.js';

// What the register tells its pages about itself (/web/config.json): whether it offers the
// development sign-in, and the bureau's zone (BUREAU_TIMEZONE) that dates and times are read in.

export interface WebConfig {
  devSignIn: boolean;
  bureauTimezone?: string;
}

const fetchConfig = cachedJson<WebConfig | null>('/web/config.json', null);

/** Fetches the configuration once and applies the bureau's zone; null when it cannot be had. */
export async function loadWebConfig(): Promise<WebConfig | null> {
  const config = await fetchConfig();
  if (config) setBureauTimezone(config.bureauTimezone);
  return config;
}

/** Waits for the configuration, but no longer than `ms`: the pages never hang on it. */
export function webConfigReady(ms = 3000): Promise<void> {
  return Promise.race([loadWebConfig().then(() => undefined), new Promise<void>((done) => setTimeout(done, ms))]);
}
