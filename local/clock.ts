/** The gateway's time source: real by default, injectable so tests can move time (throttles, quotas, TTLs). */
export type Clock = () => number;

export const systemClock: Clock = Date.now;
