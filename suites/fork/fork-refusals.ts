export const FORK_REFUSAL_CHECKS = [];
