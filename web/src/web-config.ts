import { setBureauTimezone } from './format.js';

// What the register tells its pages about itself (/web/config.json): whether it offers the
// development sign-in, and the bureau's zone (BUREAU_TIMEZONE) that dates and times are read in.

export interface WebConfig {
  devSignIn: boolean;
  bureauTimezone?: string;
}

let loading: Promise<WebConfig | null> | null = null;

/** Fetches the configuration once and applies the bureau's zone; null when it cannot be had. */
export function loadWebConfig(): Promise<WebConfig | null> {
  loading ??= fetch('/web/config.json')
    .then((response) => (response.ok ? (response.json() as Promise<WebConfig>) : null))
    .then((config) => {
      if (config) setBureauTimezone(config.bureauTimezone);
      return config;
    })
    .catch(() => {
      loading = null; // try again next time
      return null;
    });
  return loading;
}

/** Waits for the configuration, but no longer than `ms`: the pages never hang on it. */
export function webConfigReady(ms = 3000): Promise<void> {
  return Promise.race([loadWebConfig().then(() => undefined), new Promise<void>((done) => setTimeout(done, ms))]);
}
