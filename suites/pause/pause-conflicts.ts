export const PAUSE_CONFLICT_CHECKS = [];
