export const FORK_CHECKS = [];
