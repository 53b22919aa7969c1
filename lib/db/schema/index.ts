export * from "./tasks";
export * from "./attempts";
export * from "./api-clients";
export * from "./users";
export * from "./audit-log";
export * from "./alert-channels";
export * from "./alerts";
export * from "./target-hosts";
