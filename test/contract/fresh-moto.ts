/** What every SDK client needs to talk to the moto server: its endpoint, a region, dummy keys, no retries. */
export interface MotoClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
}

/** Resets the moto server (every service's state) and gives the client settings to reach it. */
export async function freshMoto(endpoint: string): Promise<MotoClientConfig> {
  await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  };
}
