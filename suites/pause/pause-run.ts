export const PAUSE_CHECKS = [];
