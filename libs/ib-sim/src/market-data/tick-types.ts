/** IB tick type numbers (TickType in the TWS API). */
export const Tick = {
  BID_SIZE: 0,
  BID: 1,
  ASK: 2,
  ASK_SIZE: 3,
  LAST: 4,
  LAST_SIZE: 5,
  HIGH: 6,
  LOW: 7,
  VOLUME: 8,
  CLOSE: 9,
  BID_OPTION: 10,
  ASK_OPTION: 11,
  LAST_OPTION: 12,
  MODEL_OPTION: 13,
  OPEN: 14,
  OPTION_HISTORICAL_VOL: 23,
  OPTION_IMPLIED_VOL: 24,
  OPTION_CALL_OPEN_INTEREST: 27,
  OPTION_PUT_OPEN_INTEREST: 28,
  OPTION_CALL_VOLUME: 29,
  OPTION_PUT_VOLUME: 30,
  LAST_TIMESTAMP: 45,
  HALTED: 49,
  /** IB Dividends, the string answer to generic tick 456. */
  IB_DIVIDENDS: 59,
} as const;

/** Live tick type → its delayed counterpart (66–76, 80–83, 88); ticks without one keep their number. */
const DELAYED: Record<number, number> = {
  [Tick.BID]: 66,
  [Tick.ASK]: 67,
  [Tick.LAST]: 68,
  [Tick.BID_SIZE]: 69,
  [Tick.ASK_SIZE]: 70,
  [Tick.LAST_SIZE]: 71,
  [Tick.HIGH]: 72,
  [Tick.LOW]: 73,
  [Tick.VOLUME]: 74,
  [Tick.CLOSE]: 75,
  [Tick.OPEN]: 76,
  [Tick.BID_OPTION]: 80,
  [Tick.ASK_OPTION]: 81,
  [Tick.LAST_OPTION]: 82,
  [Tick.MODEL_OPTION]: 83,
  [Tick.LAST_TIMESTAMP]: 88,
};

export function delayedTickType(type: number): number {
  return DELAYED[type] ?? type;
}

/** Generic tick ids the simulator produces data for. */
export const SERVED_GENERIC_TICKS = [100, 101, 104, 106, 456] as const;

/** Generic tick ids IB accepts on reqMktData for stocks and options (others get error 321). */
export const LEGAL_GENERIC_TICKS = new Set([
  100, 101, 104, 105, 106, 107, 125, 165, 166, 225, 232, 221, 233, 236, 256, 258, 291, 293, 294, 295, 318, 375, 377,
  381, 384, 387, 388, 391, 405, 407, 411, 428, 439, 456, 459, 460, 499, 506, 511, 512, 513, 514, 515, 516, 517, 545,
  576, 577, 578, 584, 585, 586, 587, 588, 595, 608, 614, 615, 616, 617, 618, 619, 623,
]);
