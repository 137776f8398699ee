// Types of public/chart-labels.js for the TypeScript callers (the tests).
export function shortLabels(labels: readonly unknown[], maxChars: number): string[]
