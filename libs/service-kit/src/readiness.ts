// Whether a service can answer correctly yet. A service that needs time before it can (rating
// indexing its ratedecks) says how far it is, so `tollgate status` can show it while starting.

export interface Readiness {
  ready: boolean;
  /** What it is doing meanwhile, e.g. "indexing ratedeck 43 %". */
  detail?: string;
}

/** Where the services of a process post their readiness while they start and run. */
export class ReadinessBoard {
  private readonly providers = new Map<string, () => Readiness>();

  /** `provider` is asked each time someone wants to know (a heartbeat, `tollgate status`). */
  set(service: string, provider: () => Readiness): void {
    this.providers.set(service, provider);
  }

  get(service: string): Readiness | undefined {
    return this.providers.get(service)?.();
  }

  all(): Record<string, Readiness> {
    const out: Record<string, Readiness> = {};
    for (const [name, provider] of this.providers) out[name] = provider();
    return out;
  }
}
