// Filled in by the groups / conversations / organisation-tree work.
export {};
