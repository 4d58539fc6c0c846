// Placeholder for the rule registry so the lint API compiles before the rules land.
import type { RuleMeta } from '../types';

export const RULES: RuleMeta[] = [];
