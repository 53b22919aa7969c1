import { describe, expect, it } from "vitest";
import { javaUrlEncode, providerUrl } from "../provider-url";
import { splitRegistries } from "./registry";

describe("registry settings", () => {
  it("splits DUBBO_REGISTRY on commas before a scheme only", () => {
    expect(splitRegistries("redis://r:6379, zookeeper://a:2181?backup=b:2181,c:2181")).toEqual(["redis://r:6379", "zookeeper://a:2181?backup=b:2181,c:2181"]);
    expect(splitRegistries("")).toEqual([]);
  });

  it("encodes ZooKeeper node names as Java's URLEncoder does", () => {
    expect(javaUrlEncode("dubbo://1.2.3.4:20883/a.B?x=1&y=a b,c*~")).toBe("dubbo%3A%2F%2F1.2.3.4%3A20883%2Fa.B%3Fx%3D1%26y%3Da+b%2Cc*%7E");
  });

  it("writes the provider URL with sorted parameters", () => {
    const url = providerUrl({ host: "127.0.0.1", port: 20883, application: "bida", anyhost: false, pid: 1, timestamp: 2 });
    expect(url).toBe(
      "dubbo://127.0.0.1:20883/cn.keking.callcenter.sdk.service.CallBackService?anyhost=false&application=bida&dubbo=2.0.2&generic=false&interface=cn.keking.callcenter.sdk.service.CallBackService&methods=call,doCall&pid=1&revision=1.0&side=provider&timestamp=2&version=1.0",
    );
  });
});
