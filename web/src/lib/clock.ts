/** The wall clock, injectable so tests can fix "today". */
export const systemNow = (): Date => new Date();
