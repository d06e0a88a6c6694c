import type { ResolvedFaults } from './options.js';
import { apiError, type EngineResponse, rateLimited, textResponse, truncatedJson } from './responses.js';
import { seededRandom } from './seeded-random.js';
import type { FakeIterableEndpoint, FakeIterableFault } from './types.js';

/** What fault injection decided for one request. */
export interface FaultDecision {
  /** Milliseconds to wait before answering (0 for none). */
  readonly latencyMs: number;
  /** The failure that replaces the normal answer, if any. */
  readonly failure: FakeIterableFault | undefined;
}

const NONE: FaultDecision = { latencyMs: 0, failure: undefined };

/**
 * Decides, before a request is handled, whether it is delayed and whether a fault replaces its
 * answer. Each request to a faultable endpoint draws the same count of numbers from a seeded
 * generator, so the same seed and the same sequence of requests give the same faults.
 */
export class FaultInjector {
  readonly #config: ResolvedFaults;
  #random: () => number;
  #burstLeft = 0;

  constructor(config: ResolvedFaults) {
    this.#config = config;
    this.#random = seededRandom(config.seed);
  }

  /** The decision for the next request to `endpoint`. */
  decide(endpoint: FakeIterableEndpoint): FaultDecision {
    const config = this.#config;
    if (!config.endpoints.has(endpoint)) return NONE;
    let latencyMs = 0;
    if (config.latency !== undefined) {
      const { probability, minMs, maxMs } = config.latency;
      const hit = this.#random() < probability;
      const spread = this.#random();
      if (hit) latencyMs = minMs + Math.floor(spread * (maxMs - minMs + 1));
    }
    const draw = this.#random();
    if (this.#burstLeft > 0) {
      this.#burstLeft--;
      return { latencyMs, failure: 'rateLimitBurst' };
    }
    let failure: FakeIterableFault | undefined;
    let cumulative = 0;
    for (const [fault, chance] of config.failures) {
      cumulative += chance;
      if (draw < cumulative) {
        failure = fault;
        break;
      }
    }
    if (failure === 'rateLimitBurst') this.#burstLeft = config.rateLimitBurstLength - 1;
    return latencyMs === 0 && failure === undefined ? NONE : { latencyMs, failure };
  }

  /** Back to the seed. */
  reset(): void {
    this.#random = seededRandom(this.#config.seed);
    this.#burstLeft = 0;
  }
}

function htmlPage(status: number, title: string): string {
  return `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
}

/**
 * The answer of a fault that answers at all. `normalBody` is what a success of the endpoint looks
 * like, from which `truncatedJson` cuts.
 */
export function faultResponse(
  fault: FakeIterableFault,
  normalBody: () => unknown,
): EngineResponse | undefined {
  switch (fault) {
    case 'serverError':
      return apiError(500, 'GenericError', 'An unexpected error occurred. Please try again later.');
    case 'badGateway':
      return textResponse(502, htmlPage(502, 'Bad Gateway'), 'text/html');
    case 'serviceUnavailable':
      return textResponse(503, htmlPage(503, 'Service Temporarily Unavailable'), 'text/html');
    case 'rateLimitBurst':
      return rateLimited();
    case 'truncatedJson':
      return truncatedJson(normalBody());
    case 'connectionReset':
    case 'hang':
      return undefined;
  }
}
