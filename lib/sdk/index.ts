export { BidaClient, type BidaClientOptions, type TaskDetail, type TaskRequest } from "./client";
export { BidaError } from "./bida-error";
export { verifySignature, type SignedHeaders, type VerifyOptions } from "./verify-signature";
