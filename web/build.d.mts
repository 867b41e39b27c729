// Types for web/build.mjs (plain JavaScript so that it runs before anything is compiled).
export function sourceDigest(): string;
export function isFresh(): boolean;
export function ensureWebBuild(options?: { force?: boolean }): Promise<boolean>;
