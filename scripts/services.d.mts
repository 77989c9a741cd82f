// Types of scripts/services.mjs for the TypeScript that uses it (the benchmark harness, the OHW round-trip test).
export function ensurePostgres(): Promise<'up' | 'started' | 'failed' | 'absent'>;
export function ensureRedis(): Promise<'up' | 'started' | 'failed' | 'absent'>;
export function ensureXmllint(): 'up' | 'installed' | 'failed' | 'absent';
export function ensureChromium(): 'up' | 'installed' | 'failed' | 'absent';
export function ensureSoffice(): 'up' | 'installed' | 'failed' | 'absent';
