// The client kit for tools and platform teams.
export {};
