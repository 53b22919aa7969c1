import { redisKey } from "../redis";

/** Circuit changes of target hosts, published by the worker for the console: `{ host, event, at, probeAt }`. */
export const hostEventsChannel = () => redisKey("host-events");
