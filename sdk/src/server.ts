// The adapter kit for layer vendors.
export {};
