export { BidaClient, type BidaClientOptions, type TaskDetail, type TaskRequest } from "./client";
export { BidaError } from "./bida-error";
